import path from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/paths.js';

// The Electron shell itself: the window is isolated and sandboxed, only window.rpa is exposed, and
// a bot runs from the Run form. Needs the Electron binary (see run.mjs).

let app: ElectronApplication;
let page: Page;

beforeAll(async () => {
  app = await electron.launch({
    executablePath: process.env.RPA_ELECTRON_BINARY,
    // A CI machine's Linux desktop has no keyring: accept safeStorage's basic_text for the vault key there.
    args: [path.join(repoRoot, 'dist', 'main.cjs'), `--data-dir=${tempDir()}`, '--accept-plain-text-key'],
    cwd: repoRoot,
  });
  page = await app.firstWindow();
  await page.waitForSelector('[data-testid="nav-jobs"]');
});
afterAll(async () => {
  await app?.close();
});

describe('the Electron window', () => {
  it('has no Node in the page and exposes exactly invoke and on', async () => {
    const globals = await page.evaluate(() => {
      const page = globalThis as unknown as { require?: unknown; process?: unknown; rpa: object };
      return { require: typeof page.require, process: typeof page.process, rpa: Object.keys(page.rpa).sort() };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', rpa: ['invoke', 'on'] });
  });

  it('is served from rpa://app with a strict CSP and cannot open other windows', async () => {
    expect(page.url()).toMatch(/^rpa:\/\/app\//);
    const blocked = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com') === null);
    expect(blocked).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  it('runs the log-stream bot from the Run form and shows it succeed', async () => {
    await page.click('[data-testid="nav-bots"]');
    await page.click('[data-testid="run-log-stream"]');
    await page.fill('input[name="lines"]', '50');
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await expect.poll(() => page.textContent('[data-testid="job-state"]'), { timeout: 30_000 }).toBe('succeeded');
  });
});
