import { testBrowser } from './helpers/paths.js';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captchaMatches, captchaWord, renderCaptchaSvg } from '../demo-sites/captcha.js';
import type { DemoSites } from '../demo-sites/server.js';
import { startDemoSites } from '../demo-sites/server.js';

const RESOURCES_DIR = fileURLToPath(new URL('../resources/demo-sites', import.meta.url));
const MONTH = '2025-03';

describe('captcha words', () => {
  it('are fixed by session and attempt, and drawn without the word as text', () => {
    const word = captchaWord('session-a');
    expect(word).toMatch(/^[ACEFHKLMNPRTUVWXYZ]{5}$/);
    expect(captchaWord('session-a')).toBe(word);
    expect(new Set(['session-b', 'session-c', 'session-d'].map((id) => captchaWord(id))).size).toBeGreaterThan(1);
    expect(new Set([0, 1, 2, 3].map((attempt) => captchaWord('session-a', attempt))).size).toBeGreaterThan(1);
    expect(captchaMatches(word, ` ${word.toLowerCase().split('').join(' ')} `)).toBe(true);
    expect(captchaMatches(word, word.slice(1))).toBe(false);

    const svg = renderCaptchaSvg(word);
    expect(svg).not.toContain('<text');
    expect(svg).not.toContain(word);
    expect(svg.match(/<path d="M[^"]*" transform=/g)).toHaveLength(word.length);
  });
});

describe('demo sites: carrier portal CAPTCHA mode', () => {
  let demo: DemoSites;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let portal: string;

  async function setMode(on: boolean): Promise<void> {
    const answer = await fetch(`${portal}demo/captcha?on=${on ? 1 : 0}`, { method: 'POST' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ captcha: on });
  }

  async function signIn(target: Page): Promise<void> {
    await target.goto(`${portal}login`);
    await target.fill('#username', 'acme-dispatch');
    await target.fill('#password', 'demo-pass');
    await target.click('#sign-in');
  }

  async function sessionId(from: BrowserContext): Promise<string> {
    const cookie = (await from.cookies(portal)).find((each) => each.name === 'carrier_session');
    if (!cookie) throw new Error('No carrier portal session cookie');
    return cookie.value;
  }

  beforeAll(async () => {
    demo = await startDemoSites({ resourcesDir: RESOURCES_DIR, port: 0 });
    portal = demo.sites['carrier-portal'] ?? '';
    browser = await chromium.launch(testBrowser());
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('is off by default and switched by POST demo/captcha?on=1|0', async () => {
    expect(await (await fetch(`${portal}demo/captcha`)).json()).toEqual({ captcha: false });
    expect((await fetch(`${portal}demo/captcha?on=yes`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${portal}demo/captcha?on=1`, { method: 'PUT' })).status).toBe(405);
    await setMode(true);
    expect(await (await fetch(`${portal}demo/captcha`)).json()).toEqual({ captcha: true });
  });

  it('sends a new sign-in to the CAPTCHA and keeps invoices, API and PDFs behind it', async () => {
    await signIn(page);
    await page.waitForURL(`${portal}captcha`);
    await page.locator('#captcha #captcha-image').waitFor();
    expect(await page.locator('#captcha-error').count()).toBe(0);
    // The page never carries the word as text a bot could read.
    expect(await page.content()).not.toContain(captchaWord(await sessionId(context)));

    await page.goto(`${portal}invoices?month=${MONTH}`);
    expect(page.url()).toBe(`${portal}captcha`);

    const api = await page.request.get(`${portal}api/invoices?month=${MONTH}`);
    expect(api.status()).toBe(403);
    expect(await api.json()).toEqual({ error: 'Solve the CAPTCHA first', captcha: '/carrier-portal/captcha' });
    const pdf = await page.request.get(`${portal}invoices/INV-${MONTH}-001.pdf`, { maxRedirects: 0 });
    expect(pdf.status()).toBe(303);
    expect(pdf.headers()['location']).toBe('/carrier-portal/captcha');
  });

  it('refuses a wrong answer with a new image, and a right one without the tick', async () => {
    const id = await sessionId(context);
    await page.fill('#captcha-answer', 'WRONG');
    await page.check('#captcha-human');
    await page.click('#captcha-submit');
    await page.locator('#captcha-error').waitFor();
    expect(await page.locator('#captcha-error').textContent()).toBe('The letters did not match. Try the new image.');
    expect(page.url()).toBe(`${portal}captcha`);

    // The checkbox is `required` in the page, so the server's own check is tried without a browser.
    const cookie = `carrier_session=${id}`;
    const unticked = await fetch(`${portal}captcha`, {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams({ answer: captchaWord(id, 1) }),
      redirect: 'manual',
    });
    expect(unticked.status).toBe(200);
    expect(await unticked.text()).toContain('Tick “I am not a robot” to continue');
  });

  it('lets the session through once the word is typed, back to the month it asked for', async () => {
    const id = await sessionId(context);
    // One wrong answer so far, so the second word is the one shown.
    await page.fill('#captcha-answer', captchaWord(id, 1).toLowerCase());
    await page.check('#captcha-human');
    await Promise.all([page.waitForURL(`${portal}invoices?month=${MONTH}`), page.click('#captcha-submit')]);
    await page.locator('#results[data-state="ready"]').waitFor();
    expect(await page.locator('tr[data-invoice]').count()).toBe(3);

    // Solved for good: the CAPTCHA page now just sends the session on.
    await page.goto(`${portal}captcha`);
    expect(page.url()).toBe(`${portal}invoices?month=${MONTH}`);
    expect((await page.request.get(`${portal}invoices/INV-${MONTH}-001.pdf`)).status()).toBe(200);
  });

  it('challenges a session signed in before the mode went on, and lets all through once it is off', async () => {
    await setMode(false);
    const other = await browser.newContext();
    try {
      const otherPage = await other.newPage();
      await signIn(otherPage);
      await otherPage.waitForURL(`${portal}invoices`);

      await setMode(true);
      await otherPage.goto(`${portal}invoices?month=${MONTH}`);
      expect(otherPage.url()).toBe(`${portal}captcha`);
      // The invoices page's own script also goes to the CAPTCHA when its API call is refused.
      await setMode(false);
      await otherPage.goto(`${portal}invoices?month=${MONTH}`);
      await otherPage.locator('#results[data-state="ready"]').waitFor();
      await setMode(true);
      await otherPage.fill('#month', '2024-12');
      await Promise.all([otherPage.waitForURL(`${portal}captcha`), otherPage.click('#show')]);

      await setMode(false);
      await otherPage.goto(`${portal}invoices?month=${MONTH}`);
      await otherPage.locator('#results[data-state="ready"]').waitFor();
    } finally {
      await other.close();
    }
  });

  it('starts every server with the CAPTCHA off', async () => {
    await setMode(true);
    const fresh = await startDemoSites({ resourcesDir: RESOURCES_DIR, port: 0 });
    try {
      expect(await (await fetch(`${fresh.sites['carrier-portal'] ?? ''}demo/captcha`)).json()).toEqual({ captcha: false });
    } finally {
      await fresh.close();
    }
  });
});
