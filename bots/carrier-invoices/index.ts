import type { Page } from 'playwright-core';
import { z } from 'zod';
import type { BotContext } from '../sdk/index.js';
import { defineBot } from '../sdk/index.js';
import {
  billingMonthParam,
  CARRIER_PORTAL_SLOT,
  downloadInvoicePdf,
  openInvoicesOfMonth,
  readInvoiceRow,
  showsCaptcha,
  signInToCarrierPortal,
  throwIfCancelled,
  type CarrierInvoice,
} from '../shared/carrierPortal.js';
import { fileInvoice, signInToTaxSystem, TAX_SYSTEM_SLOT, type FilingOutcome } from '../shared/taxSystem.js';

const params = z.object({
  month: billingMonthParam('file'),
  releaseWhileWaiting: z
    .boolean()
    .default(false)
    .meta({ title: 'Release the worker while waiting', description: 'Close the browser while the approval waits; the job resumes when it is decided.' }),
});

type Params = z.output<typeof params>;
/** The bot's context: its parameters and its two logins. */
type Context = BotContext<Params, 'portal' | 'taxSystem'>;

/** A downloaded invoice and where its PDF is. */
interface FoundInvoice extends CarrierInvoice {
  file: string;
  path: string;
}

/** What the bot kept to resume after a release. */
interface Checkpoint {
  invoices: FoundInvoice[];
}

/** What happened to each invoice, as the job's result shows it. */
interface InvoiceReport extends CarrierInvoice {
  outcome: FilingOutcome['outcome'] | 'not_approved';
  receipt: string | null;
  message: string;
}

const MAX_CAPTCHA_HANDOFFS = 3;

/** The flagship flow: download a month's carrier invoices, ask a person, file the approved ones with the tax system. */
export default defineBot({
  id: 'carrier-invoices',
  title: 'File carrier invoices with the tax system',
  description:
    'Downloads the month’s invoices from the carrier portal, asks for approval with the invoices and their PDFs, then uploads the approved ones to the tax system and reports each one.',
  params,
  browser: { visible: true },
  credentials: { ...CARRIER_PORTAL_SLOT, ...TAX_SYSTEM_SLOT },
  timeout: '15m',
  // One job at a time per demo account: the portals keep one session per login.
  locks: ['carrier-portal:demo-account', 'tax-system:demo-account'],
  async run(ctx) {
    const { month } = ctx.params;
    let saved = ctx.checkpoint.load<Checkpoint>();
    if (saved) ctx.log.info(`Resumed with the ${saved.invoices.length} invoices downloaded before the approval`);
    else {
      saved = { invoices: await downloadMonth(ctx) };
      await ctx.checkpoint.save(saved);
    }
    const found = saved.invoices;
    if (found.length === 0) {
      ctx.log.warn(`The carrier portal has no invoices for ${month}: nothing to file`);
      return { month, decision: null, filed: 0, invoices: [] };
    }

    ctx.progress(0.5, 'Waiting for approval');
    const answer = await ctx.requestApproval({
      title: `File ${found.length} carrier invoices for ${month}?`,
      summary: 'Untick the invoices that must not be filed, check their PDFs, then approve. Rejecting files nothing.',
      fields: [
        { label: 'Month', value: month },
        { label: 'Invoices', value: String(found.length) },
      ],
      table: {
        columns: ['Client', 'Invoice', 'Amount', 'Due date'],
        rows: found.map((i) => [i.client, i.number, i.amount, i.dueDate]),
        selectable: true,
      },
      files: found.map((i) => i.path),
      release: ctx.params.releaseWhileWaiting,
    });
    const approved = new Set(answer.decision === 'approved' ? (answer.selectedRows ?? found.map((_, i) => i)) : []);
    ctx.log.info(
      answer.decision === 'approved'
        ? `Approved by ${answer.decidedBy ?? 'someone'}: ${approved.size} of ${found.length} invoices`
        : `Not approved (${answer.decision}${answer.comment ? `: ${answer.comment}` : ''}); nothing is filed`,
    );

    const reports = await fileApproved(ctx, found, approved);
    const filed = reports.filter((r) => r.outcome === 'filed').length;
    ctx.progress(1, `Filed ${filed} of ${found.length} invoices`);
    ctx.log.info(`Filed ${filed} of ${found.length} invoices for ${month}`);
    return { month, decision: answer.decision, filed, invoices: reports };
  },
});

