import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditChannel } from '../../common/auditContract.js';
import type { EventName } from '../../common/contract.js';
import { RpaError } from '../../common/errors.js';
import type { DirectoryEntry, SessionGrant, SessionState, SessionUser, UserSummary } from '../../common/identityContract.js';
import { ROLE_PERMISSIONS, type BotScope, type Permission, type Role } from '../../common/permissions.js';
import type { Caller, Connection } from '../api/caller.js';
import { anonymousCaller } from '../api/caller.js';
import type { CallerResolver } from '../api/router.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { EventBus } from '../events/eventBus.js';
import type { Db } from '../store/database.js';
import { hashPassword, passwordMatches } from './passwords.js';
import { SessionStore, type LiveSession, type SessionEnd, type SessionLimits } from './sessionStore.js';
import { LOCK_MS, MAX_FAILED_SIGN_INS, SignInGuard } from './signInGuard.js';
import { UserStore, userSummary, type StoredUser } from './userStore.js';

/** Events that carry more than every signed-in user may read. */
const EVENT_PERMISSIONS: Partial<Record<EventName, Permission>> = { 'user.updated': 'users.manage' };

/** The one answer to a wrong name or a wrong password: it never says which. */
const WRONG_CREDENTIALS = 'Wrong user name or password';

export interface IdentityOptions {
  db: Db;
  audit: AuditLog;
  events: EventBus;
  now: () => number;
  limits: SessionLimits;
  /** The bots that exist, to check a user's "may run these bots". */
  botIds: () => string[];
}

/** What a shell asks for the first admin: from the environment, a file, or the OS account. */
export interface FirstAdmin {
  username: string;
  password?: string;
  displayName?: string;
  /** The OS account the desktop app signs in as this admin without a prompt. */
  osAccount?: string;
}

function sessionUser(user: StoredUser): SessionUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    permissions: [...ROLE_PERMISSIONS[user.role]],
    bots: user.bots,
  };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Users, sessions and sign-in; and, as the router's CallerResolver, who a connection is. Every
 * sign-in, sign-out, failed sign-in and user change is written to the audit trail.
 */
export class IdentityService implements CallerResolver {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  private readonly guard: SignInGuard;
  /** Callers built once per session: resolving one per command is a map lookup. */
  private readonly callers = new Map<string, { caller: Caller; session: LiveSession; user: StoredUser }>();
  /** Connections each session is signed in on, to tell them when it ends. */
  private readonly bound = new Map<string, Set<Connection>>();
  private setupCodeValue: string | null = null;

  constructor(private readonly options: IdentityOptions) {
    this.users = new UserStore(options.db, options.now);
    this.sessions = new SessionStore(options.db, options.now, options.limits);
    this.guard = new SignInGuard(options.now);
  }

  // ── Who is calling ──────────────────────────────────────────────────────────

  resolve(connection: Connection): { caller: Caller; problem: string | null } {
    const token = connection.sessionToken;
    if (token === null) return { caller: anonymousCaller(connection), problem: null };
    const cached = this.callers.get(token);
    const found = this.sessions.find(token);
    if ('ended' in found) {
      this.forget(token, found.ended === 'expired' ? 'expired' : 'signed_out');
      const problem = found.ended === 'expired' ? 'Your session expired: sign in again' : 'You are signed out: sign in again';
      return { caller: anonymousCaller(connection), problem };
    }
    this.sessions.touch(found.session);
    if (cached && cached.caller.connection === connection) return { caller: cached.caller, problem: null };
    const user = this.users.byId(found.session.userId);
    if (!user || user.disabled) {
      this.endSession(token, 'disabled');
      return { caller: anonymousCaller(connection), problem: 'This account is disabled: ask an admin' };
    }
    const caller = this.callerFor(user, connection);
    this.callers.set(token, { caller, session: found.session, user });
    return { caller, problem: null };
  }

  /** Whether an event may be pushed to this connection: signed in, and allowed to see what it carries. */
  mayReceive(connection: Connection, event: EventName): boolean {
    if (!this.isSignedIn(connection)) return false;
    const needs = EVENT_PERMISSIONS[event];
    return needs === undefined || (this.callers.get(connection.sessionToken ?? '')?.caller.permissions.has(needs) ?? false);
  }

  /** Whether this connection is signed in on a session still valid. */
  isSignedIn(connection: Connection): boolean {
    const token = connection.sessionToken;
    if (token === null) return false;
    const cached = this.callers.get(token);
    if (!cached) return false;
    const at = this.options.now();
    return at < cached.session.expiresAt && at < cached.session.lastSeenAt + this.sessions.limits.idleMs;
  }

