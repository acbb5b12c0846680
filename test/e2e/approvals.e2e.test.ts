import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type HeadlessApp } from '../helpers/headlessApp.js';
import { screenshotsDir, useOperatorSession } from '../helpers/operatorSession.js';

// The flagship flow as an operator lives it, in Chromium through headless mode: run
// carrier-invoices, open the approval from the inbox, see the invoice table and a PDF preview,
// approve two of three, and find exactly those two in the demo tax system.

const shots = screenshotsDir;
const ui = useOperatorSession();
let app: HeadlessApp;
let browser: Browser;
let page: Page;
beforeAll(() => {
  ({ app, browser, page } = ui);
});

/** The demo sites' base URL, read from where the bot signed in (its DEBUG log line). */
async function demoSite(jobId: number, name: string): Promise<string> {
  const client = await connectClient(app);
  try {
    const reply = await client.invoke('logs.tail', { jobId });
    if (!reply.ok) throw new Error(reply.error.message);
    const line = reply.result.lines.find((l) => l.message.includes('/carrier-portal/'));
    const match = /(http:\/\/127\.0\.0\.1:\d+\/)carrier-portal\//.exec(line?.message ?? '');
    if (!match?.[1]) throw new Error('The bot did not log the portal address');
    return `${match[1]}${name}/`;
  } finally {
    client.close();
  }
}

/** How many dark pixels the first rendered PDF page has. */
function inkOnFirstPdfPage(p: Page): Promise<number> {
  return p.evaluate(() => {
    type Canvas = {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
    const canvas = (globalThis as unknown as { document: { querySelector(s: string): Canvas | null } }).document.querySelector(
      '[data-testid="pdf-preview"] canvas',
    );
    const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (!pixels) return 0;
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 200) dark++;
    return dark;
  });
}

describe('approving carrier invoices before they are filed', () => {
  it('runs the bot, opens the approval from the inbox, previews a PDF, approves two of three, and the tax system has exactly those', async () => {
    await page.click('[data-testid="nav-bots"]');
    await page.click('[data-testid="run-carrier-invoices"]');
    await page.fill('input[name="month"]', '2026-10');
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    const jobId = Number(/#\/jobs\/(\d+)/.exec(page.url())?.[1]);
    // Checked every animation frame, so the time it shows up is the time an operator could see it.
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(
          '[data-testid="approvals-badge"]',
        )?.textContent === '1',
      undefined,
      { polling: 'raf', timeout: 90_000 },
    );
    const seenAt = Date.now();
    const client = await connectClient(app);
    const pending = await client.invoke('approvals.list', { status: 'pending' });
    client.close();
    const requestedAt = pending.ok ? (pending.result.approvals[0]?.createdAt ?? seenAt) : seenAt;
    console.log(`Bot's request → approval badge on screen: ${seenAt - requestedAt} ms`);
    await expect.poll(() => page.textContent('[data-testid="job-state"]')).toBe('waiting_approval');

    await page.click('[data-testid="nav-approvals"]');
    await page.screenshot({ path: path.join(shots, '20-approvals-inbox.png'), fullPage: true });
    await page.locator('[data-testid^="approval-row-"]').first().click();
    await page.waitForSelector('[data-testid="approval-screen"]');
    const table = page.locator('[data-testid="approval-table"]');
    await expect.poll(() => table.textContent()).toContain('INV-2026-10-001');
    expect(await table.textContent()).toContain('Borealis Foods');
    // The PDF is rendered in place, page by page.
    await expect.poll(() => page.locator('[data-testid="pdf-preview"] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // A canvas alone could be blank: the page must carry ink (the invoice's text drawn on it).
    await expect.poll(() => inkOnFirstPdfPage(page), { timeout: 20_000 }).toBeGreaterThan(1_000);
    await page.locator('[data-testid="pdf-preview"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, '21-approval-pdf-preview.png') });

    const boxes = page.locator('[data-testid="approval-row-select"]');
    expect(await boxes.count()).toBe(3);
    await boxes.nth(1).uncheck();
    await page.fill('[data-testid="approval-comment"]', 'Borealis is disputed');
    await page.click('[data-testid="approve"]');
    await expect.poll(() => page.textContent('[data-testid="approval-outcome"]')).toMatch(/Approved by/);
    await page.screenshot({ path: path.join(shots, '22-approval-decided.png'), fullPage: true });

    await page.goto(`${app.origin}/#/jobs/${jobId}`);
    await expect.poll(() => page.textContent('[data-testid="job-state"]'), { timeout: 90_000 }).toBe('succeeded');
    await expect.poll(() => page.textContent('[data-testid="job-audit"]')).toContain('approval.decided');
    await page.screenshot({ path: path.join(shots, '23-job-audit.png'), fullPage: true });

    // The tax system itself, as its clerk sees it.
    const tax = await browser.newPage();
    await tax.goto(await demoSite(jobId, 'tax-system'));
    await tax.fill('#username', 'acme-filings');
    await tax.fill('#password', 'tax-pass');
    await tax.click('#sign-in');
    await tax.click('#nav-filings');
    const filed = await tax
      .locator('#filings tr[data-invoice]')
      .evaluateAll((rows: { getAttribute(n: string): string | null }[]) => rows.map((r) => r.getAttribute('data-invoice')));
    expect(filed.sort()).toEqual(['INV-2026-10-001', 'INV-2026-10-003']);
    await tax.screenshot({ path: path.join(shots, '24-tax-system-filed.png'), fullPage: true });
    await tax.close();
  }, 180_000);

  it('shows the hand-off banner for a CAPTCHA and carries on after Continue', async () => {
    // A first run tells us where the demo sites are; then the portal asks for a CAPTCHA.
    const client = await connectClient(app);
    const list = await client.invoke('jobs.list', { botId: 'carrier-invoices', limit: 1 });
    client.close();
    if (!list.ok || !list.result.jobs[0]) throw new Error('no earlier run');
    const portal = await demoSite(list.result.jobs[0].id, 'carrier-portal');
    await fetch(new URL('demo/captcha?on=1', portal), { method: 'POST' });
    try {
      await page.click('[data-testid="nav-bots"]');
      await page.click('[data-testid="run-carrier-invoices"]');
      await page.fill('input[name="month"]', '2026-09');
      await page.click('[data-testid="run-submit"]');
      await page.waitForSelector('[data-testid="job-screen"]');
      await expect.poll(() => page.textContent('[data-testid="job-state"]'), { timeout: 90_000 }).toBe('waiting_operator');
      const banner = page.locator('[data-testid="handoff-banner"]');
      await expect.poll(() => banner.textContent()).toContain('Solve the CAPTCHA');
      await page.screenshot({ path: path.join(shots, '25-handoff-banner.png'), fullPage: true });
      // Standing in for the operator, who solves it in the portal window.
      await fetch(new URL('demo/captcha?on=0', portal), { method: 'POST' });
      await page.click('[data-testid="handoff-continue"]');
      await expect.poll(() => page.textContent('[data-testid="job-state"]'), { timeout: 90_000 }).toBe('waiting_approval');
      expect(await banner.count()).toBe(0);
    } finally {
      await fetch(new URL('demo/captcha?on=0', portal), { method: 'POST' });
    }
  }, 180_000);
});
