import { z } from 'zod';
import { defineBot } from '../sdk/index.js';
import {
  billingMonthParam,
  CARRIER_PORTAL_SLOT,
  downloadInvoicePdf,
  openInvoicesOfMonth,
  readInvoiceRow,
  signInToCarrierPortal,
  throwIfCancelled,
  type CarrierInvoice,
} from '../shared/carrierPortal.js';

const params = z.object({
  month: billingMonthParam('download'),
});

/** One downloaded invoice, as the bot returns it. */
interface DownloadedInvoice extends CarrierInvoice {
  /** Name of the saved output file. */
  file: string;
}

/** Signs in to the carrier portal and downloads every invoice PDF of one month. */
export default defineBot({
  id: 'invoice-download',
  title: 'Download carrier invoices',
  description: 'Signs in to the carrier portal, opens the invoices of the chosen month and downloads each invoice as a PDF.',
  params,
  browser: { visible: true },
  credentials: CARRIER_PORTAL_SLOT,
  timeout: '5m',
  async run(ctx): Promise<{ month: string; invoices: DownloadedInvoice[] }> {
    const { month } = ctx.params;
    const portal = ctx.site('carrier-portal');
    const page = await ctx.page();

    ctx.progress(0.05, 'Signing in');
    await signInToCarrierPortal(page, portal, ctx.credentials.portal, ctx.log);
    throwIfCancelled(ctx.signal);

    ctx.progress(0.2, `Opening invoices of ${month}`);
    ctx.log.info(`Opening the invoices of ${month}`);
    const rows = await openInvoicesOfMonth(page, portal, month);
    if (rows.length === 0) {
      ctx.log.warn(`The portal has no invoices for ${month}`);
      ctx.progress(1, 'No invoices');
      return { month, invoices: [] };
    }
    ctx.log.info(`Found ${rows.length} invoice${rows.length === 1 ? '' : 's'} for ${month}`);

    const invoices: DownloadedInvoice[] = [];
    for (const [index, row] of rows.entries()) {
      throwIfCancelled(ctx.signal);
      const invoice = await readInvoiceRow(row);
      ctx.progress(0.2 + (0.8 * index) / rows.length, `Downloading ${invoice.number}`);
      ctx.log.info(`Downloading ${invoice.number} (${invoice.client}, ${invoice.amount})`);
      const download = await downloadInvoicePdf(page, row);
      const saved = await ctx.files.saveDownload(download);
      ctx.log.debug(`Saved ${download.suggestedFilename()} as ${saved.name} (${saved.size} bytes)`);
      invoices.push({ ...invoice, file: saved.name });
    }

    ctx.progress(1, `Downloaded ${invoices.length} invoices`);
    ctx.log.info(`Downloaded ${invoices.length} invoices for ${month}`);
    return { month, invoices };
  },
});
