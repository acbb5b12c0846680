import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN } from '../helpers/headlessApp.js';
import { screenshotsDir, useOperatorSession } from '../helpers/operatorSession.js';

// An operator in Brazil: the browser asks for pt-BR, so every screen opens in Portuguese; the
// sidebar switches to English and to the dark theme, and both choices survive a reload.
// Screenshots of the main screens in pt-BR light, pt-BR dark and en dark are for a person to read.

const shots = screenshotsDir;
const ui = useOperatorSession();
// Tall enough for the Job screen to show its log below the header and panels.
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  // The session's own page is English; this one is a second operator whose browser speaks Portuguese.
  context = await ui.browser.newContext({ locale: 'pt-BR', viewport: { width: 1366, height: 1150 } });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(ui.app.url);
  // Signing in is the first screen, and it is in Portuguese already.
  await page.getByLabel('Nome de usuário').fill(TEST_ADMIN.username);
  await page.getByLabel('Senha', { exact: true }).fill(TEST_ADMIN.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('navigation').waitFor();
});

afterAll(async () => {
  await context?.close();
});

function text(selector: string): Promise<string | null> {
  return page.textContent(selector);
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** Bots, Run form, a Job with its log still streaming, and Schedules, each saved as `language-<n>-<screen>-<variant>`. */
async function shootScreens(variant: string, jobUrl: string): Promise<void> {
  await page.click('[data-testid="nav-bots"]');
  await page.waitForSelector('[data-testid="bot-log-stream"]');
  await shoot(`language-01-bots-${variant}`);
  await page.click('[data-testid="run-log-stream"]');
  await page.waitForSelector('[data-testid="run-form"]');
  await shoot(`language-02-run-form-${variant}`);
  await page.goto(jobUrl);
  await page.waitForSelector('[data-testid="log-line"]');
  await expect.poll(() => page.getAttribute('[data-testid="job-state"]', 'data-state')).toBe('running');
  await shoot(`language-03-job-${variant}`);
  await page.click('[data-testid="nav-schedules"]');
  await page.waitForSelector('[data-testid="schedule-next-runs"]');
  await shoot(`language-04-schedules-${variant}`);
}

function backgroundOf(selector: string): Promise<string> {
  // The callback runs in the page; the test's own types know no DOM, as in the other e2e files.
  return page
    .locator(selector)
    .evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element).backgroundColor);
}

describe('language and theme', () => {
  let jobUrl = '';

  it('opens in Portuguese when the browser asks for pt-BR', async () => {
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('pt-BR');
    await page.click('[data-testid="nav-bots"]');
    await expect.poll(() => text('.screen-header h1')).toBe('Robôs');
    expect(await text('[data-testid="run-log-stream"]')).toBe('Executar');
    expect(await text('[data-testid="nav-jobs"]')).toBe('Tarefas');
    expect(await text('[data-testid="nav-schedules"]')).toBe('Agendamentos');

    await page.click('[data-testid="nav-jobs"]');
    await expect.poll(() => text('.screen-header h1')).toBe('Tarefas');
    expect(await page.locator('[data-testid="jobs-table"] th').allTextContents()).toEqual([
      'Tarefa',
      'Robô',
      'Estado',
      'Progresso',
      'Iniciada por',
      'Criada em',
      'Duração',
    ]);
    expect(await text('.empty')).toBe('Nenhuma tarefa ainda. Inicie uma na tela Robôs.');
  });

  it('runs a bot from the Portuguese Run form and shows its state and log in Portuguese', async () => {
    await page.click('[data-testid="nav-bots"]');
    await page.click('[data-testid="run-log-stream"]');
    await page.waitForSelector('[data-testid="run-form"]');
    expect(await text('[data-testid="run-submit"]')).toBe('Executar robô');
    // Slow enough to still be streaming through every screenshot below; cancelled at the end.
    await page.fill('input[name="lines"]', '5000');
    await page.fill('input[name="perSecond"]', '20');
    await page.click('[data-testid="run-submit"]');
    await page.waitForSelector('[data-testid="job-screen"]');
    await page.waitForSelector('[data-testid="log-line"]', { timeout: 30_000 });
    await expect.poll(() => text('[data-testid="job-state"]'), { timeout: 30_000 }).toBe('em execução');
    expect(await page.getAttribute('[data-testid="job-state"]', 'data-state')).toBe('running');
    expect(await text('[data-testid="job-screen"] h1')).toMatch(/^Tarefa nº \d+/);
    await expect.poll(() => text('[data-testid="log-count"]')).toMatch(/^\d+ linhas?/);
    jobUrl = page.url();

    await shootScreens('pt-BR-light', jobUrl);
  }, 90_000);

  it('switches to the dark theme from the sidebar', async () => {
    const light = await backgroundOf('body');
    await page.selectOption('[data-testid="theme-switch"]', 'dark');
    await expect.poll(() => page.getAttribute('html', 'data-theme')).toBe('dark');
    const dark = await backgroundOf('body');
    expect(dark).not.toBe(light);
    expect(dark).toBe('rgb(17, 20, 24)');
    await shootScreens('pt-BR-dark', jobUrl);
  }, 60_000);

  it('switches to English from the sidebar, and keeps both choices after a reload', async () => {
    await page.selectOption('[data-testid="language-switch"]', 'en');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => text('[data-testid="nav-jobs"]')).toBe('Jobs');
    expect(await text('.screen-header h1')).toBe('Schedules');

    await page.reload();
    await expect.poll(() => text('[data-testid="nav-bots"]')).toBe('Bots');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await shootScreens('en-dark', jobUrl);

    await page.goto(jobUrl);
    await expect.poll(() => text('[data-testid="job-state"]')).toBe('running');
    await page.click('[data-testid="cancel-job"]');
    await expect.poll(() => text('[data-testid="job-state"]'), { timeout: 15_000 }).toBe('cancelled');
    expect(problems).toEqual([]);
  }, 60_000);
});
