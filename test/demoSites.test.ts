import { testBrowser } from './helpers/paths.js';
import { readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEuro, invoicesForMonth } from '../demo-sites/carrierInvoices.js';
import type { DemoSites } from '../demo-sites/server.js';
import { startDemoSites } from '../demo-sites/server.js';

const REPO_ROOT = new URL('..', import.meta.url);
const MONTH = '2025-03';

/** GET with the path exactly as written: fetch would normalise `..` and `%2e%2e` before sending. */
function rawGet(baseUrl: string, path: string, cookie?: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = get({ hostname, port, path, headers: cookie ? { cookie } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function signInCookie(portal: string): Promise<string> {
  const response = await fetch(`${portal}login`, {
    method: 'POST',
    body: new URLSearchParams({ username: 'acme-dispatch', password: 'demo-pass' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('Sign-in set no cookie');
  return cookie;
}

describe('demo sites: carrier portal', () => {
  let demo: DemoSites;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let portal: string;
  const requested: string[] = [];

  beforeAll(async () => {
    demo = await startDemoSites({ resourcesDir: fileURLToPath(new URL('resources/demo-sites', REPO_ROOT)), port: 0 });
    portal = demo.sites['carrier-portal'] ?? '';
    browser = await chromium.launch(testBrowser());
    context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('lists the carrier portal under the server root', () => {
    expect(demo.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(portal).toBe(`${demo.baseUrl}carrier-portal/`);
    expect(Object.keys(demo.sites)).toEqual(['carrier-portal', 'tax-system']);
  });

  it('refuses a wrong password, then signs in with a safe session cookie', async () => {
    await page.goto(portal);
    expect(page.url()).toBe(`${portal}login`);

    await page.fill('#username', 'acme-dispatch');
    await page.fill('#password', 'not-the-password');
    await page.click('#sign-in');
    await page.locator('#login-error').waitFor();
    expect(await page.locator('#login-error').textContent()).toBe('Wrong user name or password');
    expect(await page.inputValue('#username')).toBe('acme-dispatch');

    await page.fill('#password', 'demo-pass');
    await Promise.all([page.waitForURL(`${portal}invoices`), page.click('#sign-in')]);
    expect(await page.locator('#signed-in-user').textContent()).toBe('acme-dispatch');

    const [cookie] = await context.cookies(portal);
    expect(cookie).toMatchObject({ name: 'carrier_session', httpOnly: true, sameSite: 'Lax', path: '/carrier-portal/' });
  });

  it('loads a month of invoices after a visible wait and downloads one as PDF', async () => {
    await page.fill('#month', MONTH);
    await page.click('#show');
    await page.locator('#loading').waitFor({ state: 'visible' });
    const rows = page.locator('#invoices tbody tr[data-invoice]');
    await rows.nth(2).waitFor();
    await page.locator('#loading').waitFor({ state: 'hidden' });
    expect(page.url()).toBe(`${portal}invoices?month=${MONTH}`);

    const expected = invoicesForMonth(MONTH);
    expect(await rows.count()).toBe(3);
    for (const [index, invoice] of expected.entries()) {
      const row = rows.nth(index);
      expect(await row.getAttribute('data-invoice')).toBe(invoice.number);
      expect(await row.locator('[data-field=client]').textContent()).toBe(invoice.client);
      expect(await row.locator('[data-field=number]').textContent()).toBe(invoice.number);
      expect(await row.locator('[data-field=amount]').textContent()).toBe(formatEuro(invoice.amountCents));
      expect(await row.locator('[data-field=due-date] time').getAttribute('datetime')).toBe('2025-04-30');
    }
    expect(expected.map((invoice) => invoice.client)).toEqual(['Acme Logistics', 'Borealis Foods', 'Cobalt Retail']);

    const link = page.locator(`tr[data-invoice="INV-${MONTH}-002"] a`, { hasText: 'Download PDF' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`INV-${MONTH}-002.pdf`);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(`INV-${MONTH}-002`);
  });

  it('opens a month straight from the URL, and shows an empty future month', async () => {
    await page.goto(`${portal}invoices?month=2024-12`);
    await page.locator('#results[data-state="ready"]').waitFor();
    expect(await page.locator('tr[data-invoice]').first().getAttribute('data-invoice')).toBe('INV-2024-12-001');

    await page.goto(`${portal}invoices?month=2099-01`);
    await page.locator('#empty').waitFor();
    expect(await page.locator('#empty').textContent()).toBe('No invoices for this month');
    expect(await page.locator('tr[data-invoice]').count()).toBe(0);
  });

  it('signs out and then sends the invoices page back to sign-in', async () => {
    await Promise.all([page.waitForURL(`${portal}login`), page.click('#sign-out')]);
    await page.goto(`${portal}invoices?month=${MONTH}`);
    expect(page.url()).toBe(`${portal}login`);
  });

  it('loaded nothing from outside the demo server', () => {
    expect(requested.length).toBeGreaterThan(5);
    expect(requested.filter((url) => !url.startsWith(demo.baseUrl))).toEqual([]);
  });

  it('guards the API and downloads with the session', async () => {
    const anonymous = await fetch(`${portal}api/invoices?month=${MONTH}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: expect.any(String) });
    expect((await fetch(`${portal}invoices/INV-${MONTH}-001.pdf`)).status).toBe(401);

    const cookie = await signInCookie(portal);
    const listed = await fetch(`${portal}api/invoices?month=${MONTH}`, { headers: { cookie } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { number: string }[]).map((invoice) => invoice.number)).toEqual([
      `INV-${MONTH}-001`,
      `INV-${MONTH}-002`,
      `INV-${MONTH}-003`,
    ]);
    const future = await fetch(`${portal}api/invoices?month=2099-01`, { headers: { cookie } });
    expect(await future.json()).toEqual([]);
    const invalid = await fetch(`${portal}api/invoices?month=2025-13`, { headers: { cookie } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: expect.any(String) });

    const pdf = await fetch(`${portal}invoices/INV-${MONTH}-003.pdf`, { headers: { cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="INV-${MONTH}-003.pdf"`);
    expect((await fetch(`${portal}invoices/INV-${MONTH}-004.pdf`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${portal}invoices/INV-2099-01-001.pdf`, { headers: { cookie } })).status).toBe(404);
  });

  it('serves its assets but no file outside the site folder', async () => {
    const cookie = await signInCookie(portal);
    expect((await rawGet(demo.baseUrl, '/carrier-portal/assets/site.css')).status).toBe(200);
    const attempts = [
      '/carrier-portal/..%2f..%2fpackage.json',
      '/carrier-portal/..%2F..%2F..%2Fpackage.json',
      '/carrier-portal/../package.json',
      '/carrier-portal/assets/..%2f..%2f..%2f..%2fpackage.json',
      '/carrier-portal/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/carrier-portal/assets/%2E%2E%2F%2E%2E%2Flogin.html',
      '/carrier-portal/assets/..%5c..%5c..%5c..%5cpackage.json',
      '/carrier-portal/assets/..\\..\\..\\..\\package.json',
      '/carrier-portal/assets/site.css%00.html',
      '/carrier-portal/assets/../login.html',
      '/../package.json',
    ];
    for (const path of attempts) {
      const answer = await rawGet(demo.baseUrl, path, cookie);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.body, path).not.toContain('rpa-desk');
      expect(answer.body, path).not.toContain('{{');
    }
  });
});
