import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { captchaMatches, captchaWord, renderCaptchaSvg } from './captcha.js';
import { currentMonth, findInvoice, invoicesForMonth, isMonth } from './carrierInvoices.js';
import type { DemoSiteHandler, DemoSiteModule, DemoSiteOptions, SiteRoute } from './http.js';
import {
  escapeHtml,
  fillTemplate,
  HttpError,
  serveSiteAsset,
  randomDelay,
  readForm,
  redirect,
  sendAttachment,
  sendHtml,
  sendJson,
  sendText,
} from './http.js';
import { CARRIER_PORTAL_ACCOUNT } from './demoAccounts.js';
import { renderInvoicePdf } from './pdf.js';
import { createSessionStore } from './sessions.js';

// Long enough for a working day of bot runs against one signed-in browser.
const SESSION_TTL_MS = 12 * 3_600_000;
const INVOICE_PDF = /^\/invoices\/(INV-[0-9A-Za-z-]{1,40})\.pdf$/;

interface Session {
  username: string;
  /** Set once the session passed the CAPTCHA; the check then never comes back for it. */
  captchaSolved: boolean;
  /** Wrong CAPTCHA answers so far; each one brings a new word. */
  wrongAnswers: number;
  /** Where to go after the CAPTCHA: the invoices page (with its query) that was sent to it. */
  returnTo: string;
}

/**
 * The carrier portal: sign-in, a month's invoices loaded by client script, PDF downloads, and an
 * optional CAPTCHA after sign-in that `POST demo/captcha?on=1` turns on (`?on=0` off) for every
 * session that has not solved one, so a bot has to hand it to a person.
 */
export const carrierPortal: DemoSiteModule = { name: 'carrier-portal', create: createCarrierPortal };

