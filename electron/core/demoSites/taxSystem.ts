import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { TAX_SYSTEM_ACCOUNT } from './demoAccounts.js';
import type { DemoSiteHandler, DemoSiteModule, DemoSiteOptions, SiteRoute } from './http.js';
import { escapeHtml, fillTemplate, HttpError, serveSiteAsset, randomDelay, readForm, redirect, sendHtml, sendJson, sendText } from './http.js';
import type { MultipartForm } from './multipart.js';
import { readMultipart } from './multipart.js';
import { createSessionStore } from './sessions.js';
import type { FilingRegistry, TaxFiling } from './taxFilings.js';
import { createFilingRegistry, formatFiledAt, formatFileSize, TAX_CLIENTS } from './taxFilings.js';

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

function createTaxSystem(options: DemoSiteOptions): DemoSiteHandler {
  const { mountPath, siteDir, signal } = options;
  const sessions = createSessionStore<Session>('tax_session', mountPath, SESSION_TTL_MS);
  // Created with the site, so each startDemoSites() begins with nothing filed.
  const registry: FilingRegistry = createFilingRegistry();

  async function page(name: 'login' | 'upload' | 'filings', values: Record<string, string>): Promise<string> {
    // Read on every request so the pages can be edited while the server runs.
    return fillTemplate(await readFile(join(siteDir, `${name}.html`), 'utf8'), values);
  }

  async function showLogin(response: ServerResponse, username: string, error?: string): Promise<void> {
    const errorBlock = error ? `<div class="error-summary" id="login-error" role="alert">${escapeHtml(error)}</div>` : '';
    sendHtml(response, 200, await page('login', { username, errorBlock }));
  }

  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = await readForm(request);
    const username = (form.get('username') ?? '').trim();
    if (username !== TAX_SYSTEM_ACCOUNT.username || form.get('password') !== TAX_SYSTEM_ACCOUNT.password) {
      await showLogin(response, username, 'Wrong user name or password');
      return;
    }
    redirect(response, `${mountPath}upload`, { 'Set-Cookie': sessions.start({ username }) });
  }

  async function showUpload(response: ServerResponse, status: number, session: Session, view: UploadView): Promise<void> {
    sendHtml(
      response,
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

  async function upload(request: IncomingMessage, response: ServerResponse, session: Session): Promise<void> {
    let form: MultipartForm;
    try {
      form = await readMultipart(request, { fileBytes: 5 * 1024 * 1024 });
    } catch (error) {
      // A bad body still gets the page back with the reason, as a person filing by hand would need.
      if (!(error instanceof HttpError)) throw error;
      await randomDelay(200, 600, signal);
      return showUpload(response, error.status, session, { client: '', month: '', invoiceNumber: '', error: error.message });
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
    if ('error' in outcome) return showUpload(response, outcome.status, session, { ...view, error: outcome.error });
    // Post/redirect/get: reloading the receipt page does not send the PDF again.
    redirect(response, `${mountPath}upload?receipt=${outcome.filing.receipt}`);
  }

  async function showFilings(response: ServerResponse, session: Session): Promise<void> {
    const filings = registry.list();
    const rows = filings.map(filingRow).join('');
    const count = `${filings.length} invoice${filings.length === 1 ? '' : 's'} filed`;
    const [emptyHidden, tableHidden] = filings.length ? ['hidden', ''] : ['', 'hidden'];
    sendHtml(response, 200, await page('filings', { user: session.username, rows, count, emptyHidden, tableHidden }));
  }

  async function handle(request: IncomingMessage, response: ServerResponse, route: SiteRoute): Promise<void> {
    const { path, query } = route;
    const method = request.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';

    if (await serveSiteAsset(request, response, siteDir, path)) return;

    const session = sessions.get(request)?.data;
    if (path === '/login') {
      if (method === 'POST') return signIn(request, response);
      if (!reading) throw new HttpError(405, 'Method not allowed');
      if (session) return redirect(response, `${mountPath}upload`);
      return showLogin(response, '');
    }
    if (path === '/logout') return redirect(response, `${mountPath}login`, { 'Set-Cookie': sessions.end(request) });
    if (path === '/api/filings') {
      if (!reading) throw new HttpError(405, 'Method not allowed');
      return session ? sendJson(response, 200, registry.list()) : sendJson(response, 401, { error: 'Sign in first' });
    }
    if (path === '/' || path === '/upload' || path === '/filings') {
      if (!session) return redirect(response, `${mountPath}login`);
      if (path === '/upload' && method === 'POST') return upload(request, response, session);
      if (!reading) throw new HttpError(405, 'Method not allowed');
      if (path === '/') return redirect(response, `${mountPath}upload`);
      if (path === '/filings') return showFilings(response, session);
      const receipt = query.get('receipt') ?? '';
      const filed = RECEIPT.test(receipt) ? registry.byReceipt(receipt) : undefined;
      return showUpload(response, 200, session, { client: '', month: '', invoiceNumber: '', filed });
    }
    sendText(response, 404, 'Not found');
  }

  return handle;
}

function clientOptions(selected: string): string {
  const choose = `<option value=""${selected ? '' : ' selected'}>Choose a client…</option>`;
  const options = TAX_CLIENTS.map(
    (client) => `<option value="${escapeHtml(client)}"${client === selected ? ' selected' : ''}>${escapeHtml(client)}</option>`,
  );
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
