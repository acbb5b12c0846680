import type { Locator, Page } from 'playwright-core';
import { z } from 'zod';
import type { BotLog } from '../sdk/index.js';
import { defineBot } from '../sdk/index.js';

// Demo account of the bundled carrier portal. The credentials vault replaces this in a later
// issue; until then the password is never logged, only the user name.
const PORTAL_ACCOUNT = { username: 'operator', password: 'demo-pass' } as const;

const params = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use the form YYYY-MM, e.g. 2026-10')
    .meta({ title: 'Month', description: 'Billing month whose invoices to download, as YYYY-MM.' }),
});

/** One downloaded invoice, as the bot returns it. */
interface DownloadedInvoice {
  client: string;
  number: string;
  /** As the portal shows it, e.g. `€ 1,234.50`. */
  amount: string;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  /** Name of the saved output file. */
  file: string;
}

/** Signs in to the carrier portal and downloads every invoice PDF of one month. */
export default defineBot({
  id: 'invoice-download',
  title: 'Download carrier invoices',
  description:
    'Signs in to the carrier portal, opens the invoices of the chosen month and downloads each invoice as a PDF.',
  params,
  browser: { visible: true },
  timeout: '5m',
  async run(ctx): Promise<{ month: string; invoices: DownloadedInvoice[] }> {
    const { month } = ctx.params;
    const portal = ctx.site('carrier-portal');
    const page = await ctx.page();

    ctx.progress(0.05, 'Signing in');
    await signIn(page, portal, ctx.log);
    throwIfCancelled(ctx.signal);

    ctx.progress(0.2, `Opening invoices of ${month}`);
    ctx.log.info(`Opening the invoices of ${month}`);
    await page.goto(new URL(`invoices?month=${month}`, portal).href);
    // The table is filled by the page's script after a slow request; wait for it to settle.
    const results = page.locator('#results:not([data-state="loading"])');
    await results.waitFor();
    const state = await results.getAttribute('data-state');
    if (state === 'error') throw new Error(`The portal could not list invoices: ${await page.locator('#load-error').innerText()}`);

    const rows = page.locator('#invoices tbody tr[data-invoice]');
    const count = state === 'ready' ? await rows.count() : 0;
    if (count === 0) {
      ctx.log.warn(`The portal has no invoices for ${month}`);
      ctx.progress(1, 'No invoices');
      return { month, invoices: [] };
    }
    ctx.log.info(`Found ${count} invoice${count === 1 ? '' : 's'} for ${month}`);

    const invoices: DownloadedInvoice[] = [];
    for (let index = 0; index < count; index++) {
      throwIfCancelled(ctx.signal);
      const row = rows.nth(index);
      const invoice = await readRow(row);
      ctx.progress(0.2 + (0.8 * index) / count, `Downloading ${invoice.number}`);
      ctx.log.info(`Downloading ${invoice.number} (${invoice.client}, ${invoice.amount})`);
      const link = row.locator('a', { hasText: 'Download PDF' });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const saved = await ctx.files.saveDownload(download);
      ctx.log.debug(`Saved ${download.suggestedFilename()} as ${saved.name} (${saved.size} bytes)`);
      invoices.push({ ...invoice, file: saved.name });
    }

    ctx.progress(1, `Downloaded ${invoices.length} invoices`);
    ctx.log.info(`Downloaded ${invoices.length} invoices for ${month}`);
    return { month, invoices };
  },
});

async function signIn(page: Page, portal: string, log: BotLog): Promise<void> {
  log.info('Opening the carrier portal');
  await page.goto(portal);
  if (new URL(page.url()).pathname.endsWith('/invoices')) {
    log.info('Already signed in');
    return;
  }
  log.info(`Signing in as ${PORTAL_ACCOUNT.username}`);
  await page.fill('#username', PORTAL_ACCOUNT.username);
  await page.fill('#password', PORTAL_ACCOUNT.password);
  await page.click('#sign-in');
  // Either the invoices page (signed in) or the login page again with an error.
  await page.locator('#signed-in-user, #login-error').first().waitFor();
  const error = page.locator('#login-error');
  if (await error.isVisible()) throw new Error(`Sign-in failed: ${await error.innerText()}`);
  log.debug(`Signed in; now at ${page.url()}`);
}

async function readRow(row: Locator): Promise<Omit<DownloadedInvoice, 'file'>> {
  const [client, number, amount, dueDate] = await Promise.all([
    row.locator('[data-field="client"]').innerText(),
    row.getAttribute('data-invoice'),
    row.locator('[data-field="amount"]').innerText(),
    row.locator('[data-field="due-date"] time').getAttribute('datetime'),
  ]);
  if (!number || !dueDate) throw new Error('An invoice row has no number or due date; has the portal changed?');
  return { client: client.trim(), number, amount: amount.trim(), dueDate };
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('Cancelled');
}
