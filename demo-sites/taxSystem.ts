import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { TAX_SYSTEM_ACCOUNT } from './demoAccounts.js';
import type { DemoSiteModule, DemoSiteOptions, SiteContext } from './http.js';
import { escapeHtml, fillTemplate, HttpError, randomDelay, readForm, redirect, refuseOtherMethods, sendHtml, sendJson, siteAssets } from './http.js';
import { createSessionStore } from './sessions.js';
import type { FilingRegistry, TaxFiling } from './taxFilings.js';
import { createFilingRegistry, formatFiledAt, formatFileSize, TAX_CLIENTS } from './taxFilings.js';
import type { UploadForm } from './upload.js';
import { readUpload } from './upload.js';

const SESSION_TTL_MS = 12 * 3_600_000;
const RECEIPT = /^NTP-\d{4}-\d{6}$/;

interface Session {
  username: string;
}

/** What the upload form shows: the values to keep and at most one outcome. */
interface UploadView {
  client: string;
  month: string;
  invoiceNumber: string;
  filed?: TaxFiling;
  error?: string;
}

/** The National Tax Portal: sign-in, an invoice PDF upload that refuses duplicates, and the filed list. */
export const taxSystem: DemoSiteModule = { name: 'tax-system', create: createTaxSystem };

function createTaxSystem(options: DemoSiteOptions): Hono {
  const { mountPath, siteDir, signal } = options;
  const sessions = createSessionStore<Session>('tax_session', mountPath, SESSION_TTL_MS);
  // Created with the site, so each startDemoSites() begins with nothing filed.
  const registry: FilingRegistry = createFilingRegistry();

  async function page(name: 'login' | 'upload' | 'filings', values: Record<string, string>): Promise<string> {
    // Read on every request so the pages can be edited while the server runs.
    return fillTemplate(await readFile(join(siteDir, `${name}.html`), 'utf8'), values);
  }

  async function showLogin(c: SiteContext, username: string, error?: string): Promise<Response> {
    const errorBlock = error ? `<div class="error-summary" id="login-error" role="alert">${escapeHtml(error)}</div>` : '';
    return sendHtml(c, 200, await page('login', { username, errorBlock }));
  }

  async function showUpload(c: SiteContext, status: ContentfulStatusCode, session: Session, view: UploadView): Promise<Response> {
    return sendHtml(
      c,
      status,
      await page('upload', {
        user: session.username,
        clientOptions: clientOptions(view.client),
        month: view.month,
        invoiceNumber: view.invoiceNumber,
        resultBlock: resultBlock(view),
      }),
    );
  }

  async function upload(c: SiteContext, session: Session): Promise<Response> {
    let form: UploadForm;
    try {
      form = await readUpload(c, { fileBytes: 5 * 1024 * 1024 });
    } catch (error) {
      // A bad body still gets the page back with the reason, as a person filing by hand would need.
      if (!(error instanceof HttpError)) throw error;
      await randomDelay(200, 600, signal);
      return showUpload(c, error.status, session, { client: '', month: '', invoiceNumber: '', error: error.message });
    }
    const view: UploadView = {
      client: form.fields.get('client') ?? '',
      month: (form.fields.get('month') ?? '').trim(),
      invoiceNumber: (form.fields.get('invoiceNumber') ?? '').trim(),
    };
    // Like a slow back office: a bot has to wait for the outcome rather than assume it.
    await randomDelay(200, 600, signal);
    // Filed after the delay, in one synchronous step, so two uploads of one invoice cannot both pass.
    const outcome = registry.file({ ...view, fileName: form.file?.fileName ?? '', pdf: form.file?.data ?? Buffer.alloc(0) });
    if ('error' in outcome) return showUpload(c, outcome.status, session, { ...view, error: outcome.error });
    // Post/redirect/get: reloading the receipt page does not send the PDF again.
    return redirect(c, `${mountPath}upload?receipt=${outcome.filing.receipt}`);
  }

  async function showFilings(c: SiteContext, session: Session): Promise<Response> {
    const filings = registry.list();
    const rows = filings.map(filingRow).join('');
    const count = `${filings.length} invoice${filings.length === 1 ? '' : 's'} filed`;
    const [emptyHidden, tableHidden] = filings.length ? ['hidden', ''] : ['', 'hidden'];
    return sendHtml(c, 200, await page('filings', { user: session.username, rows, count, emptyHidden, tableHidden }));
  }

  /** Runs `handler` for a signed-in visitor; everyone else is sent to sign-in. */
  function signedIn(handler: (c: SiteContext, session: Session) => Promise<Response> | Response): (c: SiteContext) => Promise<Response> | Response {
    return (c) => {
      const session = sessions.get(c)?.data;
      return session ? handler(c, session) : redirect(c, `${mountPath}login`);
    };
  }

  const site = new Hono();
  siteAssets(site, siteDir, mountPath);

  site.get('/login', (c) => (sessions.get(c) ? redirect(c, `${mountPath}upload`) : showLogin(c, '')));
  site.post('/login', async (c) => {
    const form = await readForm(c);
    const username = (form.get('username') ?? '').trim();
    if (username !== TAX_SYSTEM_ACCOUNT.username || form.get('password') !== TAX_SYSTEM_ACCOUNT.password) {
      return showLogin(c, username, 'Wrong user name or password');
    }
    sessions.start(c, { username });
    return redirect(c, `${mountPath}upload`);
  });
  site.all('/logout', (c) => {
    sessions.end(c);
    return redirect(c, `${mountPath}login`);
  });
  site.get('/api/filings', (c) => (sessions.get(c) ? sendJson(c, 200, registry.list()) : sendJson(c, 401, { error: 'Sign in first' })));

  site.get(
    '/',
    signedIn((c) => redirect(c, `${mountPath}upload`)),
  );
  site.get('/filings', signedIn(showFilings));
  site.post('/upload', signedIn(upload));
  site.get(
    '/upload',
    signedIn((c, session) => {
      const receipt = c.req.query('receipt') ?? '';
      const filed = RECEIPT.test(receipt) ? registry.byReceipt(receipt) : undefined;
      return showUpload(c, 200, session, { client: '', month: '', invoiceNumber: '', filed });
    }),
  );

  refuseOtherMethods(site, '/login', '/api/filings', '/', '/upload', '/filings');
  return site;
}