  /** A connection forgets its session when it closes. */
  disconnect(connection: Connection): void {
    const token = connection.sessionToken;
    if (token === null) return;
    this.bound.get(token)?.delete(connection);
  }

  private callerFor(user: StoredUser, connection: Connection | null, channel: AuditChannel = connection?.channel ?? 'system'): Caller {
    return {
      user: user.username,
      userId: user.id,
      displayName: user.displayName,
      role: user.role,
      bots: user.bots,
      permissions: new Set<Permission>(ROLE_PERMISSIONS[user.role]),
      channel,
      connection,
    };
  }

  // ── Sessions ────────────────────────────────────────────────────────────────

  state(connection: Connection): SessionState {
    const { caller } = this.resolve(connection);
    const token = connection.sessionToken;
    const cached = token ? this.callers.get(token) : undefined;
    const setupRequired = this.users.count() === 0;
    if (!cached || caller.userId === null) return { user: null, setupRequired, expiresAt: null, idleExpiresAt: null };
    return { user: sessionUser(cached.user), setupRequired, expiresAt: cached.session.expiresAt, idleExpiresAt: this.sessions.idleEnd(cached.session) };
  }

  async signIn(connection: Connection, username: string, password: string): Promise<SessionGrant> {
    const name = username.trim();
    const lockedUntil = this.guard.lockedUntil(name);
    if (lockedUntil !== null) {
      const minutes = Math.max(1, Math.ceil((lockedUntil - this.options.now()) / 60_000));
      this.recordFailure(name, 'locked', connection.channel);
      throw new RpaError('forbidden', `Too many failed sign-ins: this account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}`);
    }
    const user = this.users.byName(name);
    const matches = await passwordMatches(user?.passwordHash ?? null, password);
    if (!user || !matches) {
      const locked = this.guard.failed(name);
      this.recordFailure(name, user ? 'wrong_password' : 'unknown_user', connection.channel);
      if (locked !== null) {
        throw new RpaError(
          'forbidden',
          `${WRONG_CREDENTIALS}. After ${MAX_FAILED_SIGN_INS} failed sign-ins this account is locked for ${LOCK_MS / 60_000} minutes`,
        );
      }
      throw new RpaError('forbidden', WRONG_CREDENTIALS);
    }
    if (user.disabled) {
      this.recordFailure(name, 'disabled', connection.channel);
      throw new RpaError('forbidden', 'This account is disabled: ask an admin');
    }
    this.guard.succeeded(name);
    return this.grant(connection, user, 'session.signed_in');
  }

  resume(connection: Connection, token: string): SessionGrant {
    const found = this.sessions.find(token);
    if ('ended' in found)
      throw new RpaError('unauthenticated', found.ended === 'expired' ? 'Your session expired: sign in again' : 'That session has ended: sign in again');
    const user = this.users.byId(found.session.userId);
    if (!user || user.disabled) throw new RpaError('unauthenticated', 'This account is disabled: ask an admin');
    this.bind(connection, token);
    const state = this.state(connection);
    return { ...state, user: sessionUser(user), token };
  }

  /** The one-time code of the setup link, while no user exists; null once there is one. */
  setupCode(): string | null {
    if (this.users.count() > 0) {
      this.setupCodeValue = null;
      return null;
    }
    this.setupCodeValue ??= randomBytes(18).toString('base64url');
    return this.setupCodeValue;
  }

  async setup(connection: Connection, input: { setupCode: string; username: string; displayName: string; password: string }): Promise<SessionGrant> {
    const code = this.users.count() === 0 ? this.setupCodeValue : null;
    if (code === null) throw new RpaError('conflict', 'RPA Desk is already set up: sign in instead');
    if (!sameText(code, input.setupCode)) throw new RpaError('forbidden', 'This setup link is not valid: open the one RPA Desk printed at start-up');
    const passwordHash = await hashPassword(input.password);
    // Checked again after the wait: two tabs racing with the same link make one admin, not two.
    if (this.users.count() > 0) throw new RpaError('conflict', 'RPA Desk is already set up: sign in instead');
    const user = this.users.create({ username: input.username, displayName: input.displayName, role: 'admin', bots: { all: true }, passwordHash });
    this.setupCodeValue = null;
    this.options.audit.record(user.username, 'user.created', { type: 'user', id: user.id }, { after: this.auditView(user), via: 'setup link' });
    return this.grant(connection, user, 'session.signed_in');
  }

  signOut(caller: Caller): void {
    const token = caller.connection?.sessionToken;
    if (!token) return;
    this.options.audit.record(caller.user, 'session.signed_out', { type: 'user', id: caller.userId ?? 0 });
    this.endSession(token, 'signed_out');
  }

