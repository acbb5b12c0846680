import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startHeadlessApp, TEST_ADMIN, type HeadlessApp } from './headlessApp.js';
import { testBrowser, repoRoot } from './paths.js';

/** Where end-to-end tests leave the screenshots a person looks at. */
export const screenshotsDir = path.join(repoRoot, 'test-results', 'screenshots');

/** An operator at the app: headless mode started for the file, one Chromium page open on it. */
export interface OperatorSession {
  app: HeadlessApp;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions of the page: a screen that works shows none. */
  problems: string[];
}

export interface OperatorSessionOptions {
  /** Extra headless-mode arguments, e.g. a bots folder. */
  appArgs?: string[];
  viewport?: { width: number; height: number };
  /** Browser permissions for the app's origin (the copy button needs the clipboard). */
  permissions?: string[];
  /** Who signs in on the Sign-in screen first (default the test admin); false to stay on it. */
  signIn?: { username: string; password: string } | false;
}

/** Signs in on the Sign-in screen as a person does, and waits for the app behind it. */
export async function signIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').waitFor();
}

/**
 * Starts the app and a page on it before the file's tests, and stops both after them. The
 * returned object is filled in by the time the tests (or later beforeAll hooks) run.
 */
export function useOperatorSession(options: OperatorSessionOptions = {}): OperatorSession {
  const session = { problems: [] as string[] } as OperatorSession;
  beforeAll(async () => {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    session.app = await startHeadlessApp({ args: options.appArgs ?? [] });
    session.browser = await chromium.launch(testBrowser());
    const context = await session.browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 900 } });
    if (options.permissions) await context.grantPermissions(options.permissions, { origin: session.app.origin });
    session.page = await context.newPage();
    session.page.on('console', (m) => {
      if (m.type() === 'error') session.problems.push(m.text());
    });
    session.page.on('pageerror', (e) => session.problems.push(e.message));
    await session.page.goto(session.app.url);
    if (options.signIn !== false) await signIn(session.page, options.signIn ?? TEST_ADMIN);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.app?.stop();
  });
  return session;
}
