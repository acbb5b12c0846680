import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, type CommandName } from '../electron/common/contract.js';
import { PERMISSIONS, ROLE_PERMISSIONS } from '../electron/common/permissions.js';
import type { UserSummary } from '../electron/common/identityContract.js';
import type { Core } from '../electron/core/app.js';
import type { Connection } from '../electron/core/api/caller.js';
import { asTester, call, startTestCore } from './helpers/testCore.js';

// Users, roles and sign-in against a real core: a SQLite file, the real router, real argon2id.

let now = Date.UTC(2026, 11, 1, 9, 0);
let core: Core;
const PASSWORD = 'correct horse battery';

async function send(connection: Connection, command: string, input: unknown) {
  return core.router.handle(command, input, connection);
}

function fresh(): Connection {
  return { channel: 'headless', sessionToken: null };
}

async function signedIn(username: string, password = PASSWORD): Promise<Connection> {
  const connection = fresh();
  const reply = await send(connection, 'session.signIn', { username, password });
  if (!reply.ok) throw new Error(`${username} could not sign in: ${reply.error.message}`);
  return connection;
}

function jobCount(): number {
  return (core.store.listJobs({ limit: 500 }).jobs ?? []).length;
}

beforeAll(async () => {
  core = await startTestCore({ now: () => now, sessionLimits: { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000 } });
  for (const [username, role] of [
    ['olga', 'operator'],
    ['abel', 'approver'],
    ['vera', 'viewer'],
  ] as const) {
    await call<UserSummary>(core, 'users.create', { username, displayName: username[0]?.toUpperCase() + username.slice(1), role, password: PASSWORD });
  }
  await call(core, 'users.create', {
    username: 'echo-only',
    displayName: 'Echo Only',
    role: 'operator',
    bots: { all: false, botIds: ['echo'] },
    password: PASSWORD,
  });
});
afterAll(async () => {
  await core.close();
});

describe('permissions in the contract', () => {
  it('every command declares a permission that exists, and admin holds every permission', () => {
    const undeclared = (Object.keys(commands) as CommandName[]).filter((name) => !PERMISSIONS.includes(commands[name].permission));
    expect(undeclared).toEqual([]);
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('refuses a caller who is not signed in with unauthenticated, before looking at the input', async () => {
    const before = jobCount();
    const reply = await send(fresh(), 'jobs.create', { botId: 'echo', params: { text: 'hi' } });
    expect(reply).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Sign in to RPA Desk first' } });
    expect(await send(fresh(), 'jobs.create', { nonsense: true })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(jobCount()).toBe(before);
  });

  it('lets each role do its part and refuses the rest with forbidden naming the permission, changing nothing', async () => {
    const olga = await signedIn('olga');
    const abel = await signedIn('abel');
    const vera = await signedIn('vera');
    const before = jobCount();

    for (const who of [vera, abel]) {
      const reply = await send(who, 'jobs.create', { botId: 'echo', params: { text: 'hi' } });
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('"jobs.run"') } });
    }
    expect(jobCount()).toBe(before);
    for (const [who, command] of [
      [olga, 'users.list'],
      [olga, 'credentials.create'],
      [olga, 'audit.search'],
      [olga, 'approvals.decide'],
      [abel, 'schedules.create'],
      [abel, 'jobs.cancel'],
      [vera, 'approvals.decide'],
    ] as const) {
      const reply = await send(who, command, {});
      expect(reply, `${command}`).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining(`"${commands[command].permission}"`) },
      });
    }
    // What each may do.
    for (const who of [olga, abel, vera]) expect((await send(who, 'jobs.list', {})).ok).toBe(true);
    const created = await send(olga, 'jobs.create', { botId: 'echo', params: { text: 'from olga' } });
    expect(created).toMatchObject({ ok: true, result: { createdBy: 'olga' } });
    expect((await send(olga, 'users.directory', {})).ok).toBe(true);
    expect(jobCount()).toBe(before + 1);
  });

  it('keeps a user limited to some bots to those bots, for jobs and schedules alike', async () => {
    const limited = await signedIn('echo-only');
    const before = jobCount();
    expect(await send(limited, 'jobs.create', { botId: 'throws', params: {} })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Echo Only may not run the bot "throws": an admin can allow it in Users' },
    });
    expect(await send(limited, 'schedules.create', { name: 'nightly', botId: 'throws', cron: '0 2 * * *', timeZone: 'UTC' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(jobCount()).toBe(before);
    expect(await send(limited, 'jobs.create', { botId: 'echo', params: { text: 'allowed' } })).toMatchObject({ ok: true });
  });
});