  async changePassword(caller: Caller, currentPassword: string, newPassword: string): Promise<void> {
    const user = caller.userId === null ? null : this.users.byId(caller.userId);
    if (!user) throw new RpaError('unauthenticated', 'Sign in first');
    // A desktop account without a password sets its first one without giving a current one.
    if (user.passwordHash !== null && !(await passwordMatches(user.passwordHash, currentPassword))) {
      throw new RpaError('forbidden', 'The current password is not right: nothing was changed');
    }
    const updated = this.users.update(user.id, { passwordHash: await hashPassword(newPassword) });
    this.options.audit.record(caller.user, 'user.password_changed', { type: 'user', id: user.id });
    // Other sessions of this person end: a password changed because it leaked must lock the leak out.
    this.endOtherSessions(user.id, 'password_changed', caller.connection?.sessionToken ?? undefined);
    this.refreshCallers(updated);
  }

  /**
   * Signs `connection` in as the user mapped to this OS account without a password (the desktop
   * app, started by that account). On a fresh install the account becomes the first admin.
   */
  signInOsAccount(connection: Connection, osAccount: string): SessionGrant | null {
    let user = this.users.byOsAccount(osAccount);
    if (!user && this.users.count() === 0) {
      user = this.users.create({
        username: safeUserName(osAccount),
        displayName: osAccount,
        role: 'admin',
        bots: { all: true },
        passwordHash: null,
        osAccount,
      });
      this.options.audit.record('system', 'user.created', { type: 'user', id: user.id }, { after: this.auditView(user), via: 'desktop account' });
    }
    if (!user || user.disabled) return null;
    return this.grantSync(connection, user, 'session.signed_in');
  }

  /** A connection signed in as an existing user without a password: the desktop shell, tests, benchmarks. */
  trustedConnection(username: string, channel: AuditChannel): Connection {
    const user = this.users.byName(username);
    if (!user || user.disabled) throw new Error(`No enabled user "${username}"`);
    const connection: Connection = { channel, sessionToken: null };
    this.grantSync(connection, user, 'session.signed_in');
    return connection;
  }

  /** Creates the first admin from the shell's settings when no user exists yet. */
  async ensureFirstAdmin(admin: FirstAdmin): Promise<StoredUser | null> {
    if (this.users.count() > 0) return null;
    const passwordHash = admin.password === undefined ? null : await hashPassword(admin.password);
    if (this.users.count() > 0) return null;
    const user = this.users.create({
      username: admin.username,
      displayName: admin.displayName ?? admin.username,
      role: 'admin',
      bots: { all: true },
      passwordHash,
      osAccount: admin.osAccount ?? null,
    });
    this.options.audit.record('system', 'user.created', { type: 'user', id: user.id }, { after: this.auditView(user), via: 'first start' });
    return user;
  }

  private async grant(connection: Connection, user: StoredUser, action: string): Promise<SessionGrant> {
    return Promise.resolve(this.grantSync(connection, user, action));
  }

  private grantSync(connection: Connection, user: StoredUser, action: string): SessionGrant {
    // Whoever was signed in on this connection before (Switch user) is signed out first.
    if (connection.sessionToken) this.endSession(connection.sessionToken, 'signed_out', false);
    const { token, session } = this.sessions.start(user.id, connection.channel);
    this.users.signedIn(user.id);
    this.bind(connection, token);
    this.callers.set(token, { caller: this.callerFor(user, connection), session, user });
    this.options.audit.record(user.username, action, { type: 'user', id: user.id }, { channel: connection.channel });
    return { user: sessionUser(user), token, setupRequired: false, expiresAt: session.expiresAt, idleExpiresAt: this.sessions.idleEnd(session) };
  }

  private bind(connection: Connection, token: string): void {
    if (connection.sessionToken && connection.sessionToken !== token) this.bound.get(connection.sessionToken)?.delete(connection);
    connection.sessionToken = token;
    const set = this.bound.get(token) ?? new Set<Connection>();
    set.add(connection);
    this.bound.set(token, set);
    // A cached caller belongs to one connection; another connection resuming the session gets its own.
    const cached = this.callers.get(token);
    if (cached && cached.caller.connection !== connection) this.callers.delete(token);
  }

  private endSession(token: string, reason: SessionEnd, notify = true): void {
    this.sessions.end(token, reason);
    this.forget(token, reason, notify);
  }

  private forget(token: string, reason: SessionEnd | 'expired', notify = true): void {
    this.callers.delete(token);
    const connections = this.bound.get(token);
    this.bound.delete(token);
    for (const connection of connections ?? []) {
      if (connection.sessionToken !== token) continue;
      connection.sessionToken = null;
      if (notify) connection.onSessionEnded?.(reason === 'password_changed' ? 'signed_out' : reason);
    }
  }

