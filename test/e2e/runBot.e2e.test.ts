import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HeadlessApp } from '../helpers/headlessApp.js';
import { screenshotsDir, useOperatorSession } from '../helpers/operatorSession.js';

// The operator's path end to end: headless mode started as a real process, the real renderer in
// Chromium, the sample bot run from the Run form against the demo carrier portal.

const shots = screenshotsDir;
const ui = useOperatorSession({ viewport: { width: 1366, height: 860 } });
let app: HeadlessApp;
let page: Page;
beforeAll(() => {
  ({ app, page } = ui);
});

describe('running a bot from the operator screen', () => {
  it('lists the sample bots with their parameters', async () => {
    await page.click('[data-testid="nav-bots"]');
    const card = page.locator('[data-testid="bot-invoice-download"]');
    await expect.poll(() => card.textContent()).toContain('Download carrier invoices');
    expect(await card.textContent()).toContain('month');
    await expect.poll(() => page.locator('[data-testid="bot-log-stream"]').count()).toBe(1);
    await page.screenshot({ path: path.join(shots, '01-bots.png'), fullPage: true });
  });

  it('refuses a bad month next to the field and creates no job', async () => {
    await page.click('[data-testid="run-invoice-download"]');
    await page.waitForSelector('[data-testid="run-form"]');
    await page.fill('input[name="month"]', '2026-13');
    await page.click('[data-testid="run-submit"]');
    await expect.poll(() => page.textContent('[data-testid="field-error-month"]')).toMatch(/YYYY-MM/);
    await page.screenshot({ path: path.join(shots, '02-run-form-error.png'), fullPage: true });
    const reply = await fetch(`${app.origin}/`);
    expect(reply.ok).toBe(true);
    // Nothing was created: the Jobs screen is empty.
    await page.click('[data-testid="nav-jobs"]');
    await page.waitForTimeout(300);
    expect(await page.locator('[data-testid^="job-row-"]').count()).toBe(0);
  });

  it('runs invoice-download, streams its log while it runs, and lists the downloaded PDFs', async () => {
    await page.click('[data-testid="nav-bots"]');
    await page.click('[data-testid="run-invoice-download"]');
    await page.fill('input[name="month"]', '2026-10');
    await page.screenshot({ path: path.join(shots, '03-run-form.png'), fullPage: true });
    const clickedAt = Date.now();
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await page.waitForSelector('[data-testid="log-line"]', { timeout: 30_000 });
    const firstLineMs = Date.now() - clickedAt;
    const stateWhenFirstLine = await page.textContent('[data-testid="job-state"]');
    // Lines arrive while the job is still going, not all at the end.
    expect(['queued', 'running']).toContain(stateWhenFirstLine);
    await page.screenshot({ path: path.join(shots, '04-job-running.png'), fullPage: true });
    await expect.poll(() => page.textContent('[data-testid="job-state"]'), { timeout: 90_000 }).toBe('succeeded');
    // The result and the full history follow the state change.
    await expect.poll(() => page.textContent('[data-testid="job-result"]')).toContain('INV-2026-10-003');
    const files = await page.locator('[data-testid="job-file"]').allTextContents();
    expect(files.join(' ')).toContain('INV-2026-10-001.pdf');
    expect(files.join(' ')).toContain('INV-2026-10-003.pdf');
    expect(await page.locator('[data-testid="job-file"]').count()).toBe(3);
    // A PDF is a document: it gets Open, not the "Save only" hint programs get.
    const pdfRow = page.locator('[data-testid="job-file"]', { hasText: 'INV-2026-10-001.pdf' });
    expect(await pdfRow.getByRole('button', { name: 'Open' }).count()).toBe(1);
    expect(await pdfRow.locator('[data-testid="file-save-only"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="log-tail"]')).toContain('Signing in');
    await page.screenshot({ path: path.join(shots, '05-job-succeeded.png'), fullPage: true });
    console.log(`Run clicked → first log line on screen: ${firstLineMs} ms`);

    await page.click('[data-testid="nav-jobs"]');
    const row = page.locator('[data-testid^="job-row-"]').first();
    await expect.poll(() => row.locator('[data-testid="job-state"]').textContent()).toContain('succeeded');
    await page.screenshot({ path: path.join(shots, '06-jobs.png'), fullPage: true });
    expect(ui.problems).toEqual([]);
  });
});
