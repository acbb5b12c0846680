import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalSummary } from '../electron/common/approvalContract.js';
import type { LogPage } from '../electron/common/contract.js';
import type { JobDetail, JobSummary } from '../electron/common/domain.js';
import type { ScheduleSummary } from '../electron/common/schedules.js';
import { maskedForms, MASK } from '../electron/common/secretMask.js';
import type { CredentialDefault, CredentialSummary, VaultStatus } from '../electron/common/vaultContract.js';
import type { Core } from '../electron/core/app.js';
import type { Connection } from '../electron/core/api/caller.js';
import { asTester, call, startTestCore, waitForJob } from './helpers/testCore.js';

// The credential vault with a real core: a SQLite file, real worker processes (and Chromium for the
// trace), the real router with an admin and an operator. No command may ever answer with a value,
// and no form of a value a job was given may be stored anywhere but sealed in the vault.

const USERNAME = 'leaky-user-4711';
const PASSWORD = `Pä ss/w+rd"<1>&'!`;
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** Every form of the values the tests look for: as they are, encoded, and the HTTP Basic pair. */
const FORMS = [...new Set([...maskedForms(PASSWORD), ...maskedForms(USERNAME), ...maskedForms(`${USERNAME}:${PASSWORD}`), SEED])];

let core: Core;
let operator: Connection;
/** The JSON of every answer a command gave in this file: none may hold a value. */
const answers: string[] = [];

async function send(connection: Connection, command: string, input: unknown) {
  const reply = await core.router.handle(command, input, connection);
  answers.push(JSON.stringify(reply));
  return reply;
}

async function admin<T>(command: string, input: unknown): Promise<T> {
  const result = await call<T>(core, command, input);
  answers.push(JSON.stringify(result));
  return result;
}

async function refused(command: string, input: unknown, connection: Connection = asTester(core)) {
  const reply = await send(connection, command, input);
  if (reply.ok) throw new Error(`${command} was expected to be refused`);
  return reply.error;
}

function leaks(text: string): string[] {
  return FORMS.filter((form) => text.includes(form));
}

/** Forms of the values found in the database file or its WAL, as bytes. */
function leaksOnDisk(): string[] {
  const file = path.join(core.dataDir, 'rpa-desk.sqlite');
  const found: string[] = [];
  for (const f of [file, `${file}-wal`]) {
    if (!fs.existsSync(f)) continue;
    const bytes = fs.readFileSync(f);
    for (const form of FORMS) if (bytes.includes(Buffer.from(form, 'utf8'))) found.push(`${path.basename(f)}: ${form}`);
  }
  return found;
}

async function logOf(jobId: number): Promise<string> {
  const page = await admin<LogPage>('logs.tail', { jobId });
  return page.lines.map((l) => `${l.level} ${l.message}`).join('\n');
}

