import type { Download, Locator, Page } from 'playwright-core';
import { z } from 'zod';
import type { BotCredential, BotLog } from '../sdk/index.js';

// What the sample bots know about the bundled carrier portal: one page object, so each bot says
// only what it does with the invoices.

/** The credential slot of the carrier portal's login, for bots' `credentials`. */
export const CARRIER_PORTAL_SLOT = { portal: 'Carrier portal login' } as const;

/** The billing-month parameter the portal's bots take, as `YYYY-MM`; `purpose` ends its description. */
export function billingMonthParam(purpose: string) {
  return z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use the form YYYY-MM, e.g. 2026-10')
    .meta({ title: 'Month', description: `Billing month whose invoices to ${purpose}, as YYYY-MM.` });
}

/** One invoice row of the portal. */
export interface CarrierInvoice {
  client: string;
  number: string;
  /** As the portal shows it, e.g. `€ 1,234.50`. */
  amount: string;
  /** `YYYY-MM-DD`. */
  dueDate: string;
}

/** Signs in with the vault entry of the job unless already signed in; throws with the portal's message when it refuses. */
export async function signInToCarrierPortal(page: Page, portal: string, account: BotCredential, log: BotLog): Promise<void> {
  log.info('Opening the carrier portal');
  await page.goto(portal);
  if (new URL(page.url()).pathname.endsWith('/invoices')) {
    log.info('Already signed in');
    return;
  }
  log.info('Signing in with the carrier portal login from the vault');
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await page.click('#sign-in');
  // The invoices page (signed in), the login page again with an error, or a CAPTCHA.
  await page.locator('#signed-in-user, #login-error, #captcha').first().waitFor();
  const error = page.locator('#login-error');
  if (await error.isVisible()) throw new Error(`Sign-in failed: ${await error.innerText()}`);
  log.debug(`Signed in; now at ${page.url()}`);
}

/** True when the portal shows its CAPTCHA: only a person can go on. */
export async function showsCaptcha(page: Page): Promise<boolean> {
  return (await page.locator('#captcha').count()) > 0;
}

/** Opens a month and waits for its table; returns its rows (none when the month has no invoices). */
export async function openInvoicesOfMonth(page: Page, portal: string, month: string): Promise<Locator[]> {
  await page.goto(new URL(`invoices?month=${month}`, portal).href);
  // The table is filled by the page's script after a slow request; wait for it to settle.
  const results = page.locator('#results:not([data-state="loading"])');
  await results.waitFor();
  const state = await results.getAttribute('data-state');
  if (state === 'error') throw new Error(`The portal could not list invoices: ${await page.locator('#load-error').innerText()}`);
  if (state !== 'ready') return [];
  return page.locator('#invoices tbody tr[data-invoice]').all();
}

/** Reads one invoice row. */
export async function readInvoiceRow(row: Locator): Promise<CarrierInvoice> {
  const [client, number, amount, dueDate] = await Promise.all([
    row.locator('[data-field="client"]').innerText(),
    row.getAttribute('data-invoice'),
    row.locator('[data-field="amount"]').innerText(),
    row.locator('[data-field="due-date"] time').getAttribute('datetime'),
  ]);
  if (!number || !dueDate) throw new Error('An invoice row has no number or due date; has the portal changed?');
  return { client: client.trim(), number, amount: amount.trim(), dueDate };
}

/** Clicks the row's PDF link and returns the download. */
export async function downloadInvoicePdf(page: Page, row: Locator): Promise<Download> {
  const link = row.locator('a', { hasText: 'Download PDF' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return download;
}

/** Throws the cancel error when the operator cancelled or the job timed out. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('Cancelled');
}
