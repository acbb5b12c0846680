import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../helpers/headlessApp.js';
import { screenshotsDir, signIn, useOperatorSession } from '../helpers/operatorSession.js';

// Who may do what, end to end in Chromium through headless mode: the admin creates an operator and
// an approver; the operator runs invoice-download with the vault's portal login and cannot open
// Credentials or Users; the approver decides a carrier-invoices approval and cannot run bots. Then
// someone edits an audit row behind the app's back and Verify names it; and the password the bots
// typed is nowhere on disk but in the vault.

const ui = useOperatorSession({ viewport: { width: 1280, height: 900 } });
const OPERATOR = { username: 'otto', password: 'otto-operates-2026', name: 'Otto Operador' } as const;
const APPROVER = { username: 'ana', password: 'ana-approves-2026', name: 'Ana Aprovadora' } as const;
/** What the seeded demo logins hold (demo-sites/demoAccounts.ts); bots type them into the portals. */
const DEMO_PASSWORDS = ['demo-pass', 'tax-pass'];

const contexts: BrowserContext[] = [];
let admin: Page;

function shoot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(screenshotsDir, `roles-${name}.png`), fullPage: true });
}

/** A second person at another browser: their own context, signed in on the Sign-in screen. */
async function personAt(user: { username: string; password: string }, tryWrongFirst = false): Promise<Page> {
  const context = await ui.browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => ui.problems.push(e.message));
  await page.goto(ui.app.url);
  if (tryWrongFirst) {
    // A typo first: the answer never says whether the name or the password was wrong.
    await page.getByLabel('User name').fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill(`${user.password}x`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.textContent('[data-testid="sign-in-error"]')).toBe('Wrong user name or password');
    await shoot(page, '00-sign-in-refused');
  }
  await signIn(page, user);
  return page;
}

async function createUser(user: { username: string; password: string; name: string }, role: string): Promise<void> {
  await admin.click('[data-testid="nav-users"]');
  await admin.getByRole('button', { name: 'New user' }).click();
  const form = admin.getByRole('form', { name: 'New user' });
  await form.getByLabel('User name').fill(user.username);
  await form.getByLabel('Display name').fill(user.name);
  await form.getByLabel('Role').selectOption(role);
  await form.getByLabel('Initial password', { exact: true }).fill(user.password);
  await form.getByLabel('Repeat the initial password').fill(user.password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect.poll(() => admin.locator(`[data-testid="user-row-${user.username}"]`).textContent()).toContain(user.name);
}

async function waitForState(page: Page, state: string, timeout = 90_000): Promise<void> {
  await expect.poll(() => page.getAttribute('[data-testid="job-state"]', 'data-state'), { timeout }).toBe(state);
}

/** Every file under `dir`, with zip archives (Playwright traces) opened too. */
function filesUnder(dir: string): { file: string; bytes: Uint8Array }[] {
  const found: { file: string; bytes: Uint8Array }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = fs.readFileSync(file);
    found.push({ file, bytes });
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      for (const [name, inner] of Object.entries(unzipSync(bytes))) found.push({ file: `${file}!${name}`, bytes: inner });
    }
  }
  return found;
}

beforeAll(() => {
  admin = ui.page;
});
afterAll(async () => {
  for (const context of contexts) await context.close();
});

