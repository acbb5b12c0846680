import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { AuditChannel } from '../../common/auditContract.js';
import type { Db } from '../store/database.js';
import { sessions } from '../store/schema.js';

/** How long a session lasts: without activity, and at most. */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 60 * 60_000, absoluteMs: 12 * 60 * 60_000 };

/** Activity is written back at most this often: a command per keystroke must not mean a write per keystroke. */
const TOUCH_WRITE_MS = 30_000;

export interface LiveSession {
  id: number;
  userId: number;
  channel: AuditChannel;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** lastSeenAt as last written to the database. */
  writtenSeenAt: number;
}

export type SessionEnd = 'signed_out' | 'expired' | 'disabled' | 'password_changed';

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Sessions, kept in the database as hashes of their tokens (a copy of the file signs no one in) and
 * in memory while in use, so checking one per command is a map lookup.
 */
export class SessionStore {
  private readonly live = new Map<string, LiveSession>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    readonly limits: SessionLimits,
  ) {}

  /** Starts a session; returns the token only its client will hold. */
  start(userId: number, channel: AuditChannel): { token: string; session: LiveSession } {
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    const row = this.db
      .insert(sessions)
      .values({ tokenHash: tokenHash(token), userId, channel, createdAt: at, lastSeenAt: at, expiresAt: at + this.limits.absoluteMs })
      .returning()
      .get();
    const session: LiveSession = { id: row.id, userId, channel, createdAt: at, lastSeenAt: at, expiresAt: row.expiresAt, writtenSeenAt: at };
    this.live.set(token, session);
    return { token, session };
  }

  /** The session of `token` if it has not ended, with why not otherwise. */
  find(token: string): { session: LiveSession } | { ended: 'unknown' | 'expired' } {
    let session = this.live.get(token);
    if (!session) {
      const row = this.db
        .select()
        .from(sessions)
        .where(eq(sessions.tokenHash, tokenHash(token)))
        .get();
      if (!row || row.endedAt !== null) return { ended: row?.endReason === 'expired' ? 'expired' : 'unknown' };
      session = {
        id: row.id,
        userId: row.userId,
        channel: row.channel as AuditChannel,
        createdAt: row.createdAt,
        lastSeenAt: row.lastSeenAt,
        expiresAt: row.expiresAt,
        writtenSeenAt: row.lastSeenAt,
      };
      this.live.set(token, session);
    }
    const at = this.now();
    if (at >= session.expiresAt || at >= session.lastSeenAt + this.limits.idleMs) {
      this.end(token, 'expired');
      return { ended: 'expired' };
    }
    return { session };
  }

  /** Marks activity on the session (commands, not pushed events). */
  touch(session: LiveSession): void {
    session.lastSeenAt = this.now();
    if (session.lastSeenAt - session.writtenSeenAt < TOUCH_WRITE_MS) return;
    session.writtenSeenAt = session.lastSeenAt;
    this.db.update(sessions).set({ lastSeenAt: session.lastSeenAt }).where(eq(sessions.id, session.id)).run();
  }

  /** When the session ends if nothing happens first. */
  idleEnd(session: LiveSession): number {
    return Math.min(session.expiresAt, session.lastSeenAt + this.limits.idleMs);
  }

  end(token: string, reason: SessionEnd): LiveSession | null {
    const session = this.live.get(token) ?? null;
    this.live.delete(token);
    this.db
      .update(sessions)
      .set({ endedAt: this.now(), endReason: reason })
      .where(and(eq(sessions.tokenHash, tokenHash(token)), isNull(sessions.endedAt)))
      .run();
    return session;
  }

  /** Ends every session of a user (disabled, password reset); returns the tokens that were live here. */
  endAllOf(userId: number, reason: SessionEnd, except?: string): string[] {
    const tokens = [...this.live.entries()].filter(([token, s]) => s.userId === userId && token !== except).map(([token]) => token);
    for (const token of tokens) this.live.delete(token);
    const keep = except ? tokenHash(except) : null;
    this.db
      .update(sessions)
      .set({ endedAt: this.now(), endReason: reason })
      .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt), keep ? sql`${sessions.tokenHash} <> ${keep}` : undefined))
      .run();
    return tokens;
  }

  /** Forgets ended and expired sessions older than a day, so the table stays small. */
  prune(): void {
    const dayAgo = this.now() - 24 * 3_600_000;
    this.db
      .delete(sessions)
      .where(or(lt(sessions.endedAt, dayAgo), lt(sessions.expiresAt, dayAgo)))
      .run();
  }
}