async function downloadMonth(ctx: Context): Promise<FoundInvoice[]> {
  const portal = ctx.site('carrier-portal');
  const page = await ctx.page();
  ctx.progress(0.05, 'Signing in to the carrier portal');
  await signInToCarrierPortal(page, portal, ctx.credentials.portal, ctx.log);
  await clearCaptcha(ctx, page);
  throwIfCancelled(ctx.signal);

  ctx.progress(0.15, `Opening invoices of ${ctx.params.month}`);
  let rows = await openInvoicesOfMonth(page, portal, ctx.params.month);
  if (await showsCaptcha(page)) {
    await clearCaptcha(ctx, page);
    rows = await openInvoicesOfMonth(page, portal, ctx.params.month);
  }
  const found: FoundInvoice[] = [];
  for (const [index, row] of rows.entries()) {
    throwIfCancelled(ctx.signal);
    const invoice = await readInvoiceRow(row);
    ctx.progress(0.15 + (0.3 * index) / rows.length, `Downloading ${invoice.number}`);
    ctx.log.info(`Downloading ${invoice.number} (${invoice.client}, ${invoice.amount})`);
    const file = await ctx.files.saveDownload(await downloadInvoicePdf(page, row));
    found.push({ ...invoice, file: file.name, path: file.path });
  }
  return found;
}

/** A CAPTCHA is for people: hand the window to the operator until it is gone. */
async function clearCaptcha(ctx: Context, page: Page): Promise<void> {
  for (let tries = 1; (await showsCaptcha(page)) && tries <= MAX_CAPTCHA_HANDOFFS; tries++) {
    ctx.log.warn('The carrier portal asks for a CAPTCHA');
    await ctx.handOff({ message: 'Solve the CAPTCHA in the carrier portal window, then press Continue' });
    // The operator may have solved it and moved on, or pressed Continue first: look again.
    await page.reload();
  }
  if (await showsCaptcha(page)) ctx.fail(`The CAPTCHA was still unsolved after ${MAX_CAPTCHA_HANDOFFS} hand-offs`);
}

async function fileApproved(ctx: Context, found: FoundInvoice[], approved: Set<number>): Promise<InvoiceReport[]> {
  const reports: InvoiceReport[] = [];
  const site = ctx.site('tax-system');
  let page: Page | null = null;
  for (const [index, invoice] of found.entries()) {
    const { file, path: pdfPath, ...summary } = invoice;
    if (!approved.has(index)) {
      reports.push({ ...summary, outcome: 'not_approved', receipt: null, message: 'Not approved' });
      continue;
    }
    throwIfCancelled(ctx.signal);
    if (!page) {
      page = await ctx.page();
      await signInToTaxSystem(page, site, ctx.credentials.taxSystem, ctx.log);
    }
    ctx.progress(0.55 + (0.45 * index) / found.length, `Filing ${invoice.number}`);
    const result = await fileInvoice(page, site, { client: invoice.client, month: ctx.params.month, number: invoice.number, pdfPath });
    if (result.outcome === 'filed') ctx.log.info(`Filed ${invoice.number}: receipt ${result.receipt}`);
    else ctx.log.warn(`${invoice.number} was not filed: ${result.message}`);
    reports.push({ ...summary, outcome: result.outcome, receipt: result.outcome === 'filed' ? result.receipt : null, message: result.message });
  }
  return reports;
}