/** Reads the core's database through a connection of its own, as a support engineer would. */
function readDatabase<T>(read: (db: Database.Database) => T): T {
  const db = new Database(path.join(core.dataDir, 'rpa-desk.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function fingerprint(username: string, password: string): string {
  return createHash('sha256').update(`${username}\n${password}`).digest('hex').slice(0, 16);
}

let portal: CredentialSummary;

beforeAll(async () => {
  core = await startTestCore();
  await call(core, 'users.create', { username: 'olga', displayName: 'Olga', role: 'operator', password: 'correct horse battery' });
  operator = core.identity.trustedConnection('olga', 'headless');
});
afterAll(async () => {
  await core.close();
});

describe('bots declare credential slots', () => {
  it('lists each bot’s slots with their titles', async () => {
    const bots = await admin<{ id: string; credentials: { slot: string; title: string }[] }[]>('bots.list', {});
    expect(bots.find((b) => b.id === 'secret-leaker')?.credentials).toEqual([{ slot: 'portal', title: 'Leaky portal login' }]);
    expect(bots.find((b) => b.id === 'echo')?.credentials).toEqual([]);
  });

  it('refuses a job, and a schedule, whose slot has no entry, naming the slot and its title', async () => {
    const message = 'Leaky portal login (portal) has no vault entry: choose one in the Run form or set a default';
    expect(await refused('jobs.create', { botId: 'secret-leaker', params: {} })).toMatchObject({
      code: 'invalid_input',
      message,
      fields: { 'credentials.portal': message },
    });
    expect(await refused('schedules.create', { name: 'Nightly leak', botId: 'secret-leaker', params: {}, cron: '0 3 * * *', timeZone: 'UTC' })).toMatchObject({
      code: 'invalid_input',
      message,
    });
  });
});

describe('the credential store', () => {
  it('creates and updates entries, keeping values left out, and never answers with a value', async () => {
    portal = await admin<CredentialSummary>('credentials.create', {
      name: 'Leaky portal',
      kind: 'login',
      description: 'The portal the leaky bot signs in to',
      username: USERNAME,
      password: 'first-password',
      bots: { all: false, botIds: ['secret-leaker', 'trace-leaker'] },
    });
    expect(portal).toMatchObject({ name: 'Leaky portal', kind: 'login', hasTotp: false, bots: { all: false, botIds: ['secret-leaker', 'trace-leaker'] } });
    expect(Object.keys(portal).sort()).toEqual(['bots', 'createdAt', 'description', 'hasTotp', 'id', 'kind', 'lastUsed', 'name', 'updatedAt', 'usedBy']);

    const replaced = await admin<CredentialSummary>('credentials.update', { credentialId: portal.id, password: PASSWORD });
    const renamed = await admin<CredentialSummary>('credentials.update', { credentialId: portal.id, description: 'Where the leaky bot signs in' });
    expect(renamed).toMatchObject({ name: 'Leaky portal', description: 'Where the leaky bot signs in' });
    // A new name re-seals the values (they are bound to id and name); the jobs below prove they still open.
    expect(await admin<CredentialSummary>('credentials.update', { credentialId: portal.id, name: 'Leaky portal (old name)' })).toMatchObject({
      name: 'Leaky portal (old name)',
    });
    await admin('credentials.update', { credentialId: portal.id, name: 'Leaky portal' });
    expect(replaced.updatedAt).toBeGreaterThanOrEqual(portal.updatedAt);
    expect(core.credentials.usage(portal.id)).toEqual({ defaults: [], schedules: [], jobs: [] });
  });

  it('refuses a second entry of the same name in another case, and entries that do not fit their kind or name unknown bots', async () => {
    expect(await refused('credentials.create', { name: 'leaky PORTAL', kind: 'secret', secret: 'whatever-1' })).toMatchObject({
      code: 'conflict',
      message: 'A credential named "Leaky portal" already exists (names are compared without case): choose another name',
    });
    expect(await refused('credentials.create', { name: 'No password', kind: 'login', username: 'x' })).toMatchObject({
      code: 'invalid_input',
      message: 'A login needs a user name and a password',
      fields: { password: 'A login needs a password' },
    });
    expect(await refused('credentials.create', { name: 'Mixed', kind: 'secret', secret: 'whatever-1', password: 'whatever-2' })).toMatchObject({
      code: 'invalid_input',
    });
    expect(
      await refused('credentials.create', { name: 'Nowhere', kind: 'secret', secret: 'whatever-1', bots: { all: false, botIds: ['nope'] } }),
    ).toMatchObject({
      code: 'invalid_input',
      message: 'There is no bot "nope": choose installed bots',
    });
  });

  it('shows operators names only, and lets only those who manage credentials change them', async () => {
    const seen = await send(operator, 'credentials.list', {});
    expect(seen).toMatchObject({ ok: true });
    const mine = (seen as { result: CredentialSummary[] }).result.find((c) => c.id === portal.id);
    expect(mine).toMatchObject({ name: 'Leaky portal', description: '', usedBy: { bots: [], schedules: [] }, lastUsed: null });
    const full = (await admin<CredentialSummary[]>('credentials.list', {})).find((c) => c.id === portal.id);
    expect(full?.description).toBe('Where the leaky bot signs in');
    for (const command of ['credentials.create', 'credentials.update', 'credentials.delete', 'credentials.setDefault', 'vault.status', 'vault.rotateKey']) {
      expect((await send(operator, command, {})) as unknown).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('sets bot defaults only for slots the bot declares, with entries it may use', async () => {
    const echoOnly = await admin<CredentialSummary>('credentials.create', {
      name: 'Echo key',
      kind: 'secret',
      secret: 'echo-secret-1',
      bots: { all: false, botIds: ['echo'] },
    });
    expect(await refused('credentials.setDefault', { botId: 'secret-leaker', slot: 'other', credentialId: portal.id })).toMatchObject({
      code: 'invalid_input',
      message: 'Secret leaker (test) has no credential slot "other" (it has portal)',
    });
    expect(await refused('credentials.setDefault', { botId: 'secret-leaker', slot: 'portal', credentialId: echoOnly.id })).toMatchObject({
      code: 'invalid_input',
      message: 'Credential "Echo key" may not be used by Secret leaker (test): add the bot to the credential\'s bots first',
    });
    expect(await refused('credentials.setDefault', { botId: 'nope', slot: 'portal', credentialId: portal.id })).toMatchObject({ code: 'not_found' });
    const defaults = await admin<CredentialDefault[]>('credentials.setDefault', { botId: 'secret-leaker', slot: 'portal', credentialId: portal.id });
    expect(defaults).toEqual([{ botId: 'secret-leaker', slot: 'portal', credentialId: portal.id }]);
    expect(await admin<CredentialDefault[]>('credentials.defaults', {})).toEqual(defaults);
  });

  it('refuses to delete an entry in use, listing the bots, schedules and jobs that rely on it', async () => {
    const spare = await admin<CredentialSummary>('credentials.create', {
      name: 'Spare portal',
      kind: 'login',
      username: 'spare-user',
      password: 'spare-pass',
      bots: { all: false, botIds: ['secret-leaker', 'trace-leaker'] },
    });
    await admin('credentials.setDefault', { botId: 'trace-leaker', slot: 'portal', credentialId: spare.id });
    const schedule = await admin<ScheduleSummary>('schedules.create', {
      name: 'Nightly leak',
      botId: 'secret-leaker',
      params: { ask: false },
      cron: '0 3 * * *',
      timeZone: 'UTC',
      credentials: { portal: spare.id },
    });
    expect(schedule.credentials).toEqual({ portal: spare.id });
    const later = await admin<JobSummary>('jobs.create', {
      botId: 'secret-leaker',
      params: {},
      runAt: Date.now() + 3_600_000,
      credentials: { portal: spare.id },
    });

    const error = await refused('credentials.delete', { credentialId: spare.id });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      `Credential "Spare portal" is still in use: the default of Trace leaker (test) (portal); schedule "Nightly leak" (${schedule.id}); job ${later.id} (scheduled). Choose another entry there first`,
    );
    const narrowed = await refused('credentials.update', { credentialId: spare.id, bots: { all: false, botIds: ['trace-leaker'] } });
    expect(narrowed.message).toContain(`schedule "Nightly leak" (${schedule.id}); job ${later.id} (scheduled)`);
    const summary = (await admin<CredentialSummary[]>('credentials.list', {})).find((c) => c.id === spare.id);
    expect(summary?.usedBy).toEqual({ bots: ['trace-leaker'], schedules: [{ id: schedule.id, name: 'Nightly leak' }] });

    await admin('credentials.setDefault', { botId: 'trace-leaker', slot: 'portal', credentialId: null });
    await admin('schedules.delete', { scheduleId: schedule.id });
    await admin('jobs.cancel', { jobId: later.id });
    expect(await admin('credentials.delete', { credentialId: spare.id })).toEqual({ deleted: true });
    expect((await admin<CredentialSummary[]>('credentials.list', {})).map((c) => c.name)).not.toContain('Spare portal');
  });
});

describe('jobs with credentials', () => {
  it('refuses an entry the bot may not use and a slot the bot does not declare', async () => {
    const echoKey = (await admin<CredentialSummary[]>('credentials.list', {})).find((c) => c.name === 'Echo key')!;
    expect(await refused('jobs.create', { botId: 'secret-leaker', params: {}, credentials: { portal: echoKey.id } })).toMatchObject({
      code: 'invalid_input',
      message:
        'Credential "Echo key" may not be used by Secret leaker (test): choose another entry for Leaky portal login (portal), or let an admin add the bot to it',
    });
    expect(await refused('jobs.create', { botId: 'secret-leaker', params: {}, credentials: { portal: portal.id, other: portal.id } })).toMatchObject({
      code: 'invalid_input',
      message: 'Secret leaker (test) has no credential slot "other" (it has portal)',
    });
    expect(await refused('jobs.create', { botId: 'echo', params: { text: 'x' }, credentials: { portal: portal.id } })).toMatchObject({
      message: 'Echo (test) has no credential slot "portal" (it uses no credentials)',
    });
    expect(await refused('jobs.create', { botId: 'secret-leaker', params: {}, credentials: { portal: 9_999 } })).toMatchObject({
      message: 'There is no vault entry 9999 for Leaky portal login (portal): choose another one',
    });
  });

  it('gives the worker its declared entry, and stores no form of it in log, progress, checkpoint, approval, error or result', async () => {
    const failing = await admin<JobSummary>('jobs.create', { botId: 'secret-leaker', params: { fail: true }, credentials: { portal: portal.id } });
    await waitForJob(core, failing.id, ['waiting_approval']);
    const pending = await admin<{ approvals: ApprovalSummary[] }>('approvals.list', { jobId: failing.id, status: 'pending' });
    const approval = pending.approvals[0]!;
    expect(approval.title).toBe(`Use ${MASK}?`);
    const detailWhileWaiting = await admin<JobDetail>('jobs.get', { jobId: failing.id });
    expect(detailWhileWaiting.step).toBe(`Signing in with ${MASK}`);
    await admin('approvals.decide', { approvalId: approval.id, decision: 'approved' });
    const failed = await waitForJob(core, failing.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe(`Could not sign in with ${MASK} (${MASK})`);
    const log = await logOf(failing.id);
    expect(log).toContain('Slots given: portal');
    expect(log).toContain(`The password (plain) is ${MASK}`);
    expect(log).toContain(`The password (basic) is ${MASK}`);
    expect(log).toContain(`console says ${MASK}`);
    expect(leaks(log)).toEqual([]);
    const stored = readDatabase((db) => db.prepare('SELECT checkpoint_json AS checkpoint, error FROM jobs WHERE id = ?').get(failing.id)) as {
      checkpoint: string;
      error: string;
    };
    expect(JSON.parse(stored.checkpoint)).toEqual({ password: MASK, nested: [MASK] });
    expect(leaks(JSON.stringify(stored))).toEqual([]);

    const passing = await admin<JobSummary>('jobs.create', { botId: 'secret-leaker', params: { ask: false } });
    const done = await waitForJob(core, passing.id);
    expect(done.state, await logOf(passing.id)).toBe('succeeded');
    const detail = await admin<JobDetail>('jobs.get', { jobId: passing.id });
    expect(detail.result).toMatchObject({ password: MASK, [MASK]: 'a key that is the password', fingerprint: fingerprint(USERNAME, PASSWORD) });
    expect(leaks(JSON.stringify(detail))).toEqual([]);
    expect(core.store.getCredentials(passing.id)).toEqual({ portal: portal.id });

    const used = (await admin<CredentialSummary[]>('credentials.list', {})).find((c) => c.id === portal.id);
    expect(used?.lastUsed).toMatchObject({ jobId: passing.id });
    expect(leaksOnDisk()).toEqual([]);
  });

  it('masks in main too what a bot sends around the worker’s masker (straight to the host, or to stderr)', async () => {
    const job = await admin<JobSummary>('jobs.create', { botId: 'secret-leaker', params: { ask: false, dodge: true } });
    expect((await waitForJob(core, job.id)).state).toBe('succeeded');
    const log = await logOf(job.id);
    expect(log).toContain(`Raw to the host: ${MASK}`);
    expect(log).toContain(`Raw to stderr: ${MASK}`);
    expect(leaks(log)).toEqual([]);
    expect(leaksOnDisk()).toEqual([]);
  });

  it('records each use of an entry in the audit trail: which job, which entry, which slot', () => {
    const rows = readDatabase((db) =>
      db.prepare("SELECT actor, target_id AS targetId, detail_json AS detail, channel FROM audit_log WHERE action = 'credential.used' ORDER BY id").all(),
    ) as {
      actor: string;
      targetId: number;
      detail: string;
      channel: string;
    }[];
    // Handed over by the dispatcher, which no command runs: not recorded as the creator's channel.
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['system']));
    // The failing job (one worker: its approval did not release it), the passing one and the dodging one.
    expect(rows).toHaveLength(3);
    const last = rows.at(-1)!;
    expect(last.targetId).toBe(portal.id);
    expect(JSON.parse(last.detail)).toMatchObject({ botId: 'secret-leaker', slot: 'portal', attempt: 1 });
    expect(last.actor).toMatch(/^job:\d+$/);
    const changes = readDatabase((db) => db.prepare("SELECT detail_json AS detail FROM audit_log WHERE target_type = 'credential'").all()) as {
      detail: string;
    }[];
    expect(changes.some((c) => (JSON.parse(c.detail) as { replaced?: string[] }).replaced?.includes('password'))).toBe(true);
    expect(leaks(changes.map((c) => c.detail).join('\n'))).toEqual([]);
  });

  it('masks the entry’s one-time codes too', async () => {
    await admin('credentials.update', { credentialId: portal.id, totpSeed: SEED });
    const job = await admin<JobSummary>('jobs.create', { botId: 'secret-leaker', params: { ask: false } });
    expect((await waitForJob(core, job.id)).state).toBe('succeeded');
    const log = await logOf(job.id);
    expect(log).toContain(`The one-time code is ${MASK}`);
    expect(leaks(log)).toEqual([]);
    await admin('credentials.update', { credentialId: portal.id, totpSeed: null });
  });

  it('reruns with the entries of the original job, and a schedule’s runs with the schedule’s choice', async () => {
    const other = await admin<CredentialSummary>('credentials.create', {
      name: 'Second portal',
      kind: 'login',
      username: 'second-user',
      password: 'second-pass',
      bots: { all: true },
    });
    const original = await admin<JobSummary>('jobs.create', { botId: 'secret-leaker', params: { ask: false }, credentials: { portal: other.id } });
    await waitForJob(core, original.id);
    const rerun = await admin<JobSummary>('jobs.rerun', { jobId: original.id });
    await waitForJob(core, rerun.id);
    expect(core.store.getCredentials(rerun.id)).toEqual({ portal: other.id });
    expect((await admin<JobDetail>('jobs.get', { jobId: rerun.id })).result).toMatchObject({ fingerprint: fingerprint('second-user', 'second-pass') });

    const schedule = await admin<ScheduleSummary>('schedules.create', {
      name: 'Second leak',
      botId: 'secret-leaker',
      params: { ask: false },
      cron: '0 3 * * *',
      timeZone: 'UTC',
      credentials: { portal: other.id },
    });
    const fired = await admin<ScheduleSummary>('schedules.runNow', { scheduleId: schedule.id });
    const jobId = fired.lastRun!.jobId!;
    await waitForJob(core, jobId);
    expect(core.store.getCredentials(jobId)).toEqual({ portal: other.id });
    await admin('schedules.delete', { scheduleId: schedule.id });

    // Once its entry is gone, a rerun of the original job falls back to the bot's default.
    await admin('credentials.delete', { credentialId: other.id });
    const fallback = await admin<JobSummary>('jobs.rerun', { jobId: original.id });
    await waitForJob(core, fallback.id);
    expect(core.store.getCredentials(fallback.id)).toEqual({ portal: portal.id });
  });

  it('keeps a trace of a job that typed its password only once it is scrubbed of it', async () => {
    const job = await admin<JobSummary>('jobs.create', { botId: 'trace-leaker', params: {}, credentials: { portal: portal.id } });
    const done = await waitForJob(core, job.id, undefined, 90_000);
    const log = await logOf(job.id);
    expect(done.state, log).toBe('failed');
    expect(log).toMatch(/Removed \d+ cop(y|ies) of the job's credentials from the trace/);
    const detail = await admin<JobDetail>('jobs.get', { jobId: job.id });
    const trace = detail.files.find((f) => f.name === 'trace.zip');
    expect(trace, JSON.stringify(detail.files)).toBeDefined();
    const stored = core.store.getFile(trace!.id)!;
    const entries = unzipSync(fs.readFileSync(path.join(core.jobsDir, String(job.id), stored.storedName)));
    expect(Object.keys(entries).length).toBeGreaterThan(1);
    for (const [name, data] of Object.entries(entries)) {
      const bytes = Buffer.from(data);
      for (const form of FORMS) expect(bytes.includes(Buffer.from(form, 'utf8')), `${name} holds ${form}`).toBe(false);
    }
    expect(detail.files.some((f) => f.kind === 'evidence' && f.name.startsWith('screenshot'))).toBe(true);
  });
});

describe('the vault key', () => {
  it('reports how it is kept, and rotates: every entry re-sealed, jobs still get their values', async () => {
    const status = await admin<VaultStatus>('vault.status', {});
    expect(status).toMatchObject({ protection: 'key-file', warning: null });
    const keyFile = path.join(core.dataDir, 'vault.key');
    const before = fs.readFileSync(keyFile);
    const rotated = await admin<{ reencrypted: number }>('vault.rotateKey', {});
    expect(rotated.reencrypted).toBe(status.entries);
    expect(fs.readFileSync(keyFile).equals(before)).toBe(false);
    const job = await admin<JobSummary>('jobs.create', { botId: 'secret-leaker', params: { ask: false } });
    await waitForJob(core, job.id);
    expect((await admin<JobDetail>('jobs.get', { jobId: job.id })).result).toMatchObject({ fingerprint: fingerprint(USERNAME, PASSWORD) });
  });

  it('never answered a command with a value, and never wrote one outside the vault', () => {
    expect(answers.length).toBeGreaterThan(30);
    expect(answers.flatMap(leaks)).toEqual([]);
    expect(leaksOnDisk()).toEqual([]);
  });
});
