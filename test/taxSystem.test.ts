import { testBrowser } from './helpers/paths.js';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicesForMonth } from '../demo-sites/carrierInvoices.js';
import { renderInvoicePdf } from '../demo-sites/pdf.js';
import type { DemoSites } from '../demo-sites/server.js';
import { startDemoSites } from '../demo-sites/server.js';
import type { TaxFiling } from '../demo-sites/taxFilings.js';
import { formatFiledAt } from '../demo-sites/taxFilings.js';

const RESOURCES_DIR = fileURLToPath(new URL('../resources/demo-sites', import.meta.url));
const MONTH = '2025-03';
const [FIRST, SECOND] = invoicesForMonth(MONTH);
if (!FIRST || !SECOND) throw new Error('The carrier portal has no invoices for the test month');

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

async function signInCookie(site: string): Promise<string> {
  const response = await fetch(`${site}login`, {
    method: 'POST',
    body: new URLSearchParams({ username: 'acme-filings', password: 'tax-pass' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('Sign-in set no cookie');
  return cookie;
}

async function filings(site: string, cookie: string): Promise<TaxFiling[]> {
  const response = await fetch(`${site}api/filings`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return (await response.json()) as TaxFiling[];
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('demo sites: tax system', () => {
  let demo: DemoSites;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let site: string;
  let tempDir: string;
  const requested: string[] = [];
  const firstPdf = renderInvoicePdf(FIRST);

  /** Fills the upload form, submits it, and answers the status of the POST and the outcome shown. */
  async function upload(fields: { client: string; month: string; invoiceNumber: string; file?: string }): Promise<number> {
    await page.selectOption('#client', fields.client);
    await page.fill('#month', fields.month);
    await page.fill('#invoice-number', fields.invoiceNumber);
    await page.setInputFiles('#pdf', fields.file ?? []);
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.request().method() === 'POST' && answer.url() === `${site}upload`),
      page.click('#upload'),
    ]);
    await page.locator('#result').waitFor();
    return response.status();
  }

  beforeAll(async () => {
    demo = await startDemoSites({ resourcesDir: RESOURCES_DIR, port: 0 });
    site = demo.sites['tax-system'] ?? '';
    tempDir = await mkdtemp(join(tmpdir(), 'tax-system-test-'));
    await writeFile(join(tempDir, `${FIRST.number}.pdf`), firstPdf);
    await writeFile(join(tempDir, `${SECOND.number}.pdf`), renderInvoicePdf(SECOND));
    await writeFile(join(tempDir, 'not-a.pdf'), 'Just some text pretending to be a PDF\n');
    browser = await chromium.launch(testBrowser());
    context = await browser.newContext();
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('sends visitors without a session to sign-in, and the API answers 401', async () => {
    expect(site).toBe(`${demo.baseUrl}tax-system/`);
    for (const path of ['', 'upload', 'filings']) {
      const answer = await fetch(`${site}${path}`, { redirect: 'manual' });
      expect(answer.status, path).toBe(303);
      expect(answer.headers.get('location'), path).toBe('/tax-system/login');
    }
    const api = await fetch(`${site}api/filings`);
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: 'Sign in first' });

    const form = new FormData();
    form.set('invoiceNumber', FIRST.number);
    form.set('pdf', new Blob([firstPdf], { type: 'application/pdf' }), 'a.pdf');
    const anonymous = await fetch(`${site}upload`, { method: 'POST', body: form, redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/tax-system/login');
  });

  it('refuses a wrong password, then signs in with a safe session cookie', async () => {
    await page.goto(site);
    expect(page.url()).toBe(`${site}login`);
    await page.fill('#username', 'acme-filings');
    await page.fill('#password', 'wrong');
    await page.click('#sign-in');
    await page.locator('#login-error').waitFor();
    expect(await page.locator('#login-error').textContent()).toBe('Wrong user name or password');
    expect(await page.inputValue('#username')).toBe('acme-filings');

    await page.fill('#password', 'tax-pass');
    await Promise.all([page.waitForURL(`${site}upload`), page.click('#sign-in')]);
    expect(await page.locator('#signed-in-user').textContent()).toBe('acme-filings');
    const [cookie] = await context.cookies(site);
    expect(cookie).toMatchObject({ name: 'tax_session', httpOnly: true, sameSite: 'Lax', path: '/tax-system/' });
  });

  it('files an invoice PDF after a visible wait and shows its receipt', async () => {
    const started = Date.now();
    const status = await upload({ client: FIRST.client, month: MONTH, invoiceNumber: FIRST.number, file: join(tempDir, `${FIRST.number}.pdf`) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(status).toBe(303);
    expect(await page.getAttribute('#result', 'data-state')).toBe('filed');
    expect(await page.locator('#result-message').textContent()).toBe(`Invoice ${FIRST.number} for ${FIRST.client}, ${MONTH} was filed`);
    const receipt = await page.locator('#receipt-number').textContent();
    expect(receipt).toBe(`NTP-${new Date().getFullYear()}-000001`);
    // The form is empty again, ready for the next invoice; a reload does not send the PDF twice.
    expect(await page.inputValue('#invoice-number')).toBe('');
    await page.reload();
    expect(await page.getAttribute('#result', 'data-state')).toBe('filed');
  });

  it('lists the filing on the page and in the API, with the exact file', async () => {
    await Promise.all([page.waitForURL(`${site}filings`), page.click('#nav-filings')]);
    const row = page.locator(`#filings tr[data-invoice="${FIRST.number}"]`);
    expect(await row.locator('[data-field=client]').textContent()).toBe(FIRST.client);
    expect(await row.locator('[data-field=month]').textContent()).toBe(MONTH);
    expect(await row.locator('[data-field=receipt]').textContent()).toMatch(/^NTP-\d{4}-000001$/);
    expect(await row.locator('[data-field=file-size]').textContent()).toMatch(/^\d+(\.\d)? (B|KB)$/);

    const cookie = await signInCookie(site);
    const [filed, ...others] = await filings(site, cookie);
    expect(others).toEqual([]);
    expect(filed).toMatchObject({
      invoiceNumber: FIRST.number,
      client: FIRST.client,
      month: MONTH,
      fileName: `${FIRST.number}.pdf`,
      fileSize: firstPdf.length,
      sha256: sha256(firstPdf),
    });
    expect(await row.locator('[data-field=filed-at] time').getAttribute('datetime')).toBe(filed?.filedAt);
    expect(await row.locator('[data-field=filed-at]').textContent()).toBe(formatFiledAt(filed?.filedAt ?? ''));
  });

  it('refuses a second upload of the same invoice with 409 and says when it was filed', async () => {
    await page.click('#nav-upload');
    const status = await upload({ client: FIRST.client, month: MONTH, invoiceNumber: FIRST.number, file: join(tempDir, `${FIRST.number}.pdf`) });
    expect(status).toBe(409);
    expect(await page.getAttribute('#result', 'data-state')).toBe('error');
    const cookie = await signInCookie(site);
    const [filed] = await filings(site, cookie);
    expect(await page.locator('#error').textContent()).toBe(
      `${FIRST.number} was already filed on ${formatFiledAt(filed?.filedAt ?? '')} (receipt ${filed?.receipt ?? ''})`,
    );
    // What the clerk typed stays, so only the file needs choosing again.
    expect(await page.inputValue('#invoice-number')).toBe(FIRST.number);
    expect(await page.inputValue('#client')).toBe(FIRST.client);
    expect(await filings(site, cookie)).toHaveLength(1);
  });

  it('refuses a non-PDF, a missing file and a bad month with clear messages', async () => {
    const cases = [
      { file: join(tempDir, 'not-a.pdf'), month: MONTH, error: 'The file is not a PDF (it does not start with %PDF-)' },
      { file: undefined, month: MONTH, error: 'Choose the invoice PDF to upload' },
      { file: join(tempDir, `${SECOND.number}.pdf`), month: '2025-13', error: 'Give the month as YYYY-MM, e.g. 2026-10' },
      { file: join(tempDir, `${SECOND.number}.pdf`), month: '2099-01', error: '2099-01 is in the future; only past and current months can be filed' },
    ];
    for (const { file, month, error } of cases) {
      const status = await upload({ client: SECOND.client, month, invoiceNumber: SECOND.number, file });
      expect(status, error).toBe(400);
      expect(await page.getAttribute('#result', 'data-state'), error).toBe('error');
      expect(await page.locator('#error').textContent(), error).toBe(error);
    }
    expect(await filings(site, await signInCookie(site))).toHaveLength(1);
  });

  it('lists filings newest first', async () => {
    const status = await upload({ client: SECOND.client, month: MONTH, invoiceNumber: SECOND.number, file: join(tempDir, `${SECOND.number}.pdf`) });
    expect(status).toBe(303);
    await page.goto(`${site}filings`);
    const rows = await page.locator('#filings tbody tr').all();
    const numbers = await Promise.all(rows.map((row) => row.getAttribute('data-invoice')));
    expect(numbers).toEqual([SECOND.number, FIRST.number]);
    expect(await page.locator('#filing-count').textContent()).toBe('2 invoices filed, newest first.');
    const api = await filings(site, await signInCookie(site));
    expect(api.map((filing) => filing.receipt.slice(-6))).toEqual(['000002', '000001']);
  });

  it('bounds the multipart upload: size, one file, the form type', async () => {
    const cookie = await signInCookie(site);
    const post = async (body: FormData | string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> => {
      const answer = await fetch(`${site}upload`, { method: 'POST', body, headers: { cookie, ...headers }, redirect: 'manual' });
      return { status: answer.status, text: await answer.text() };
    };
    const fields = (): FormData => {
      const form = new FormData();
      form.set('client', 'Delta Hardware');
      form.set('month', MONTH);
      form.set('invoiceNumber', 'INV-2025-03-900');
      return form;
    };

    const huge = fields();
    huge.set('pdf', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024)])]), 'huge.pdf');
    const tooLarge = await post(huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('The file is larger than 5 MB');

    const two = fields();
    two.append('pdf', new Blob([firstPdf]), 'a.pdf');
    two.append('pdf', new Blob([firstPdf]), 'b.pdf');
    expect(await post(two)).toMatchObject({ status: 400, text: expect.stringContaining('Send one file only') });

    const form = await post('invoiceNumber=INV-1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form).toMatchObject({ status: 415, text: expect.stringContaining('Send the form as multipart/form-data') });

    const unknownClient = fields();
    unknownClient.set('client', 'Nobody Ltd');
    unknownClient.set('pdf', new Blob([firstPdf]), 'a.pdf');
    expect(await post(unknownClient)).toMatchObject({ status: 400, text: expect.stringContaining('Choose the client from the list') });

    const html = fields();
    html.set('invoiceNumber', 'INV-<b>');
    html.set('pdf', new Blob([firstPdf]), '<img src=x>.pdf');
    const escaped = await post(html);
    expect(escaped.status).toBe(400);
    expect(escaped.text).not.toContain('<b>');
    expect(escaped.text).toContain('value="INV-&#60;b&#62;"');

    expect(await filings(site, cookie)).toHaveLength(2);
  });

  it('serves its assets but no file outside the site folder', async () => {
    const cookie = await signInCookie(site);
    expect((await rawGet(demo.baseUrl, '/tax-system/assets/site.css')).status).toBe(200);
    const attempts = [
      '/tax-system/..%2f..%2fpackage.json',
      '/tax-system/../package.json',
      '/tax-system/assets/..%2f..%2f..%2f..%2fpackage.json',
      '/tax-system/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/tax-system/assets/%2E%2E%2F%2E%2E%2Fupload.html',
      '/tax-system/assets/..%5c..%5c..%5c..%5cpackage.json',
      '/tax-system/assets/site.css%00.html',
      '/tax-system/assets/../login.html',
      '/tax-system/upload.html',
      '/tax-system/assets/../../carrier-portal/login.html',
    ];
    for (const path of attempts) {
      const answer = await rawGet(demo.baseUrl, path, cookie);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.body, path).not.toContain('rpa-desk');
      expect(answer.body, path).not.toContain('{{');
    }
  });

  it('signs out, and loaded nothing from outside the demo server', async () => {
    await Promise.all([page.waitForURL(`${site}login`), page.click('#sign-out')]);
    await page.goto(`${site}filings`);
    expect(page.url()).toBe(`${site}login`);
    expect(requested.filter((url) => !url.startsWith(demo.baseUrl))).toEqual([]);
  });

  it('starts every server with nothing filed', async () => {
    const fresh = await startDemoSites({ resourcesDir: RESOURCES_DIR, port: 0 });
    try {
      const freshSite = fresh.sites['tax-system'] ?? '';
      expect(await filings(freshSite, await signInCookie(freshSite))).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