  private endOtherSessions(userId: number, reason: SessionEnd, except?: string): void {
    for (const token of this.sessions.endAllOf(userId, reason, except)) this.forget(token, reason);
    for (const [token, cached] of this.callers) {
      if (cached.user.id === userId && token !== except) this.forget(token, reason);
    }
  }

  private refreshCallers(user: StoredUser): void {
    for (const [token, cached] of this.callers) {
      if (cached.user.id === user.id) this.callers.set(token, { ...cached, user, caller: this.callerFor(user, cached.caller.connection) });
    }
  }

  private recordFailure(username: string, reason: string, channel: AuditChannel): void {
    const user = this.users.byName(username);
    this.options.audit.record(username.slice(0, 100) || '(empty)', 'session.sign_in_failed', { type: 'user', id: user?.id ?? 0 }, { reason, channel });
  }

  // ── Users ───────────────────────────────────────────────────────────────────

  directory(): DirectoryEntry[] {
    return this.users.all().map((u) => ({ username: u.username, displayName: u.displayName }));
  }

  list(): UserSummary[] {
    return this.users.all().map((u) => userSummary(u, this.guard.lockedUntil(u.username)));
  }

  async create(caller: Caller, input: { username: string; displayName: string; role: Role; bots: BotScope; password: string }): Promise<UserSummary> {
    if (this.users.byName(input.username))
      throw new RpaError('conflict', `There is already a user named "${input.username}"`, { username: 'This user name is taken' });
    this.checkBots(input.bots);
    const passwordHash = await hashPassword(input.password);
    if (this.users.byName(input.username))
      throw new RpaError('conflict', `There is already a user named "${input.username}"`, { username: 'This user name is taken' });
    const user = this.users.create({ ...input, passwordHash });
    this.options.audit.record(caller.user, 'user.created', { type: 'user', id: user.id }, { after: this.auditView(user) });
    return this.announce(user);
  }

  update(caller: Caller, input: { userId: number; displayName?: string; role?: Role; bots?: BotScope; disabled?: boolean }): UserSummary {
    const before = this.requireUser(input.userId);
    if (input.bots) this.checkBots(input.bots);
    const losesAdmin = before.role === 'admin' && !before.disabled && ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin && this.users.activeAdmins() <= 1) {
      throw new RpaError('conflict', `${before.displayName} is the last admin: make another user admin first. Nothing was changed`);
    }
    const after = this.users.update(before.id, input);
    this.options.audit.record(
      caller.user,
      after.disabled !== before.disabled ? (after.disabled ? 'user.disabled' : 'user.enabled') : 'user.updated',
      { type: 'user', id: after.id },
      {
        before: this.auditView(before),
        after: this.auditView(after),
      },
    );
    if (after.disabled) this.endOtherSessions(after.id, 'disabled');
    else this.refreshCallers(after);
    return this.announce(after);
  }

  async resetPassword(caller: Caller, userId: number, password: string): Promise<UserSummary> {
    const user = this.requireUser(userId);
    const updated = this.users.update(user.id, { passwordHash: await hashPassword(password) });
    this.guard.clear(user.username);
    this.options.audit.record(caller.user, 'user.password_reset', { type: 'user', id: user.id });
    this.endOtherSessions(user.id, 'password_changed', caller.userId === user.id ? (caller.connection?.sessionToken ?? undefined) : undefined);
    return this.announce(updated);
  }

  private requireUser(id: number): StoredUser {
    const user = this.users.byId(id);
    if (!user) throw new RpaError('not_found', `User ${id} not found`);
    return user;
  }

  private checkBots(scope: BotScope): void {
    if (scope.all) return;
    const known = new Set(this.options.botIds());
    const unknown = scope.botIds.filter((id) => !known.has(id));
    if (unknown.length)
      throw new RpaError('invalid_input', `Unknown bot${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, { bots: 'Choose bots that exist' });
  }

  private announce(user: StoredUser): UserSummary {
    const summary = userSummary(user, this.guard.lockedUntil(user.username));
    this.options.events.emit('user.updated', summary);
    return summary;
  }

  /** What the audit keeps of a user: never the password hash. */
  private auditView(user: StoredUser): Record<string, unknown> {
    return { username: user.username, displayName: user.displayName, role: user.role, bots: user.bots.all ? 'all' : user.bots.botIds, disabled: user.disabled };
  }
}

/** A user name made from an OS account ("DOMAIN\\Maria Silva" → "maria.silva"). */
function safeUserName(account: string): string {
  const base = account.split(/[\\/]/).pop() ?? account;
  const cleaned = base
    .normalize('NFKC')
    .replace(/\s+/g, '.')
    .replace(/[^\p{L}\p{N}._@-]/gu, '')
    .toLowerCase()
    .slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'admin';
}
