import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CredentialDefault, CredentialSummary } from '../electron/common/vaultContract.js';
import { builtPaths, tempDir } from './helpers/paths.js';
import { call, startTestCore } from './helpers/testCore.js';

// The demo sites' logins come into the vault on first start, as the shells start the core, so
// the sample bots sign in with no setup; once seeded, an admin's deletion is final.

describe('seeded demo logins', () => {
  it('are put in the vault once, by "system", as the sample bots’ defaults, and not brought back once deleted', async () => {
    const dataDir = tempDir();
    const first = await startTestCore({ dataDir, botsDir: builtPaths.botsDir });
    try {
      const entries = await call<CredentialSummary[]>(first, 'credentials.list', {});
      expect(entries.map((e) => [e.name, e.bots])).toEqual([
        ['Carrier portal (demo)', { all: false, botIds: ['carrier-invoices', 'invoice-download'] }],
        ['Tax system (demo)', { all: false, botIds: ['carrier-invoices'] }],
      ]);
      const [carrier, tax] = entries as [CredentialSummary, CredentialSummary];
      expect(await call<CredentialDefault[]>(first, 'credentials.defaults', {})).toEqual([
        { botId: 'carrier-invoices', slot: 'portal', credentialId: carrier.id },
        { botId: 'carrier-invoices', slot: 'taxSystem', credentialId: tax.id },
        { botId: 'invoice-download', slot: 'portal', credentialId: carrier.id },
      ]);
      await call(first, 'credentials.setDefault', { botId: 'carrier-invoices', slot: 'taxSystem', credentialId: null });
      await call(first, 'credentials.delete', { credentialId: tax.id });
    } finally {
      await first.close();
    }

    const db = new Database(path.join(dataDir, 'rpa-desk.sqlite'), { readonly: true });
    const seeded = db.prepare("SELECT actor, action FROM audit_log WHERE target_type = 'credential' AND detail_json LIKE '%\"seeded\":true%'").all();
    db.close();
    expect(seeded).toEqual([
      { actor: 'system', action: 'credential.created' },
      { actor: 'system', action: 'credential.default_set' },
      { actor: 'system', action: 'credential.default_set' },
      { actor: 'system', action: 'credential.created' },
      { actor: 'system', action: 'credential.default_set' },
    ]);

    const again = await startTestCore({ dataDir, botsDir: builtPaths.botsDir });
    try {
      expect((await call<CredentialSummary[]>(again, 'credentials.list', {})).map((e) => e.name)).toEqual(['Carrier portal (demo)']);
    } finally {
      await again.close();
    }
  });

  it('are not seeded while none of their bots is installed', async () => {
    const core = await startTestCore();
    try {
      expect(await call<CredentialSummary[]>(core, 'credentials.list', {})).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
