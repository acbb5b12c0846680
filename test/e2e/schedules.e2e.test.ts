import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshotsDir, useOperatorSession } from '../helpers/operatorSession.js';

// Schedules end to end: headless mode as a real process, the real renderer in Chromium. A schedule
// firing every minute shows its next runs, fires a job at the next minute boundary, and once
// disabled fires no more.

const shots = process.env.SCHEDULE_SHOTS ?? screenshotsDir;
const ui = useOperatorSession();
const SCHEDULE = 'Every few seconds';
let page: Page;
beforeAll(() => {
  ({ page } = ui);
});

async function jobRowsBySchedule(): Promise<number> {
  await page.click('[data-testid="nav-jobs"]');
  await page.waitForSelector('[data-testid="jobs-table"]');
  // Started by the schedule: shown by its name, recorded as `schedule:<name>`.
  return page.locator(`[data-testid^="job-row-"] [data-actor="schedule:${SCHEDULE}"]`).count();
}

describe('schedules from the operator screen', () => {
  it('lists the built-in maintenance schedules', async () => {
    await page.click('[data-testid="nav-schedules"]');
    await page.waitForSelector('[data-testid="schedules-screen"]');
    await expect
      .poll(() => page.locator('[data-testid^="schedule-"][data-testid$="1"] [data-testid="schedule-title"]').first().textContent())
      .toBe('Delete old job logs and files');
    expect(await page.locator('[data-testid="schedule-next-runs"] li').count()).toBe(10);
    await page.screenshot({ path: path.join(shots, 'schedules-01-builtins.png'), fullPage: true });
  });

  it('refuses an invalid expression with the reason before saving', async () => {
    await page.click('[data-testid="schedule-new"]');
    await page.waitForSelector('[data-testid="schedule-editor"]');
    await page.fill('[data-testid="schedule-name"]', SCHEDULE);
    await page.selectOption('[data-testid="schedule-bot"]', 'log-stream');
    await page.fill('input[name="lines"]', '3');
    await page.fill('[data-testid="schedule-cron"]', '61 * * * *');
    await expect.poll(() => page.textContent('[data-testid="schedule-cron-error"]')).toBe('Minute 61 is out of range (0–59)');
    await page.click('[data-testid="schedule-save"]');
    // Refused in the form: the editor stays open and nothing was added.
    await expect.poll(() => page.textContent('[data-testid="schedule-cron-error"]')).toBe('Minute 61 is out of range (0–59)');
    expect(await page.locator('[data-testid="schedule-editor"]').count()).toBe(1);
    expect(await page.locator('.schedule-card').count()).toBe(2);
    await page.screenshot({ path: path.join(shots, 'schedules-02-invalid.png'), fullPage: true });

    await page.selectOption('[data-testid="schedule-preset"]', 'weekdays');
    await page.fill('[data-testid="schedule-time"]', '02:00');
    await expect.poll(() => page.textContent('[data-testid="schedule-description"]')).toBe('At 02:00, Monday through Friday');
    expect(await page.inputValue('[data-testid="schedule-cron"]')).toBe('0 2 * * 1-5');
  });

  it('creates a schedule firing every few seconds, shows its next runs and sees it fire a job', async () => {
    await page.fill('[data-testid="schedule-cron"]', '* * * * *');
    await expect.poll(() => page.textContent('[data-testid="schedule-description"]')).toBe('Every minute');
    // Six fields, seconds first: the test sees it fire within seconds instead of waiting for a minute boundary.
    await page.fill('[data-testid="schedule-cron"]', '*/4 * * * * *');
    await expect.poll(() => page.textContent('[data-testid="schedule-description"]')).toBe('Every 4 seconds');
    await expect.poll(() => page.locator('[data-testid="schedule-preview-runs"] li').count()).toBe(5);
    await page.screenshot({ path: path.join(shots, 'schedules-03-editor.png'), fullPage: true });
    await page.click('[data-testid="schedule-save"]');
    await page.waitForSelector('[data-testid="schedule-editor"]', { state: 'detached' });
    const card = page.locator('.schedule-card', { hasText: SCHEDULE });
    await expect.poll(() => card.locator('[data-testid="schedule-next-runs"] li').count()).toBe(5);
    const runs = await card.locator('[data-testid="schedule-next-runs"] li').allTextContents();
    const times = runs.map((r) => Date.parse(r));
    expect(times.every((t) => !Number.isNaN(t))).toBe(true);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual([4_000, 4_000, 4_000, 4_000]);
    expect(new Date(times[0]!).getSeconds() % 4).toBe(0);
    expect(await card.locator('[data-testid="schedule-words"]').textContent()).toBe('Every 4 seconds');
    await expect.poll(() => card.locator('[data-testid="schedule-last-job"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => card.locator('[data-testid="schedule-counters"]').textContent(), { timeout: 25_000 }).toMatch(/[1-9]\d* succeeded/);
    await page.screenshot({ path: path.join(shots, 'schedules-04-fired.png'), fullPage: true });
  });

  it('disables the schedule and sees it fire no more', async () => {
    const card = page.locator('.schedule-card', { hasText: SCHEDULE });
    await card.locator('[data-testid="schedule-toggle"]').click();
    await expect.poll(() => card.locator('[data-testid="schedule-state"]').textContent()).toBe('disabled');
    expect(await card.locator('[data-testid="schedule-next-runs"]').textContent()).toContain('None while disabled');
    await page.screenshot({ path: path.join(shots, 'schedules-05-disabled.png'), fullPage: true });
    // A job already started may still be listed late: count once the count has settled.
    let before = -1;
    await expect
      .poll(
        async () => {
          const now = await jobRowsBySchedule();
          const settled = now === before;
          before = now;
          return settled;
        },
        { interval: 1_000 },
      )
      .toBe(true);
    expect(before).toBeGreaterThanOrEqual(1);
    // Three periods after, when it would have fired three more times.
    await new Promise((resolve) => setTimeout(resolve, 12_500));
    expect(await jobRowsBySchedule()).toBe(before);
    await page.screenshot({ path: path.join(shots, 'schedules-06-jobs.png'), fullPage: true });
    expect(ui.problems).toEqual([]);
  });
});
