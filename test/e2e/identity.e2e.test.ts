import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessApp, TEST_ADMIN, type HeadlessApp } from '../helpers/headlessApp.js';
import { screenshotsDir, signIn, useOperatorSession } from '../helpers/operatorSession.js';
import { testBrowser } from '../helpers/paths.js';

// Users, roles, the vault and the audit trail as an admin and an operator meet them in Chromium:
// the admin adds an operator and a credential, the operator is switched in on the same window and
// sees only what the role allows, and a fresh install is set up from its one-time link.

const shots = screenshotsDir;
const ui = useOperatorSession({ viewport: { width: 1024, height: 860 } });
const OPERATOR = { username: 'olga', password: 'olga-password-2026' } as const;
let page: Page;
beforeAll(() => {
  ({ page } = ui);
});

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `identity-${name}.png`), fullPage: true });
}

describe('users, roles, credentials and the audit trail', () => {
  it('shows the signed-in admin in the sidebar with every admin screen', async () => {
    await expect.poll(() => page.textContent('[data-testid="signed-in-role"]')).toBe('Admin');
    for (const screen of ['users', 'credentials', 'audit']) expect(await page.locator(`[data-testid="nav-${screen}"]`).count()).toBe(1);
  });

  it('creates an operator who may run only the log-stream bot', async () => {
    await page.click('[data-testid="nav-users"]');
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('User name').fill(OPERATOR.username);
    await form.getByLabel('Display name').fill('Olga Prado');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByLabel('Only these bots').check();
    await form.getByLabel('Log stream').check();
    await form.getByLabel('Initial password', { exact: true }).fill(OPERATOR.password);
    await form.getByLabel('Repeat the initial password').fill(OPERATOR.password);
    await shoot('01-new-user');
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator(`[data-testid="user-row-${OPERATOR.username}"]`);
    await expect.poll(() => row.textContent()).toContain('Olga Prado');
    expect(await row.textContent()).toContain('Operator');
  });

  it('refuses to demote the last admin, next to the form', async () => {
    await page.locator(`[data-testid="user-row-${TEST_ADMIN.username}"]`).getByRole('button', { name: /^Edit/ }).click();
    await page.locator('[data-testid="user-editor"]').getByLabel('Role').selectOption('viewer');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.textContent('[data-testid="user-form-error"]')).toContain('last admin');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('keeps a credential whose values are never shown again', async () => {
    await page.click('[data-testid="nav-credentials"]');
    await expect.poll(() => page.textContent('[data-testid="vault-protection"]')).toMatch(/^Vault key: /);
    await page.getByRole('button', { name: 'New credential' }).click();
    const form = page.getByRole('form', { name: 'New credential' });
    await form.getByLabel('Name', { exact: true }).fill('Portal for tests');
    await form.getByLabel('Kind').selectOption('login');
    await form.getByLabel('User name').fill('finance');
    await form.getByLabel('Password').fill('portal-secret-value');
    await form.getByLabel('Only these bots').check();
    await form.getByLabel('Download carrier invoices').check();
    await form.getByRole('button', { name: 'Save credential' }).click();
    await page.locator('[data-name="Portal for tests"]').waitFor();
    await page.getByRole('button', { name: 'Edit Portal for tests' }).click();
    const edit = page.getByRole('form', { name: 'Edit Portal for tests' });
    expect(await edit.getByText('••••••• saved').count()).toBeGreaterThan(0);
    expect(await edit.getByLabel('Password').inputValue()).toBe('');
    await shoot('02-credential-edit');
    await edit.getByRole('button', { name: 'Cancel' }).click();
  });

  it('offers the entries a bot may use in the Run form, one picker per slot', async () => {
    await page.click('[data-testid="nav-bots"]');
    await page.click('[data-testid="run-invoice-download"]');
    const picker = page.locator('[data-testid="credential-pickers"] select').first();
    await expect.poll(async () => (await picker.locator('option').allTextContents()).includes('Portal for tests')).toBe(true);
    await shoot('03-run-form-credentials');
  });

  it('filters the audit trail, and Verify says the chain is intact', async () => {
    await page.click('[data-testid="nav-audit"]');
    await page.getByLabel('Action').fill('user.created');
    // The filter applies once typing pauses: then only those rows are left.
    // (Both at once: an empty list while the filtered page loads has no other rows either.)
    const rows = async () => ({
      others: await page.locator('[data-testid^="audit-row-"]:not([data-action="user.created"])').count(),
      created: (await page.locator('[data-testid^="audit-row-"][data-action="user.created"]').count()) > 0,
    });
    await expect.poll(rows).toEqual({ others: 0, created: true });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.textContent('[data-testid="audit-verify-result"]')).toMatch(/^Chain intact: [\d,]+ rows? checked$/);
    await shoot('04-audit');
  });

  it('switches to the operator on the same window, who sees only what the role allows', async () => {
    await page.getByRole('button', { name: 'Switch user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch user' });
    await dialog.getByLabel('User name').fill(OPERATOR.username);
    await dialog.getByLabel('Password').fill(OPERATOR.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.textContent('[data-testid="signed-in-user"]'), { timeout: 10_000 }).toBe('Olga Prado');
    // The Audit screen was open: it is not for operators.
    await expect.poll(() => page.locator('[data-testid="no-access"]').count()).toBe(1);
    for (const screen of ['users', 'credentials', 'audit']) expect(await page.locator(`[data-testid="nav-${screen}"]`).count()).toBe(0);
    await page.click('[data-testid="nav-bots"]');
    await page.locator('[data-testid="run-log-stream"]').waitFor();
    expect(await page.locator('[data-testid="run-invoice-download"]').count()).toBe(0);
    await shoot('05-operator-bots');
  });

  it('keeps the session over a reload, and signs out to the sign-in screen', async () => {
    await page.reload();
    await expect.poll(() => page.textContent('[data-testid="signed-in-user"]'), { timeout: 10_000 }).toBe('Olga Prado');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.textContent('[data-testid="sign-in-reason"]')).toBe('You signed out.');
    await signIn(page, TEST_ADMIN);
    await expect.poll(() => page.textContent('[data-testid="signed-in-role"]')).toBe('Admin');
    expect(ui.problems).toEqual([]);
  });
});

describe('a fresh install', () => {
  let app: HeadlessApp;
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  beforeAll(async () => {
    app = await startHeadlessApp({ withoutAdmin: true });
    browser = await chromium.launch(testBrowser());
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('asks for the setup link, then creates the first admin from it', async () => {
    const setupUrl = /^RPA_DESK_SETUP_URL=(\S+)$/m.exec(app.output())?.[1];
    expect(setupUrl).toBeDefined();
    const fresh = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await fresh.goto(app.url);
    await expect.poll(() => fresh.locator('[data-testid="setup-needs-link"]').count()).toBe(1);
    await fresh.goto(setupUrl ?? '');
    await fresh.getByRole('heading', { name: 'Set up RPA Desk' }).waitFor();
    expect(fresh.url()).not.toContain('setup=');
    await fresh.getByLabel('User name').fill('first.admin');
    await fresh.getByLabel('Display name').fill('First Admin');
    await fresh.getByLabel('Password', { exact: true }).fill('short');
    await expect.poll(() => fresh.textContent('[data-testid="setup-strength"]')).toMatch(/more characters? needed/);
    await fresh.getByLabel('Password', { exact: true }).fill('first-admin-password');
    await fresh.getByLabel('Repeat the password').fill('first-admin-password');
    await fresh.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect.poll(() => fresh.textContent('[data-testid="signed-in-user"]'), { timeout: 10_000 }).toBe('First Admin');
    await fresh.close();
  });
});
