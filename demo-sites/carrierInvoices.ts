/** One invoice of the demo carrier portal; the same month always yields the same invoices. */
export interface CarrierInvoice {
  /** `INV-YYYY-MM-NNN`. */
  number: string;
  client: string;
  /** Billing month, `YYYY-MM`. */
  month: string;
  amountCents: number;
  currency: 'EUR';
  /** Last day of the billing month, `YYYY-MM-DD`. */
  issueDate: string;
  /** 30 days after the issue date, `YYYY-MM-DD`. */
  dueDate: string;
}

// Clients billed every month, in invoice-number order.
const CARRIER_CLIENTS = ['Acme Logistics', 'Borealis Foods', 'Cobalt Retail'] as const;

// The portal has no invoices before this month.
const FIRST_INVOICE_MONTH = '2020-01';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const INVOICE_NUMBER = /^INV-(\d{4}-(?:0[1-9]|1[0-2]))-(\d{3})$/;
const DAY_MS = 86_400_000;

/** True for a well-formed `YYYY-MM` month. */
export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The month of `now` as `YYYY-MM`, in the server's local time as an operator would read it. */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** The invoices billed in `month`: three from 2020-01 to the current month, none otherwise. */
export function invoicesForMonth(month: string, now: Date = new Date()): CarrierInvoice[] {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`"${month}" is not a month like 2026-10`);
  // YYYY-MM strings of equal length compare like the months they name.
  if (month < FIRST_INVOICE_MONTH || month > currentMonth(now)) return [];
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  const issue = new Date(Date.UTC(year, monthIndex + 1, 0));
  const due = new Date(issue.getTime() + 30 * DAY_MS);
  return CARRIER_CLIENTS.map((client, index) => {
    const sequence = String(index + 1).padStart(3, '0');
    return {
      number: `INV-${month}-${sequence}`,
      client,
      month,
      amountCents: amountFor(`${month}/${sequence}`),
      currency: 'EUR',
      issueDate: isoDate(issue),
      dueDate: isoDate(due),
    };
  });
}

/** The invoice with this number, or undefined when the portal never issued it. */
export function findInvoice(number: string, now: Date = new Date()): CarrierInvoice | undefined {
  const match = INVOICE_NUMBER.exec(number);
  if (!match?.[1]) return undefined;
  return invoicesForMonth(match[1], now).find((invoice) => invoice.number === number);
}

/** Formats cents the way the portal shows money: `€ 1,234.50`. */
export function formatEuro(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(Math.round(cents));
  const whole = Math.floor(absolute / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}€ ${whole}.${String(absolute % 100).padStart(2, '0')}`;
}

// FNV-1a gives amounts that look random yet never change, so bots and tests can rely on them.
function amountFor(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 25_000 + (hash % 975_000);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
