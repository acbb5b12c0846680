import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { captchaMatches, captchaWord, renderCaptchaSvg } from './captcha.js';
import { currentMonth, findInvoice, invoicesForMonth, isMonth } from './carrierInvoices.js';
import { CARRIER_PORTAL_ACCOUNT } from './demoAccounts.js';
import type { DemoSiteModule, DemoSiteOptions, SiteContext } from './http.js';
import {
  escapeHtml,
  fillTemplate,
  HttpError,
  randomDelay,
  readForm,
  redirect,
  refuseOtherMethods,
  sendAttachment,
  sendHtml,
  sendJson,
  siteAssets,
} from './http.js';
import { renderInvoicePdf } from './pdf.js';
import { createSessionStore } from './sessions.js';

// Long enough for a working day of bot runs against one signed-in browser.
const SESSION_TTL_MS = 12 * 3_600_000;

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

function createCarrierPortal(options: DemoSiteOptions): Hono {
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

  async function showLogin(c: SiteContext, username: string, error?: string): Promise<Response> {
    return sendHtml(c, 200, await page('login', { username, errorBlock: alertBlock('login-error', error) }));
  }

  async function showCaptcha(c: SiteContext, id: string, session: Session, error?: string): Promise<Response> {
    const image = renderCaptchaSvg(captchaWord(id, session.wrongAnswers));
    return sendHtml(c, 200, await page('captcha', { user: session.username, image, errorBlock: alertBlock('captcha-error', error) }));
  }

  /** The signed-in session, unless it still owes the CAPTCHA while the mode is on. */
  function challenged(session: Session): boolean {
    return captchaMode && !session.captchaSolved;
  }

  const site = new Hono();
  siteAssets(site, siteDir, mountPath);

  site.get('/demo/captcha', (c) => sendJson(c, 200, { captcha: captchaMode }));
  site.post('/demo/captcha', (c) => {
    const on = c.req.query('on');
    if (on !== '1' && on !== '0') throw new HttpError(400, 'Use ?on=1 to turn the CAPTCHA on, ?on=0 to turn it off');
    captchaMode = on === '1';
    return sendJson(c, 200, { captcha: captchaMode });
  });

  site.get('/login', (c) => (sessions.get(c) ? redirect(c, `${mountPath}invoices`) : showLogin(c, '')));
  site.post('/login', async (c) => {
    const form = await readForm(c);
    const username = (form.get('username') ?? '').trim();
    if (username !== CARRIER_PORTAL_ACCOUNT.username || form.get('password') !== CARRIER_PORTAL_ACCOUNT.password) {
      return showLogin(c, username, 'Wrong user name or password');
    }
    sessions.start(c, { username, captchaSolved: false, wrongAnswers: 0, returnTo: 'invoices' });
    return redirect(c, `${mountPath}${captchaMode ? 'captcha' : 'invoices'}`);
  });

  site.all('/logout', (c) => {
    sessions.end(c);
    return redirect(c, `${mountPath}login`);
  });

  // The CAPTCHA page is for a signed-in session that owes it; everyone else is sent on.
  site.on(['GET', 'POST'], '/captcha', async (c) => {
    const current = sessions.get(c);
    if (!current) return redirect(c, `${mountPath}login`);
    const { id, data: session } = current;
    if (!challenged(session)) return redirect(c, `${mountPath}${session.returnTo}`);
    if (c.req.method !== 'POST') return showCaptcha(c, id, session);
    const form = await readForm(c);
    if (form.get('human') !== 'yes') return showCaptcha(c, id, session, 'Tick “I am not a robot” to continue');
    if (!captchaMatches(captchaWord(id, session.wrongAnswers), form.get('answer') ?? '')) {
      session.wrongAnswers++;
      return showCaptcha(c, id, session, 'The letters did not match. Try the new image.');
    }
    session.captchaSolved = true;
    return redirect(c, `${mountPath}${session.returnTo}`);
  });

  site.get('/', (c) => redirect(c, `${mountPath}${sessions.get(c) ? 'invoices' : 'login'}`));

  // Everything below shows invoices, which a session must earn by solving the CAPTCHA when it is on.
  site.get('/invoices', async (c) => {
    const session = sessions.get(c)?.data;
    if (!session) return redirect(c, `${mountPath}login`);
    const asked = c.req.query('month');
    if (challenged(session)) {
      // Only a month the page can show is kept, so returnTo never carries arbitrary text.
      session.returnTo = asked !== undefined && isMonth(asked) ? `invoices?month=${asked}` : 'invoices';
      return redirect(c, `${mountPath}captcha`);
    }
    // No month means this month; a malformed one stays blank so the page shows there is nothing for it.
    const month = asked === undefined ? currentMonth() : isMonth(asked) ? asked : '';
    return sendHtml(c, 200, await page('invoices', { user: session.username, month }));
  });

  site.get('/api/invoices', async (c) => {
    const session = sessions.get(c)?.data;
    if (!session) return sendJson(c, 401, { error: 'Sign in first' });
    if (challenged(session)) return sendJson(c, 403, { error: 'Solve the CAPTCHA first', captcha: `${mountPath}captcha` });
    const month = c.req.query('month') ?? '';
    if (!isMonth(month)) return sendJson(c, 400, { error: 'Give the month as YYYY-MM, e.g. 2026-10' });
    await randomDelay(300, 700, signal);
    return sendJson(c, 200, invoicesForMonth(month));
  });

  site.get('/invoices/:file{INV-[0-9A-Za-z-]{1,40}\\.pdf}', async (c) => {
    const session = sessions.get(c)?.data;
    if (!session) throw new HttpError(401, 'Sign in first');
    if (challenged(session)) return redirect(c, `${mountPath}captcha`);
    const number = c.req.param('file').slice(0, -'.pdf'.length);
    const invoice = findInvoice(number);
    if (!invoice) throw new HttpError(404, `No invoice ${number}`);
    await randomDelay(200, 500, signal);
    return sendAttachment(c, renderInvoicePdf(invoice), 'application/pdf', `${invoice.number}.pdf`);
  });

  refuseOtherMethods(site, '/demo/captcha', '/login', '/captcha', '/', '/invoices', '/api/invoices', '/invoices/*');
  return site;
}
