import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBotsDir } from '../helpers/paths.js';
import { screenshotsDir, useOperatorSession } from '../helpers/operatorSession.js';

// Steering jobs as an operator does, in Chromium through headless mode: cancel a running job,
// rerun it with a changed parameter, and run one a minute later.

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

  it('runs a job a minute later, showing it scheduled until then', async () => {
    await openRunForm('echo');
    await page.fill('input[name="text"]', 'later');
    await page.check('[data-testid="run-later"]');
    const at = new Date(Date.now() + 60_000);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    await page.fill('[data-testid="run-at"]', local);
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await expect.poll(state).toBe('scheduled');
    expect(await page.textContent('[data-testid="job-run-at"]')).toBeTruthy();
    await page.screenshot({ path: path.join(shots, '11-job-scheduled.png'), fullPage: true });
    await expect.poll(state, { timeout: 90_000, interval: 1_000 }).toBe('succeeded');
    const ranAt = Date.now();
    expect(ranAt).toBeGreaterThanOrEqual(at.getTime() - 1_000);
  }, 150_000);
});
