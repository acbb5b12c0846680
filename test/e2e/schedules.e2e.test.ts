import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshotsDir, useOperatorSession } from '../helpers/operatorSession.js';

// Schedules end to end: headless mode as a real process, the real renderer in Chromium. A schedule
// firing every minute shows its next runs, fires a job at the next minute boundary, and once
// disabled fires no more.

const shots = process.env.SCHEDULE_SHOTS ?? screenshotsDir;
const ui = useOperatorSession();
let page: Page;
beforeAll(() => {
  ({ page } = ui);
});

async function jobRowsBySchedule(): Promise<number> {
  await page.click('[data-testid="nav-jobs"]');
  await page.waitForSelector('[data-testid="jobs-table"]');
  await page.waitForTimeout(300);
  // Started by the schedule: shown by its name, recorded as `schedule:<name>`.
  return page.locator('[data-testid^="job-row-"] [data-actor="schedule:Every minute"]').count();
}

describe('schedules from the operator screen', () => {
  it('lists the built-in maintenance schedules', async () => {
    await page.click('[data-testid="nav-schedules"]');
    await page.waitForSelector('[data-testid="schedules-screen"]');
    await expect.poll(() => page.locator('[data-testid^="schedule-"][data-testid$="1"] [data-testid="schedule-title"]').first().textContent()).toBe('Delete old job logs and files');
    expect(await page.locator('[data-testid="schedule-next-runs"] li').count()).toBe(10);
    await page.screenshot({ path: path.join(shots, 'schedules-01-builtins.png'), fullPage: true });
  });

  it('refuses an invalid expression with the reason before saving', async () => {
    await page.click('[data-testid="schedule-new"]');
    await page.waitForSelector('[data-testid="schedule-editor"]');
    await page.fill('[data-testid="schedule-name"]', 'Every minute');
    await page.selectOption('[data-testid="schedule-bot"]', 'log-stream');
    await page.fill('input[name="lines"]', '3');
    await page.fill('[data-testid="schedule-cron"]', '61 * * * *');
    await expect.poll(() => page.textContent('[data-testid="schedule-cron-error"]')).toBe('Minute 61 is out of range (0–59)');
    await page.click('[data-testid="schedule-save"]');
    await page.waitForTimeout(300);
    expect(await page.locator('[data-testid="schedule-editor"]').count()).toBe(1);
    expect(await page.locator('.schedule-card').count()).toBe(2);
    await page.screenshot({ path: path.join(shots, 'schedules-02-invalid.png'), fullPage: true });

    await page.selectOption('[data-testid="schedule-preset"]', 'weekdays');
    await page.fill('[data-testid="schedule-time"]', '02:00');
    await expect.poll(() => page.textContent('[data-testid="schedule-description"]')).toBe('At 02:00, Monday through Friday');
    expect(await page.inputValue('[data-testid="schedule-cron"]')).toBe('0 2 * * 1-5');
  });

  it('creates a schedule firing every minute, shows its next runs and sees it fire a job', async () => {
    await page.fill('[data-testid="schedule-cron"]', '* * * * *');
    await expect.poll(() => page.textContent('[data-testid="schedule-description"]')).toBe('Every minute');
    await expect.poll(() => page.locator('[data-testid="schedule-preview-runs"] li').count()).toBe(5);
    await page.screenshot({ path: path.join(shots, 'schedules-03-editor.png'), fullPage: true });
    await page.click('[data-testid="schedule-save"]');
    await page.waitForSelector('[data-testid="schedule-editor"]', { state: 'detached' });
    const card = page.locator('.schedule-card', { hasText: 'Every minute' });
    await expect.poll(() => card.locator('[data-testid="schedule-next-runs"] li').count()).toBe(5);
    const runs = await card.locator('[data-testid="schedule-next-runs"] li').allTextContents();
    const times = runs.map((r) => Date.parse(r));
    expect(times.every((t) => !Number.isNaN(t))).toBe(true);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual([60_000, 60_000, 60_000, 60_000]);
    expect(new Date(times[0]!).getSeconds()).toBe(0);
    expect(await card.locator('[data-testid="schedule-words"]').textContent()).toBe('Every minute');
    // The next minute boundary is at most 60 s away.
    await expect.poll(() => card.locator('[data-testid="schedule-last-job"]').count(), { timeout: 75_000 }).toBe(1);
    await expect.poll(() => card.locator('[data-testid="schedule-counters"]').textContent(), { timeout: 25_000 }).toMatch(/[1-9]\d* succeeded/);
    await page.screenshot({ path: path.join(shots, 'schedules-04-fired.png'), fullPage: true });
  }, 150_000);

  it('disables the schedule and sees it fire no more', async () => {
    const card = page.locator('.schedule-card', { hasText: 'Every minute' });
    await card.locator('[data-testid="schedule-toggle"]').click();
    await expect.poll(() => card.locator('[data-testid="schedule-state"]').textContent()).toBe('disabled');
    expect(await card.locator('[data-testid="schedule-next-runs"]').textContent()).toContain('None while disabled');
    await page.screenshot({ path: path.join(shots, 'schedules-05-disabled.png'), fullPage: true });
    // Let a job that was already running end, then count.
    await page.waitForTimeout(2_000);
    const before = await jobRowsBySchedule();
    expect(before).toBeGreaterThanOrEqual(1);
    // Past the next minute boundary, when it would have fired again.
    await page.waitForTimeout(62_000);
    expect(await jobRowsBySchedule()).toBe(before);
    await page.screenshot({ path: path.join(shots, 'schedules-06-jobs.png'), fullPage: true });
    expect(ui.problems).toEqual([]);
  }, 120_000);
});
