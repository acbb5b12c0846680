import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { currentMonth, findInvoice, invoicesForMonth, isMonth } from './carrierInvoices.js';
import type { DemoSiteHandler, DemoSiteModule, DemoSiteOptions, SiteRoute } from './http.js';
import {
  escapeHtml,
  fillTemplate,
  HttpError,
  randomDelay,
  readCookies,
  readForm,
  redirect,
  sendAttachment,
  sendHtml,
  sendJson,
  sendText,
} from './http.js';
import { renderInvoicePdf } from './pdf.js';
import { sendStaticFile } from '../http/staticFiles.js';

// The one account of the demo portal; the sample bots carry their own copy.
const CARRIER_PORTAL_ACCOUNT = { username: 'operator', password: 'demo-pass' } as const;

const SESSION_COOKIE = 'carrier_session';
// Long enough for a working day of bot runs against one signed-in browser.
const SESSION_TTL_MS = 12 * 3_600_000;
const INVOICE_PDF = /^\/invoices\/(INV-[0-9A-Za-z-]{1,40})\.pdf$/;

interface Session {
  username: string;
  expiresAt: number;
}

/** The carrier portal: sign-in, a month's invoices loaded by client script, PDF downloads. */
export const carrierPortal: DemoSiteModule = { name: 'carrier-portal', create: createCarrierPortal };

function createCarrierPortal(options: DemoSiteOptions): DemoSiteHandler {
  const sessions = new Map<string, Session>();
  const { mountPath, siteDir, signal } = options;

  function sessionOf(request: IncomingMessage): Session | undefined {
    const id = readCookies(request).get(SESSION_COOKIE);
    if (!id) return undefined;
    const session = sessions.get(id);
    if (session && session.expiresAt < Date.now()) {
      sessions.delete(id);
      return undefined;
    }
    return session;
  }

  async function page(name: 'login' | 'invoices', values: Record<string, string>): Promise<string> {
    // Read on every request so the pages can be edited while the server runs.
    return fillTemplate(await readFile(join(siteDir, `${name}.html`), 'utf8'), values);
  }

  async function showLogin(response: ServerResponse, username: string, error?: string): Promise<void> {
    const errorBlock = error ? `<p class="alert" id="login-error" role="alert">${escapeHtml(error)}</p>` : '';
    sendHtml(response, 200, await page('login', { username, errorBlock }));
  }

  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = await readForm(request);
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    if (username !== CARRIER_PORTAL_ACCOUNT.username || password !== CARRIER_PORTAL_ACCOUNT.password) {
      await showLogin(response, username, 'Wrong user name or password');
      return;
    }
    const id = randomBytes(32).toString('base64url');
    sessions.set(id, { username, expiresAt: Date.now() + SESSION_TTL_MS });
    redirect(response, `${mountPath}invoices`, {
      'Set-Cookie': `${SESSION_COOKIE}=${id}; Path=${mountPath}; HttpOnly; SameSite=Lax`,
    });
  }

  function signOut(request: IncomingMessage, response: ServerResponse): void {
    const id = readCookies(request).get(SESSION_COOKIE);
    if (id) sessions.delete(id);
    redirect(response, `${mountPath}login`, {
      'Set-Cookie': `${SESSION_COOKIE}=; Path=${mountPath}; HttpOnly; SameSite=Lax; Max-Age=0`,
    });
  }

  async function showInvoices(response: ServerResponse, session: Session, query: URLSearchParams): Promise<void> {
    const asked = query.get('month');
    // No month means this month; a malformed one stays blank so the page shows there is nothing for it.
    const month = asked === null ? currentMonth() : isMonth(asked) ? asked : '';
    sendHtml(response, 200, await page('invoices', { user: session.username, month }));
  }

  async function listInvoices(response: ServerResponse, query: URLSearchParams): Promise<void> {
    const month = query.get('month') ?? '';
    if (!isMonth(month)) {
      sendJson(response, 400, { error: 'Give the month as YYYY-MM, e.g. 2026-10' });
      return;
    }
    await randomDelay(300, 700, signal);
    sendJson(response, 200, invoicesForMonth(month));
  }

  async function downloadInvoice(response: ServerResponse, number: string): Promise<void> {
    const invoice = findInvoice(number);
    if (!invoice) throw new HttpError(404, `No invoice ${number}`);
    await randomDelay(200, 500, signal);
    sendAttachment(response, renderInvoicePdf(invoice), 'application/pdf', `${invoice.number}.pdf`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse, route: SiteRoute): Promise<void> {
    const { path, query } = route;
    const method = request.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';

    if (path.startsWith('/assets/')) {
      if (!reading) throw new HttpError(405, 'Method not allowed');
      if (!(await sendStaticFile(request, response, join(siteDir, 'assets'), path.slice('/assets/'.length)))) {
        throw new HttpError(404, 'Not found');
      }
      return;
    }

    const session = sessionOf(request);
    if (path === '/login') {
      if (method === 'POST') return signIn(request, response);
      if (!reading) throw new HttpError(405, 'Method not allowed');
      if (session) return redirect(response, `${mountPath}invoices`);
      return showLogin(response, '');
    }
    if (path === '/logout') return signOut(request, response);
    if (!reading) throw new HttpError(405, 'Method not allowed');

    if (path === '/') return redirect(response, `${mountPath}${session ? 'invoices' : 'login'}`);
    if (path === '/invoices') return session ? showInvoices(response, session, query) : redirect(response, `${mountPath}login`);
    if (path === '/api/invoices') {
      if (!session) return sendJson(response, 401, { error: 'Sign in first' });
      return listInvoices(response, query);
    }
    const pdf = INVOICE_PDF.exec(path);
    if (pdf?.[1]) {
      if (!session) throw new HttpError(401, 'Sign in first');
      return downloadInvoice(response, pdf[1]);
    }
    sendText(response, 404, 'Not found');
  }

  return handle;
}