function createCarrierPortal(options: DemoSiteOptions): DemoSiteHandler {
  const { mountPath, siteDir, signal } = options;
  const sessions = createSessionStore<Session>('carrier_session', mountPath, SESSION_TTL_MS);
  // Off at start: each server (and each test's startDemoSites) begins without CAPTCHAs.
  let captchaMode = false;

  async function page(name: 'login' | 'invoices' | 'captcha', values: Record<string, string>): Promise<string> {
    // Read on every request so the pages can be edited while the server runs.
    return fillTemplate(await readFile(join(siteDir, `${name}.html`), 'utf8'), values);
  }

  function alertBlock(id: string, error: string | undefined): string {
    return error ? `<p class="alert" id="${id}" role="alert">${escapeHtml(error)}</p>` : '';
  }

  async function showLogin(response: ServerResponse, username: string, error?: string): Promise<void> {
    sendHtml(response, 200, await page('login', { username, errorBlock: alertBlock('login-error', error) }));
  }

  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = await readForm(request);
    const username = (form.get('username') ?? '').trim();
    const password = form.get('password') ?? '';
    if (username !== CARRIER_PORTAL_ACCOUNT.username || password !== CARRIER_PORTAL_ACCOUNT.password) {
      await showLogin(response, username, 'Wrong user name or password');
      return;
    }
    const cookie = sessions.start({ username, captchaSolved: false, wrongAnswers: 0, returnTo: 'invoices' });
    redirect(response, `${mountPath}${captchaMode ? 'captcha' : 'invoices'}`, { 'Set-Cookie': cookie });
  }

  function signOut(request: IncomingMessage, response: ServerResponse): void {
    redirect(response, `${mountPath}login`, { 'Set-Cookie': sessions.end(request) });
  }

  async function showInvoices(response: ServerResponse, session: Session, query: URLSearchParams): Promise<void> {
    const asked = query.get('month');
    // No month means this month; a malformed one stays blank so the page shows there is nothing for it.
    const month = asked === null ? currentMonth() : isMonth(asked) ? asked : '';
    sendHtml(response, 200, await page('invoices', { user: session.username, month }));
  }

  async function showCaptcha(response: ServerResponse, id: string, session: Session, error?: string): Promise<void> {
    const image = renderCaptchaSvg(captchaWord(id, session.wrongAnswers));
    sendHtml(response, 200, await page('captcha', { user: session.username, image, errorBlock: alertBlock('captcha-error', error) }));
  }

  async function answerCaptcha(request: IncomingMessage, response: ServerResponse, id: string, session: Session): Promise<void> {
    const form = await readForm(request);
    if (form.get('human') !== 'yes') return showCaptcha(response, id, session, 'Tick “I am not a robot” to continue');
    if (!captchaMatches(captchaWord(id, session.wrongAnswers), form.get('answer') ?? '')) {
      session.wrongAnswers++;
      return showCaptcha(response, id, session, 'The letters did not match. Try the new image.');
    }
    session.captchaSolved = true;
    redirect(response, `${mountPath}${session.returnTo}`);
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

  function setCaptchaMode(response: ServerResponse, method: string, query: URLSearchParams): void {
    if (method === 'POST') {
      const on = query.get('on');
      if (on !== '1' && on !== '0') throw new HttpError(400, 'Use ?on=1 to turn the CAPTCHA on, ?on=0 to turn it off');
      captchaMode = on === '1';
    } else if (method !== 'GET' && method !== 'HEAD') {
      throw new HttpError(405, 'Method not allowed');
    }
    sendJson(response, 200, { captcha: captchaMode });
  }

  async function handle(request: IncomingMessage, response: ServerResponse, route: SiteRoute): Promise<void> {
    const { path, query } = route;
    const method = request.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';

    if (await serveSiteAsset(request, response, siteDir, path)) return;
    if (path === '/demo/captcha') return setCaptchaMode(response, method, query);

    const current = sessions.get(request);
    const session = current?.data;
    if (path === '/login') {
      if (method === 'POST') return signIn(request, response);
      if (!reading) throw new HttpError(405, 'Method not allowed');
      if (session) return redirect(response, `${mountPath}invoices`);
      return showLogin(response, '');
    }
    if (path === '/logout') return signOut(request, response);
    if (path === '/captcha') {
      if (!current) return redirect(response, `${mountPath}login`);
      if (!captchaMode || current.data.captchaSolved) return redirect(response, `${mountPath}${current.data.returnTo}`);
      if (method === 'POST') return answerCaptcha(request, response, current.id, current.data);
      if (!reading) throw new HttpError(405, 'Method not allowed');
      return showCaptcha(response, current.id, current.data);
    }
    if (!reading) throw new HttpError(405, 'Method not allowed');

    if (path === '/') return redirect(response, `${mountPath}${session ? 'invoices' : 'login'}`);
    // Everything below shows invoices, which a session must earn by solving the CAPTCHA when it is on.
    const challenged = session !== undefined && captchaMode && !session.captchaSolved;
    if (path === '/invoices') {
      if (!session) return redirect(response, `${mountPath}login`);
      if (challenged) {
        // Only a month the page can show is kept, so returnTo never carries arbitrary text.
        const month = query.get('month');
        session.returnTo = month !== null && isMonth(month) ? `invoices?month=${month}` : 'invoices';
        return redirect(response, `${mountPath}captcha`);
      }
      return showInvoices(response, session, query);
    }
    if (path === '/api/invoices') {
      if (!session) return sendJson(response, 401, { error: 'Sign in first' });
      if (challenged) return sendJson(response, 403, { error: 'Solve the CAPTCHA first', captcha: `${mountPath}captcha` });
      return listInvoices(response, query);
    }
    const pdf = INVOICE_PDF.exec(path);
    if (pdf?.[1]) {
      if (!session) throw new HttpError(401, 'Sign in first');
      if (challenged) return redirect(response, `${mountPath}captcha`);
      return downloadInvoice(response, pdf[1]);
    }
    sendText(response, 404, 'Not found');
  }

  return handle;
}