describe('sign-in', () => {
  it('never says which of name or password was wrong, and records each failure', async () => {
    const wrongPassword = await send(fresh(), 'session.signIn', { username: 'vera', password: 'not it at all' });
    const unknownUser = await send(fresh(), 'session.signIn', { username: 'nobody', password: PASSWORD });
    expect(wrongPassword).toEqual({ ok: false, error: { code: 'forbidden', message: 'Wrong user name or password' } });
    expect(unknownUser).toEqual(wrongPassword);
    const failures = await call<{ entries: { actor: string; detail: { reason: string; channel: string } }[] }>(core, 'audit.search', {
      action: 'session.sign_in_failed',
    });
    expect(failures.entries.map((r) => [r.actor, r.detail.reason])).toEqual([
      ['nobody', 'unknown_user'],
      ['vera', 'wrong_password'],
    ]);
    expect(JSON.stringify(failures)).not.toContain('not it at all');
  });

  it('locks a name for five minutes after five failures, known or unknown alike, and lets it in again after', async () => {
    for (const name of ['olga', 'ghost']) {
      for (let i = 1; i <= 5; i++) {
        const reply = await send(fresh(), 'session.signIn', { username: name, password: `wrong ${i}` });
        expect(reply.ok).toBe(false);
      }
      const locked = await send(fresh(), 'session.signIn', { username: name, password: name === 'olga' ? PASSWORD : 'whatever' });
      expect(locked).toEqual({ ok: false, error: { code: 'forbidden', message: 'Too many failed sign-ins: this account is locked for 5 more minutes' } });
    }
    now += 5 * 60_000 + 1;
    expect((await send(fresh(), 'session.signIn', { username: 'olga', password: PASSWORD })).ok).toBe(true);
  });

  it('ends a session after 30 idle minutes and after 8 hours whatever happens, asking to sign in again', async () => {
    const idle = await signedIn('vera');
    now += 29 * 60_000;
    expect((await send(idle, 'jobs.list', {})).ok).toBe(true);
    now += 29 * 60_000;
    expect((await send(idle, 'jobs.list', {})).ok).toBe(true);
    now += 31 * 60_000;
    expect(await send(idle, 'jobs.list', {})).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Your session expired: sign in again' } });
    expect(idle.sessionToken).toBeNull();

    const busy = await signedIn('vera');
    for (let minutes = 0; minutes < 8 * 60; minutes += 20) {
      now += 20 * 60_000;
      const reply = await send(busy, 'jobs.list', {});
      if (!reply.ok) {
        expect(minutes + 20).toBe(8 * 60);
        expect(reply).toMatchObject({ error: { code: 'unauthenticated' } });
        return;
      }
    }
    throw new Error('The session outlived its 8 hours');
  });

  it('resumes a session on a new connection (a reload) with its token, and not after sign-out', async () => {
    const first = fresh();
    const grant = await send(first, 'session.signIn', { username: 'abel', password: PASSWORD });
    if (!grant.ok) throw new Error(grant.error.message);
    const token = (grant.result as { token: string }).token;
    const reloaded = fresh();
    expect(await send(reloaded, 'session.resume', { token })).toMatchObject({ ok: true, result: { user: { username: 'abel', role: 'approver' } } });
    expect((await send(reloaded, 'approvals.list', {})).ok).toBe(true);
    expect((await send(reloaded, 'session.signOut', {})).ok).toBe(true);
    expect(await send(fresh(), 'session.resume', { token })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});

describe('users', () => {
  it('refuses to demote or disable the last admin, and changes nothing', async () => {
    const admins = core.identity.users.all().filter((u) => u.role === 'admin');
    expect(admins.map((u) => u.username)).toEqual(['tester']);
    const id = admins[0]?.id ?? 0;
    for (const change of [{ role: 'operator' }, { disabled: true }]) {
      const reply = await send(asTester(core), 'users.update', { userId: id, ...change });
      expect(reply).toEqual({
        ok: false,
        error: { code: 'conflict', message: 'Tess Tester is the last admin: make another user admin first. Nothing was changed' },
      });
    }
    expect(core.identity.users.byId(id)).toMatchObject({ role: 'admin', disabled: false });
  });

  it('signs a disabled user out at once and tells their connection', async () => {
    const vera = await signedIn('vera');
    const ended: string[] = [];
    vera.onSessionEnded = (reason) => ended.push(reason);
    const id = core.identity.users.byName('vera')?.id ?? 0;
    await call(core, 'users.update', { userId: id, disabled: true });
    expect(ended).toEqual(['disabled']);
    expect(await send(vera, 'jobs.list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await send(fresh(), 'session.signIn', { username: 'vera', password: PASSWORD })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'This account is disabled: ask an admin' },
    });
    await call(core, 'users.update', { userId: id, disabled: false });
  });

  it('ends the other sessions of a user whose password changed, and keeps the one that changed it', async () => {
    const laptop = await signedIn('abel');
    const desk = await signedIn('abel');
    expect(await send(desk, 'session.changePassword', { currentPassword: 'wrong one', newPassword: 'a brand new password' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await send(desk, 'session.changePassword', { currentPassword: PASSWORD, newPassword: 'a brand new password' })).ok).toBe(true);
    expect((await send(desk, 'jobs.list', {})).ok).toBe(true);
    expect(await send(laptop, 'jobs.list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await send(fresh(), 'session.signIn', { username: 'abel', password: 'a brand new password' })).ok).toBe(true);
  });

  it('refuses a taken user name without regard to case, and a short password, naming the field', async () => {
    expect(await send(asTester(core), 'users.create', { username: 'OLGA', displayName: 'Olga 2', role: 'viewer', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: { username: 'This user name is taken' } },
    });
    expect(await send(asTester(core), 'users.create', { username: 'newbie', displayName: 'New', role: 'viewer', password: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('password: A password has at least 10 characters') },
    });
    expect(core.identity.users.byName('newbie')).toBeNull();
  });

  it('hashes passwords with argon2id and never hands the hash out', async () => {
    const stored = core.identity.users.byName('olga');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const listed = await call<UserSummary[]>(core, 'users.list', {});
    expect(JSON.stringify(listed)).not.toContain('argon2');
  });

  it('keeps the main loop responsive while 20 people sign in at once (argon2 runs off the loop)', async () => {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: 20 }, () => send(fresh(), 'session.signIn', { username: 'echo-only', password: PASSWORD })));
    const elapsed = performance.now() - started;
    delay.disable();
    expect(replies.every((r) => r.ok)).toBe(true);
    const p99 = delay.percentile(99) / 1e6;
    console.log(`20 sign-ins at once: ${elapsed.toFixed(0)} ms in all, main loop delay p99 ${p99.toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
    expect(p99).toBeLessThan(50);
  });
});

describe('first start', () => {
  it('needs the one-time setup code when no user exists, and makes exactly one admin with it', async () => {
    const empty = await startTestCore({ firstAdmin: undefined });
    try {
      const code = empty.identity.setupCode();
      expect(code).toMatch(/^[\w-]{20,}$/);
      const page = fresh();
      expect(await empty.router.handle('session.state', {}, page)).toMatchObject({ ok: true, result: { user: null, setupRequired: true } });
      const input = { username: 'maria', displayName: 'Maria Souza', password: 'uma senha bem longa' };
      expect(await empty.router.handle('session.setup', { ...input, setupCode: 'guessed' }, page)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(empty.identity.users.count()).toBe(0);
      expect(await empty.router.handle('session.setup', { ...input, setupCode: code }, page)).toMatchObject({
        ok: true,
        result: { user: { username: 'maria', role: 'admin' } },
      });
      expect(await empty.router.handle('session.setup', { ...input, username: 'intruder', setupCode: code }, fresh())).toMatchObject({
        ok: false,
        error: { code: 'conflict' },
      });
      expect(empty.identity.users.all().map((u) => u.username)).toEqual(['maria']);
      expect(empty.identity.setupCode()).toBeNull();
      expect((await empty.router.handle('users.list', {}, page)).ok).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it('signs the desktop OS account in without a prompt, making it the first admin on a fresh install', async () => {
    const desk = await startTestCore({ firstAdmin: undefined });
    try {
      const window = { channel: 'desktop', sessionToken: null } as Connection;
      expect(desk.identity.signInOsAccount(window, 'CORP\\Maria Silva')).toMatchObject({
        user: { username: 'maria.silva', displayName: 'CORP\\Maria Silva', role: 'admin' },
      });
      expect((await desk.router.handle('users.list', {}, window)).ok).toBe(true);
      // Another account on the same machine is not signed in by its OS name: it gets the sign-in screen.
      const other = { channel: 'desktop', sessionToken: null } as Connection;
      expect(desk.identity.signInOsAccount(other, 'joao')).toBeNull();
      expect(await desk.router.handle('jobs.list', {}, other)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    } finally {
      await desk.close();
    }
  });
});