function clientOptions(selected: string): string {
  const choose = `<option value=""${selected ? '' : ' selected'}>Choose a client…</option>`;
  const options = TAX_CLIENTS.map((client) => `<option value="${escapeHtml(client)}"${client === selected ? ' selected' : ''}>${escapeHtml(client)}</option>`);
  return choose + options.join('');
}

function resultBlock(view: UploadView): string {
  if (view.error !== undefined) {
    return (
      '<section id="result" class="notice notice-error" data-state="error" role="alert" tabindex="-1">' +
      `<h2>There is a problem</h2><p id="error">${escapeHtml(view.error)}</p></section>`
    );
  }
  const filing = view.filed;
  if (!filing) return '';
  const message = `Invoice ${filing.invoiceNumber} for ${filing.client}, ${filing.month} was filed`;
  return (
    '<section id="result" class="notice notice-success" data-state="filed" role="status">' +
    `<h2 id="result-message">${escapeHtml(message)}</h2>` +
    `<p>Your receipt number<br><strong id="receipt-number">${escapeHtml(filing.receipt)}</strong></p>` +
    `<p class="notice-meta">Filed ${escapeHtml(formatFiledAt(filing.filedAt))} · ${escapeHtml(formatFileSize(filing.fileSize))}</p></section>`
  );
}

function filingRow(filing: TaxFiling): string {
  const cell = (field: string, text: string, className = ''): string =>
    `<td data-field="${field}"${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</td>`;
  return (
    `<tr data-invoice="${escapeHtml(filing.invoiceNumber)}">` +
    cell('invoice-number', filing.invoiceNumber) +
    cell('client', filing.client) +
    cell('month', filing.month) +
    `<td data-field="filed-at"><time datetime="${escapeHtml(filing.filedAt)}">${escapeHtml(formatFiledAt(filing.filedAt))}</time></td>` +
    cell('receipt', filing.receipt, 'mono') +
    cell('file-size', formatFileSize(filing.fileSize), 'number') +
    '</tr>'
  );
}
