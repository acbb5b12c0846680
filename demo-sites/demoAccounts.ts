// The demo sites' accounts. The sites check sign-ins against them, and the shells seed them into the
// vault on first start, so the sample bots sign in from the vault like any other bot. The user
// names are unusual on purpose: a job's credential values are masked in everything it reports,
// and a common word ("operator") would blank ordinary text too.

/** The one account of the demo carrier portal. */
export const CARRIER_PORTAL_ACCOUNT = { username: 'acme-dispatch', password: 'demo-pass' } as const;

/** The one account of the demo tax system. */
export const TAX_SYSTEM_ACCOUNT = { username: 'acme-filings', password: 'tax-pass' } as const;

/**
 * A login to put in the vault, shaped like the core's `SeedCredential` (the shells pass these to
 * `startCore`, which checks the shape); the demo sites import nothing from the app.
 */
export interface DemoCredentialSeed {
  name: string;
  description: string;
  username: string;
  password: string;
  /** The bot slots it becomes the default of. */
  defaults: { botId: string; slot: string }[];
}

/** The demo logins as vault entries, each the default of the sample bots' slot for its site. */
export function demoCredentialSeeds(): DemoCredentialSeed[] {
  return [
    {
      name: 'Carrier portal (demo)',
      description: 'The account of the demo carrier portal that comes with RPA Desk',
      ...CARRIER_PORTAL_ACCOUNT,
      defaults: [
        { botId: 'invoice-download', slot: 'portal' },
        { botId: 'carrier-invoices', slot: 'portal' },
      ],
    },
    {
      name: 'Tax system (demo)',
      description: 'The account of the demo tax system that comes with RPA Desk',
      ...TAX_SYSTEM_ACCOUNT,
      defaults: [{ botId: 'carrier-invoices', slot: 'taxSystem' }],
    },
  ];
}
