import { and, asc, eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { CredentialDefault, CredentialKind, CredentialSummary } from '../../common/vaultContract.js';
import { RpaError } from '../../common/errors.js';
import { scopeAllows, type BotScope } from '../../common/permissions.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { BotCatalog } from '../bots/catalog.js';
import type { EventBus } from '../events/eventBus.js';
import type { Db } from '../store/database.js';
import { credentialDefaults, credentials, vaultMeta } from '../store/schema.js';
import { VaultOpenError } from './cipher.js';
import type { Vault } from './vault.js';

type CredentialRow = typeof credentials.$inferSelect;

/** What an entry holds, sealed together as one JSON blob. */
export interface CredentialValues {
  username?: string;
  password?: string;
  secret?: string;
  totpSeed?: string;
}

/** A new entry as credentials.create validated it. */
export interface NewCredential extends CredentialValues {
  name: string;
  kind: CredentialKind;
  description: string;
  bots: BotScope;
}

/** A change to an entry: what is left out stays as it is; `totpSeed: null` removes the seed. */
export interface CredentialChange {
  credentialId: number;
  name?: string;
  description?: string;
  username?: string;
  password?: string;
  secret?: string;
  totpSeed?: string | null;
  bots?: BotScope;
}

/** A login the app brings along (the demo sites' accounts), put in the vault once on first start. */
export interface SeedCredential {
  name: string;
  description: string;
  username: string;
  password: string;
  /** The bot slots it becomes the default of; its scope is those bots (the installed ones). */
  defaults: { botId: string; slot: string }[];
}

/** Who relies on an entry: what deleting it (or taking a bot off its scope) would break. */
export interface CredentialUsage {
  defaults: { botId: string; slot: string }[];
  schedules: { id: number; name: string; botId: string | null }[];
  jobs: { id: number; botId: string; state: string }[];
}

/** Jobs still to start or resume: an entry they name is needed yet. */
const PENDING_JOB_STATES = "('scheduled', 'queued', 'running', 'waiting_approval', 'waiting_operator')";
const JOBS_SHOWN = 20;
const VALUE_NAMES = ['username', 'password', 'secret', 'totpSeed'] as const;

/**
 * The vault's entries and the bots' default entries. Values go in sealed and never come back out
 * of a command: only `openValues`, for a job's worker, opens them. Every change is audited with
 * what changed around the values (name, description, bots, which values were replaced), never a value.
 */
export class CredentialStore {
  private readonly schedulesNaming: Database.Statement;
  private readonly jobsNaming: Database.Statement;

  constructor(
    private readonly deps: {
      db: Db;
      sqlite: Database.Database;
      vault: Vault;
      catalog: BotCatalog;
      audit: AuditLog;
      events: EventBus;
      now?: () => number;
    },
  ) {
    this.schedulesNaming = deps.sqlite.prepare(
      'SELECT id, name, bot_id AS botId FROM schedules WHERE EXISTS (SELECT 1 FROM json_each(schedules.credentials_json) WHERE json_each.value = ?) ORDER BY id',
    );
    this.jobsNaming = deps.sqlite.prepare(
      `SELECT id, bot_id AS botId, state FROM jobs WHERE state IN ${PENDING_JOB_STATES} AND credentials_json <> '{}'
         AND EXISTS (SELECT 1 FROM json_each(jobs.credentials_json) WHERE json_each.value = ?) ORDER BY id LIMIT ${JOBS_SHOWN + 1}`,
    );
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.deps.sqlite.transaction(fn)();
  }

  /** Number of entries. */
  count(): number {
    return (
      this.deps.db
        .select({ n: sql<number>`count(*)` })
        .from(credentials)
        .get()?.n ?? 0
    );
  }

  /** Every entry by name; `manage` callers also see descriptions, who uses each, and when it was last used. */
  list(viewer: { manage: boolean }): CredentialSummary[] {
    const rows = this.deps.db
      .select()
      .from(credentials)
      .orderBy(sql`${credentials.name} COLLATE NOCASE`)
      .all();
    return rows.map((row) => this.summary(row, viewer.manage));
  }

  /** An entry by id, or not_found. */
  get(credentialId: number): CredentialRow {
    const row = this.deps.db.select().from(credentials).where(eq(credentials.id, credentialId)).get();
    if (!row) throw new RpaError('not_found', `Credential ${credentialId} not found`);
    return row;
  }

  /** An entry by id, or null. */
  find(credentialId: number): CredentialRow | null {
    return this.deps.db.select().from(credentials).where(eq(credentials.id, credentialId)).get() ?? null;
  }

  /** True when the entry's scope lets `botId` use it. */
  allows(row: CredentialRow, botId: string): boolean {
    return scopeAllows(scopeOf(row), botId);
  }

  create(input: NewCredential, by: string, extra: Record<string, unknown> = {}): CredentialSummary {
    const values = checkedValues(input.kind, pickValues(input));
    this.requireFreeName(input.name, null);
    const bots = this.checkedScope(input.bots);
    const now = this.now();
    const row = this.deps.sqlite.transaction(() => {
      const inserted = this.deps.db
        .insert(credentials)
        .values({
          name: input.name,
          kind: input.kind,
          description: input.description,
          botsJson: scopeJson(bots),
          sealed: '',
          hasTotp: values.totpSeed !== undefined,
          createdBy: by,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      // The id is part of what the values are bound to, so they are sealed once the row has one.
      const sealed = this.deps.vault.sealEntry(inserted.id, inserted.name, JSON.stringify(values));
      this.deps.db.update(credentials).set({ sealed }).where(eq(credentials.id, inserted.id)).run();
      this.deps.audit.record(
        by,
        'credential.created',
        { type: 'credential', id: inserted.id },
        { after: described(inserted), values: valueNames(values), ...extra },
      );
      return { ...inserted, sealed };
    })();
    this.changed([row.id]);
    return this.summary(row, true);
  }

  update(change: CredentialChange, by: string): CredentialSummary {
    const row = this.get(change.credentialId);
    const values = this.openValues(row);
    const replaced = VALUE_NAMES.filter((k) => change[k] !== undefined && change[k] !== null);
    const next: CredentialValues = { ...values };
    for (const key of replaced) next[key] = change[key] as string;
    if (change.totpSeed === null) delete next.totpSeed;
    checkedValues(row.kind as CredentialKind, next);
    const name = change.name ?? row.name;
    if (change.name !== undefined) this.requireFreeName(change.name, row.id);
    const bots = change.bots ? this.checkedScope(change.bots) : scopeOf(row);
    if (change.bots) this.requireScopeKeepsUsers(row, bots);
    const updated = this.deps.sqlite.transaction(() => {
      const result = this.deps.db
        .update(credentials)
        .set({
          name,
          description: change.description ?? row.description,
          botsJson: scopeJson(bots),
          sealed: this.deps.vault.sealEntry(row.id, name, JSON.stringify(next)),
          hasTotp: next.totpSeed !== undefined,
          updatedAt: this.now(),
        })
        .where(eq(credentials.id, row.id))
        .returning()
        .get();
      if (!result) throw new RpaError('not_found', `Credential ${row.id} was deleted meanwhile`);
      this.deps.audit.record(
        by,
        'credential.updated',
        { type: 'credential', id: row.id },
        {
          before: described(row),
          after: described(result),
          replaced,
          totpRemoved: change.totpSeed === null && values.totpSeed !== undefined,
        },
      );
      return result;
    })();
    this.changed([row.id]);
    return this.summary(updated, true);
  }

  /** Deletes an entry nobody relies on; otherwise refuses, saying who does. */
  delete(credentialId: number, by: string): void {
    const row = this.get(credentialId);
    const usage = this.usage(credentialId);
    const users = this.describeUsers(usage);
    if (users.length > 0) {
      throw new RpaError('conflict', `Credential "${row.name}" is still in use: ${users.join('; ')}. Choose another entry there first`);
    }
    this.deps.sqlite.transaction(() => {
      this.deps.db.delete(credentials).where(eq(credentials.id, credentialId)).run();
      this.deps.audit.record(by, 'credential.deleted', { type: 'credential', id: credentialId }, { before: described(row) });
    })();
    this.changed([credentialId]);
  }

  /** Every bot slot's default entry. */
  defaults(): CredentialDefault[] {
    return this.deps.db.select().from(credentialDefaults).orderBy(asc(credentialDefaults.botId), asc(credentialDefaults.slot)).all();
  }

  /** The default entry of a bot's slot, or null. */
  defaultFor(botId: string, slot: string): number | null {
    const row = this.deps.db
      .select({ id: credentialDefaults.credentialId })
      .from(credentialDefaults)
      .where(and(eq(credentialDefaults.botId, botId), eq(credentialDefaults.slot, slot)))
      .get();
    return row?.id ?? null;
  }

  /** Sets (or with null clears) the entry a bot's slot gets when a job does not choose one. */
  setDefault(botId: string, slot: string, credentialId: number | null, by: string): CredentialDefault[] {
    const bot = this.deps.catalog.get(botId);
    const declared = bot.summary.credentials;
    if (!declared.some((s) => s.slot === slot)) {
      throw new RpaError('invalid_input', `${bot.summary.title} has no credential slot "${slot}" (${slotList(declared)})`, {
        slot: 'This bot has no such slot',
      });
    }
    if (credentialId !== null) {
      const row = this.get(credentialId);
      if (!this.allows(row, botId)) {
        throw new RpaError('invalid_input', `Credential "${row.name}" may not be used by ${bot.summary.title}: add the bot to the credential's bots first`, {
          credentialId: 'Not allowed for this bot',
        });
      }
    }
    const before = this.defaultFor(botId, slot);
    this.deps.sqlite.transaction(() => this.writeDefault(botId, slot, credentialId, before, by, {}))();
    this.changed([before, credentialId].filter((id): id is number => id !== null));
    return this.defaults();
  }

  /** Who relies on an entry: bots whose default it is, schedules and pending jobs that name it. */
  usage(credentialId: number): CredentialUsage {
    return {
      defaults: this.deps.db
        .select({ botId: credentialDefaults.botId, slot: credentialDefaults.slot })
        .from(credentialDefaults)
        .where(eq(credentialDefaults.credentialId, credentialId))
        .orderBy(asc(credentialDefaults.botId), asc(credentialDefaults.slot))
        .all(),
      schedules: this.schedulesNaming.all(credentialId) as CredentialUsage['schedules'],
      jobs: this.jobsNaming.all(credentialId) as CredentialUsage['jobs'],
    };
  }

  /** An entry's values, for the worker of a job that declares it; never for a command's answer. */
  openValues(row: CredentialRow): CredentialValues {
    try {
      return JSON.parse(this.deps.vault.openEntry(row.id, row.name, row.sealed)) as CredentialValues;
    } catch (err) {
      if (err instanceof VaultOpenError) throw new RpaError('unavailable', `The values of credential "${row.name}" could not be opened: ${err.message}`);
      throw err;
    }
  }

  /** Notes that a job used these entries (the Credentials screen shows it). */
  markUsed(credentialIds: number[], jobId: number, at: number): void {
    const update = this.deps.sqlite.prepare('UPDATE credentials SET last_used_job_id = ?, last_used_at = ? WHERE id = ?');
    for (const id of credentialIds) update.run(jobId, at, id);
  }

  /**
   * Puts the app's own logins (the demo sites') in the vault, once each: skipped while none of its
   * bots is installed, never again once seeded (an admin who deleted it meant it), and never over
   * an entry of the same name. Bot slots without a default get it as their default.
   */
  seed(seeds: readonly SeedCredential[]): void {
    for (const seed of seeds) {
      const marker = `seeded:${seed.name}`;
      if (this.deps.db.select().from(vaultMeta).where(eq(vaultMeta.name, marker)).get()) continue;
      const installed = seed.defaults.filter(
        (d) => this.deps.catalog.has(d.botId) && this.deps.catalog.get(d.botId).summary.credentials.some((s) => s.slot === d.slot),
      );
      if (installed.length === 0) continue;
      this.deps.sqlite.transaction(() => {
        this.deps.db
          .insert(vaultMeta)
          .values({ name: marker, value: JSON.stringify({ at: this.now() }) })
          .run();
        if (this.findByName(seed.name)) return;
        const created = this.create(
          {
            name: seed.name,
            kind: 'login',
            description: seed.description,
            username: seed.username,
            password: seed.password,
            bots: { all: false, botIds: [...new Set(installed.map((d) => d.botId))] },
          },
          'system',
          { seeded: true },
        );
        for (const d of installed) {
          if (this.defaultFor(d.botId, d.slot) === null) this.writeDefault(d.botId, d.slot, created.id, null, 'system', { seeded: true });
        }
      })();
    }
  }

  private writeDefault(botId: string, slot: string, credentialId: number | null, before: number | null, by: string, extra: Record<string, unknown>): void {
    const { db } = this.deps;
    db.delete(credentialDefaults)
      .where(and(eq(credentialDefaults.botId, botId), eq(credentialDefaults.slot, slot)))
      .run();
    if (credentialId !== null) db.insert(credentialDefaults).values({ botId, slot, credentialId }).run();
    const target = credentialId ?? before;
    if (target !== null)
      this.deps.audit.record(by, 'credential.default_set', { type: 'credential', id: target }, { botId, slot, before, after: credentialId, ...extra });
  }

  private findByName(name: string, exceptId: number | null = null): CredentialRow | null {
    const row = this.deps.db
      .select()
      .from(credentials)
      .where(sql`${credentials.name} = ${name} COLLATE NOCASE`)
      .get();
    return row && row.id !== exceptId ? row : null;
  }

  private requireFreeName(name: string, exceptId: number | null): void {
    const other = this.findByName(name, exceptId);
    if (other) {
      const message = `A credential named "${other.name}" already exists (names are compared without case): choose another name`;
      throw new RpaError('conflict', message, { name: message });
    }
  }

  /** The scope with each bot id checked against the installed bots. */
  private checkedScope(scope: BotScope): BotScope {
    if (scope.all) return scope;
    const unknown = scope.botIds.filter((id) => !this.deps.catalog.has(id));
    if (unknown.length > 0) {
      const message = `There is no bot ${unknown.map((id) => `"${id}"`).join(', ')}: choose installed bots`;
      throw new RpaError('invalid_input', message, { bots: message });
    }
    return { all: false, botIds: [...new Set(scope.botIds)].sort() };
  }

  /** Refuses a narrower scope that would take the entry from a bot relying on it. */
  private requireScopeKeepsUsers(row: CredentialRow, scope: BotScope): void {
    if (scope.all) return;
    const usage = this.usage(row.id);
    const lost: CredentialUsage = {
      defaults: usage.defaults.filter((d) => !scopeAllows(scope, d.botId)),
      schedules: usage.schedules.filter((s) => s.botId !== null && !scopeAllows(scope, s.botId)),
      jobs: usage.jobs.filter((j) => !scopeAllows(scope, j.botId)),
    };
    const users = this.describeUsers(lost);
    if (users.length > 0) {
      throw new RpaError(
        'conflict',
        `Credential "${row.name}" is still needed by bots this change takes it from: ${users.join('; ')}. Choose another entry there first`,
      );
    }
  }

  /** Who relies on an entry, in the operator's words. */
  private describeUsers(usage: CredentialUsage): string[] {
    const { catalog } = this.deps;
    const users: string[] = [];
    for (const d of usage.defaults) users.push(`the default of ${catalog.title(d.botId)} (${d.slot})`);
    for (const s of usage.schedules) users.push(`schedule "${s.name}" (${s.id})`);
    if (usage.jobs.length > 0) {
      const shown = usage.jobs.slice(0, JOBS_SHOWN).map((j) => `${j.id} (${j.state.replace('_', ' ')})`);
      const more = usage.jobs.length > JOBS_SHOWN ? ' and more' : '';
      users.push(`${usage.jobs.length === 1 ? 'job' : 'jobs'} ${shown.join(', ')}${more}`);
    }
    return users;
  }

  private summary(row: CredentialRow, manage: boolean): CredentialSummary {
    const usage = manage ? this.usage(row.id) : null;
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as CredentialKind,
      // People who only pick an entry for a job see its name; what it is for is for those who manage it.
      description: manage ? row.description : '',
      hasTotp: row.hasTotp,
      bots: scopeOf(row),
      usedBy: usage
        ? { bots: [...new Set(usage.defaults.map((d) => d.botId))], schedules: usage.schedules.map((s) => ({ id: s.id, name: s.name })) }
        : { bots: [], schedules: [] },
      lastUsed: manage && row.lastUsedJobId !== null && row.lastUsedAt !== null ? { jobId: row.lastUsedJobId, at: row.lastUsedAt } : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  private changed(ids: number[]): void {
    this.deps.events.emit('credentials.changed', { ids });
  }
}

function scopeOf(row: CredentialRow): BotScope {
  return row.botsJson === null ? { all: true } : { all: false, botIds: JSON.parse(row.botsJson) as string[] };
}

function scopeJson(scope: BotScope): string | null {
  return scope.all ? null : JSON.stringify(scope.botIds);
}

function pickValues(input: CredentialValues): CredentialValues {
  const values: CredentialValues = {};
  for (const key of VALUE_NAMES) if (input[key] !== undefined) values[key] = input[key];
  return values;
}

/** Checks that the values fit the kind: a login is a user name and a password, a secret is one secret; either may add a TOTP seed. */
function checkedValues(kind: CredentialKind, values: CredentialValues): CredentialValues {
  if (kind === 'login') {
    const missing: Record<string, string> = {};
    if (!values.username) missing.username = 'A login needs a user name';
    if (!values.password) missing.password = 'A login needs a password';
    if (Object.keys(missing).length > 0) throw new RpaError('invalid_input', 'A login needs a user name and a password', missing);
    if (values.secret !== undefined)
      throw new RpaError('invalid_input', 'A login holds a user name and a password, not a secret: save an API key or token as a secret entry', {
        secret: 'Not part of a login',
      });
  } else {
    if (!values.secret) throw new RpaError('invalid_input', 'A secret entry needs the secret', { secret: 'Enter the secret' });
    const extra = (['username', 'password'] as const).filter((k) => values[k] !== undefined);
    if (extra.length > 0) {
      throw new RpaError(
        'invalid_input',
        'A secret entry holds one secret, not a user name or password: save those as a login',
        Object.fromEntries(extra.map((k) => [k, 'Not part of a secret'])),
      );
    }
  }
  return values;
}

function valueNames(values: CredentialValues): string[] {
  return VALUE_NAMES.filter((k) => values[k] !== undefined);
}

/** An entry as the audit trail records it: everything but its values. */
function described(row: CredentialRow): Record<string, unknown> {
  return { name: row.name, kind: row.kind, description: row.description, bots: scopeOf(row), hasTotp: row.hasTotp };
}

function slotList(slots: readonly { slot: string }[]): string {
  return slots.length === 0 ? 'it declares none' : `it has ${slots.map((s) => s.slot).join(', ')}`;
}
