import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshotsDir, useOperatorSession } from '../helpers/operatorSession.js';

// The live log tail with 100,000 lines: the renderer keeps only the visible rows in the DOM, and
// level filter, search, follow-with-pause and copy work on the whole log.

const LINES = 100_000;
const shots = screenshotsDir;
const ui = useOperatorSession({ permissions: ['clipboard-read', 'clipboard-write'] });
let page: Page;
beforeAll(() => {
  ({ page } = ui);
});

function count(): Promise<string | null> {
  return page.textContent('[data-testid="log-count"]');
}

describe('the live log tail', () => {
  it('follows 100,000 lines as they stream, with only the visible rows in the page', async () => {
    await page.click('[data-testid="nav-bots"]');
    await page.click('[data-testid="run-log-stream"]');
    await page.fill('input[name="lines"]', String(LINES));
    await page.fill('input[name="perSecond"]', '20000');
    const started = Date.now();
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await expect.poll(count, { timeout: 60_000 }).toMatch(/^[1-9]\d* lines/);
    await expect.poll(() => page.textContent('[data-testid="job-state"]'), { timeout: 90_000 }).toBe('succeeded');
    // The bot's lines plus the worker's own start line.
    await expect.poll(count, { timeout: 30_000 }).toMatch(new RegExp(`^${LINES + 1} lines`));
    console.log(`${LINES} lines on screen ${Date.now() - started} ms after Run`);
    expect(await page.locator('[data-testid="log-line"]').count()).toBeLessThan(200);
    // Following: the last line is on screen.
    await expect.poll(() => page.locator('[data-testid="log-line"]').last().textContent()).toContain(`Line ${LINES} of ${LINES}`);
    await page.screenshot({ path: path.join(shots, '07-log-100k.png') });
  });

  it('pauses following when the operator scrolls up, and resumes on Jump to latest', async () => {
    // Setting scrollTop fires a real scroll event, as the operator's wheel would.
    await page.locator('[data-testid="log-tail"]').evaluate((el: { scrollTop: number }) => {
      el.scrollTop = 0;
    });
    await page.waitForSelector('[data-testid="jump-to-latest"]');
    expect(await page.isChecked('[data-testid="follow-toggle"]')).toBe(false);
    expect(await page.locator('[data-testid="log-line"]').nth(1).textContent()).toContain('Line 1 of');
    await page.screenshot({ path: path.join(shots, '08-log-paused.png') });
    await page.click('[data-testid="jump-to-latest"]');
    expect(await page.isChecked('[data-testid="follow-toggle"]')).toBe(true);
    await expect.poll(() => page.locator('[data-testid="log-line"]').last().textContent()).toContain(`Line ${LINES} of`);
  });

  it('filters by level and searches the whole log, and copies what is shown', async () => {
    await page.selectOption('[data-testid="log-level"]', 'CRITICAL');
    // Every 150th line is CRITICAL.
    await expect.poll(count).toBe(`${Math.floor(LINES / 150)} of ${LINES + 1} lines`);
    const levels = await page
      .locator('[data-testid="log-line"]')
      .evaluateAll((rows: { getAttribute(name: string): string | null }[]) => rows.map((r) => r.getAttribute('data-level')));
    expect(new Set(levels)).toEqual(new Set(['CRITICAL']));
    await page.selectOption('[data-testid="log-level"]', 'DEBUG');
    await page.fill('[data-testid="log-search"]', 'record R-0424');
    await expect.poll(count).toBe(`10 of ${LINES + 1} lines`);
    await page.screenshot({ path: path.join(shots, '09-log-search.png') });
    await page.click('[data-testid="copy-log"]');
    const copied = await page.evaluate(() =>
      (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
    );
    expect(copied.split('\n')).toHaveLength(10);
    expect(copied).toContain('record R-04240');
  });
});
