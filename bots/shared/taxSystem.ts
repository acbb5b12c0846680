import type { Page } from 'playwright-core';
import type { BotCredential, BotLog } from '../sdk/index.js';

// What the sample bots know about the bundled tax system: sign in, file one invoice PDF.

/** The credential slot of the tax system's login, for bots' `credentials`. */
export const TAX_SYSTEM_SLOT = { taxSystem: 'Tax system login' } as const;

/** What filing one invoice came to. */
export type FilingOutcome = { outcome: 'filed'; receipt: string; message: string } | { outcome: 'already_filed' | 'refused'; message: string };

/** Signs in to the tax system with the vault entry of the job; throws with its message when it refuses. */
export async function signInToTaxSystem(page: Page, site: string, account: BotCredential, log: BotLog): Promise<void> {
  log.info('Opening the tax system');
  await page.goto(site);
  if (await page.locator('#signed-in-user').count()) {
    log.info('Already signed in to the tax system');
    return;
  }
  log.info('Signing in to the tax system with its login from the vault');
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await page.click('#sign-in');
  await page.locator('#signed-in-user, #login-error').first().waitFor();
  const error = page.locator('#login-error');
  if (await error.isVisible()) throw new Error(`Tax system sign-in failed: ${await error.innerText()}`);
}

/** Files one invoice PDF and reads the portal's answer (a receipt, or why it refused). */
export async function fileInvoice(
  page: Page,
  site: string,
  invoice: { client: string; month: string; number: string; pdfPath: string },
): Promise<FilingOutcome> {
  await page.goto(new URL('upload', site).href);
  await page.selectOption('#client', invoice.client);
  await page.fill('#month', invoice.month);
  await page.fill('#invoice-number', invoice.number);
  await page.setInputFiles('#pdf', invoice.pdfPath);
  await page.click('#upload');
  // The portal takes its time to file: wait for its verdict rather than for the navigation.
  const result = page.locator('#result[data-state]');
  await result.waitFor();
  const message = (await page.locator('#result-message, #error').first().innerText()).trim();
  if ((await result.getAttribute('data-state')) === 'filed') {
    return { outcome: 'filed', receipt: (await page.locator('#receipt-number').innerText()).trim(), message };
  }
  return { outcome: /already filed/i.test(message) ? 'already_filed' : 'refused', message };
}
