import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBotsDir } from '../helpers/paths.js';
import { screenshotsDir, useOperatorSession } from '../helpers/operatorSession.js';

// Steering jobs as an operator does, in Chromium through headless mode: cancel a running job,
// rerun it with a changed parameter, and run one a few seconds later.

const shots = screenshotsDir;
const ui = useOperatorSession({ appArgs: ['--bots-dir', fixtureBotsDir] });
let page: Page;
beforeAll(() => {
  ({ page } = ui);
});

function state(): Promise<string | null> {
  return page.textContent('[data-testid="job-state"]');
}

async function openRunForm(botId: string): Promise<void> {
  await page.click('[data-testid="nav-bots"]');
  await page.click(`[data-testid="run-${botId}"]`);
  await page.waitForSelector('[data-testid="run-form"]');
}

describe('steering jobs from the operator screen', () => {
  it('cancels a running job with its browser open, then reruns it with a changed parameter', async () => {
    await openRunForm('browser-wait');
    await page.fill('input[name="ms"]', '60000');
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await expect.poll(() => page.locator('[data-testid="log-line"]', { hasText: 'Browser open' }).count(), { timeout: 30_000 }).toBe(1);
    const clicked = Date.now();
    await page.click('[data-testid="cancel-job"]');
    await expect.poll(state, { timeout: 15_000 }).toBe('cancelled');
    console.log(`Cancel clicked → "cancelled" on screen: ${Date.now() - clicked} ms (browser open)`);
    expect(await page.textContent('[data-testid="job-error"]')).toContain('Cancelled by');
    await page.screenshot({ path: path.join(shots, '10-job-cancelled.png'), fullPage: true });
    const cancelledUrl = page.url();

    await page.click('[data-testid="rerun-with-changes"]');
    await page.waitForSelector('[data-testid="run-form"]');
    expect(await page.inputValue('input[name="ms"]')).toBe('60000');
    await page.fill('input[name="ms"]', '500');
    await page.click('[data-testid="run-submit"]');
    await page.waitForURL((url) => url.href !== cancelledUrl && /#\/jobs\/\d+/.test(url.href));
    await expect.poll(state, { timeout: 30_000 }).toBe('succeeded');
    expect(await page.textContent('[data-testid="job-rerun-of"]')).toMatch(/\d+/);
    expect(await page.textContent('[data-testid="job-result"]')).toContain('500');
  }, 90_000);

  it('lists a bot the app could not use in the Bots screen, with why, and keeps serving the others', async () => {
    // top-level-loop never finishes loading: the build describes it in a throwaway process that is
    // stopped, and main, which never loads bot code, only reads that there is no manifest.
    await page.click('[data-testid="nav-bots"]');
    const problem = page.locator('[data-testid="bot-problem"][data-file="top-level-loop.cjs"]');
    await expect.poll(() => problem.textContent()).toMatch(/top-level-loop\.cjs.+\S/);
    expect(await page.locator('[data-testid="bot-echo"]').count()).toBe(1);
    await page.locator('[data-testid="bot-problems"]').screenshot({ path: path.join(shots, '15-bot-problems.png') });
  });

  it('says why a queued job waits, and shows what a failed job left as evidence', async () => {
    await openRunForm('sleepy');
    await page.fill('input[name="ms"]', '60000');
    await page.fill('input[name="account"]', 'ACME');
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await expect.poll(state, { timeout: 30_000 }).toBe('running');
    const holder = /#\/jobs\/(\d+)/.exec(page.url())?.[1];

    // Same portal account: the second job must wait for the first one's lock, and say so.
    await openRunForm('sleepy');
    await page.fill('input[name="ms"]', '100');
    await page.fill('input[name="account"]', 'ACME');
    await page.click('[data-testid="run-submit"]');
    await page.waitForURL((url) => url.href.includes('#/jobs/') && !url.href.endsWith(`/${holder}`));
    await expect.poll(state).toBe('queued');
    await expect.poll(() => page.textContent('[data-testid="job-wait-reason"]')).toBe(`Waiting for lock carrier-portal:ACME held by job ${holder}`);
    await page.screenshot({ path: path.join(shots, '12-job-waiting.png'), fullPage: true });
    const waiting = page.url();

    // Cancelling the holder frees the lock: the waiting job runs.
    await page.goto(waiting.replace(/\d+$/, holder ?? ''));
    await page.click('[data-testid="cancel-job"]');
    await expect.poll(state, { timeout: 15_000 }).toBe('cancelled');
    await page.goto(waiting);
    await expect.poll(state, { timeout: 30_000 }).toBe('succeeded');

    await openRunForm('page-then-throw');
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await expect.poll(state, { timeout: 30_000 }).toBe('failed');
    expect(await page.textContent('[data-testid="job-error"]')).toContain('Invoice table missing');
    const image = page.locator('[data-testid="evidence-image"]').first();
    await expect
      .poll(() => image.evaluate((img: { complete: boolean; naturalWidth: number }) => (img.complete ? img.naturalWidth : 0)), { timeout: 15_000 })
      .toBeGreaterThan(100);
    await expect.poll(() => page.locator('[data-testid="job-files-evidence"]').textContent()).toContain('trace.zip');
    // The state history catches up without a reload.
    await expect.poll(() => page.locator('[data-testid="job-history"]').textContent()).toContain('failed');
    await page.screenshot({ path: path.join(shots, '13-job-failed-evidence.png'), fullPage: true });
  }, 120_000);

  it('offers Open only for documents: a program a site sent, even one dressed up as a PDF, gets Save only', async () => {
    await openRunForm('file-kinds');
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await expect.poll(state, { timeout: 30_000 }).toBe('succeeded');
    const row = (name: string) =>
      page.locator('[data-testid="job-file"]', { has: page.locator('td.file-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) });
    await expect.poll(() => row('invoice.pdf').count()).toBe(1);
    expect(await row('invoice.pdf').getByRole('button', { name: 'Open' }).count()).toBe(1);
    for (const name of ['setup.exe', 'invoicefdp.exe']) {
      // The right-to-left override is gone from the name: it reads as the .exe it is.
      expect(await row(name).count()).toBe(1);
      expect(await row(name).getByRole('button', { name: 'Open' }).count()).toBe(0);
      expect(await row(name).getByRole('button', { name: 'Save' }).count()).toBe(1);
      expect(await row(name).locator('[data-testid="file-save-only"]').getAttribute('title')).toContain('(.exe) can run programs');
    }
    expect(await page.locator('td.file-name', { hasText: '\u202E' }).count()).toBe(0);
    await page.screenshot({ path: path.join(shots, '14-job-files-save-only.png'), fullPage: true });
  }, 60_000);

  it('runs a job a few seconds later, showing it scheduled until then', async () => {
    await openRunForm('echo');
    await page.fill('input[name="text"]', 'later');
    await page.check('[data-testid="run-later"]');
    // Seconds, not a minute: the form takes a time to the second, and the test need not wait long.
    const at = new Date(Date.now() + 8_000);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    await page.fill('[data-testid="run-at"]', local);
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await expect.poll(state).toBe('scheduled');
    expect(await page.textContent('[data-testid="job-run-at"]')).toBeTruthy();
    await page.screenshot({ path: path.join(shots, '11-job-scheduled.png'), fullPage: true });
    await expect.poll(state, { timeout: 30_000, interval: 250 }).toBe('succeeded');
    const ranAt = Date.now();
    expect(ranAt).toBeGreaterThanOrEqual(at.getTime() - 1_000);
  });
});