describe('an admin, an operator and an approver', () => {
  it('the admin creates an operator and an approver', async () => {
    await createUser(OPERATOR, 'operator');
    await createUser(APPROVER, 'approver');
    await shoot(admin, '01-users');
    await admin.click('[data-testid="nav-credentials"]');
    // The demo portals' logins were seeded on first start: names and bots, never a value.
    await expect.poll(() => admin.locator('[data-name]').count()).toBeGreaterThanOrEqual(2);
    const listed = (await admin.textContent('main')) ?? '';
    for (const password of DEMO_PASSWORDS) expect(listed).not.toContain(password);
    await shoot(admin, '02-credentials');
  });

  it('the operator runs invoice-download with the vault portal login, and cannot open Credentials or Users', async () => {
    const page = await personAt(OPERATOR, true);
    for (const screen of ['users', 'credentials', 'audit']) expect(await page.locator(`[data-testid="nav-${screen}"]`).count()).toBe(0);
    for (const route of ['users', 'credentials']) {
      await page.goto(`${ui.app.origin}/#/${route}`);
      await expect.poll(() => page.locator('[data-testid="no-access"]').count()).toBe(1);
    }
    await page.goto(`${ui.app.origin}/#/bots`);
    await page.click('[data-testid="run-invoice-download"]');
    const picker = page.getByLabel('Carrier portal login');
    // The bot's default entry is chosen; the operator sees its name, nothing of its values.
    await expect.poll(async () => (await picker.locator('option:checked').textContent()) ?? '').not.toBe('');
    await page.fill('input[name="month"]', '2026-10');
    await shoot(page, '03-run-form-credential');
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await waitForState(page, 'succeeded');
    await expect.poll(() => page.textContent('[data-testid="job-screen"]')).toContain(OPERATOR.name);
    await shoot(page, '04-operator-job');
  });

  it('the approver decides a carrier-invoices approval, and cannot run bots', async () => {
    // The admin starts the run that asks for an approval.
    await admin.click('[data-testid="nav-bots"]');
    await admin.click('[data-testid="run-carrier-invoices"]');
    await admin.fill('input[name="month"]', '2026-10');
    await admin.click('[data-testid="run-submit"]');
    await admin.waitForSelector('[data-testid="job-screen"]');
    await waitForState(admin, 'waiting_approval');
    const jobId = Number(/#\/jobs\/(\d+)/.exec(admin.url())?.[1]);

    const page = await personAt(APPROVER);
    await page.click('[data-testid="nav-bots"]');
    await page.locator('[data-testid="bot-carrier-invoices"]').waitFor();
    expect(await page.locator('[data-testid^="run-"]').count()).toBe(0);
    await page.click('[data-testid="nav-approvals"]');
    await page.locator('[data-testid^="approval-row-"]').first().click();
    await page.waitForSelector('[data-testid="approval-screen"]');
    await page.click('[data-testid="approve"]');
    await expect.poll(() => page.textContent('[data-testid="approval-outcome"]')).toContain(APPROVER.name);
    await page.goto(`${ui.app.origin}/#/jobs/${jobId}`);
    await waitForState(page, 'succeeded');
    await shoot(page, '05-approver-decided');

    // The contract refuses what the screen does not offer.
    const client = await connectClient(ui.app, { username: APPROVER.username, password: APPROVER.password });
    try {
      const refused = await client.invoke('jobs.create', { botId: 'invoice-download', params: { month: '2026-10' } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('"jobs.run"') } });
      const decided = await client.invoke('approvals.list', { jobId });
      expect(decided.ok && decided.result.approvals.map((a) => a.decidedBy)).toEqual([APPROVER.username]);
    } finally {
      client.close();
    }
  });

  it('Verify names the audit row someone changed with SQL, behind the app', async () => {
    const file = path.join(ui.app.dataDir, 'rpa-desk.sqlite');
    const sqlite = new Database(file);
    try {
      const row = sqlite
        .prepare("SELECT id FROM audit_log WHERE action = 'user.created' AND detail_json LIKE ? ORDER BY id DESC LIMIT 1")
        .get(`%${APPROVER.username}%`) as { id: number };
      // The triggers refuse the edit; an attacker with the file drops them first.
      expect(() => sqlite.prepare("UPDATE audit_log SET actor = 'nobody' WHERE id = ?").run(row.id)).toThrow('append-only');
      sqlite.exec('DROP TRIGGER audit_log_no_update');
      sqlite.prepare(`UPDATE audit_log SET detail_json = replace(detail_json, '"approver"', '"admin"') WHERE id = ?`).run(row.id);
      await admin.click('[data-testid="nav-audit"]');
      await admin.getByRole('button', { name: 'Verify' }).click();
      const result = admin.locator('[data-testid="audit-verify-result"]');
      await expect.poll(() => result.getAttribute('data-ok')).toBe('false');
      expect(await result.textContent()).toContain(`Row ${row.id.toLocaleString('en')}`);
      await expect.poll(() => admin.locator(`[data-testid="audit-row-${row.id}"][data-bad="true"]`).count()).toBe(1);
      await shoot(admin, '06-audit-tampered');
    } finally {
      sqlite.close();
    }
  });

  it('leaves the passwords the bots typed nowhere on disk but sealed in the vault', () => {
    const hits: string[] = [];
    const files = filesUnder(ui.app.dataDir);
    expect(files.some((f) => f.file.endsWith('rpa-desk.sqlite-wal') || f.file.endsWith('rpa-desk.sqlite'))).toBe(true);
    expect(files.some((f) => f.file.includes(`${path.sep}logs${path.sep}`))).toBe(true);
    for (const { file, bytes } of files) {
      const text = Buffer.from(bytes).toString('latin1');
      for (const password of DEMO_PASSWORDS) {
        for (const form of [password, Buffer.from(password).toString('base64'), encodeURIComponent(password)])
          if (text.includes(form)) hits.push(`${form} in ${file}`);
      }
    }
    // The scan reads what is really there: the invoices the same jobs found are in the database and WAL.
    expect(files.some(({ bytes }) => Buffer.from(bytes).includes('INV-2026-10-001'))).toBe(true);
    console.log(`Scanned ${files.length} files (database, WAL, logs, job folders, archives opened) for the demo passwords: ${hits.length} hits`);
    expect(hits).toEqual([]);
    expect(ui.problems).toEqual([]);
  });
});
