import { eq, sql } from 'drizzle-orm';
import type { UserSummary } from '../../common/identityContract.js';
import type { BotScope, Role } from '../../common/permissions.js';
import type { Db } from '../store/database.js';
import { users } from '../store/schema.js';

type UserRow = typeof users.$inferSelect;

/** A user as the core works with them (the password hash never leaves the identity module). */
export interface StoredUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  bots: BotScope;
  passwordHash: string | null;
  osAccount: string | null;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
}

function toUser(row: UserRow): StoredUser {
  const botIds = row.botsJson === null ? null : (JSON.parse(row.botsJson) as string[]);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    bots: botIds === null ? { all: true } : { all: false, botIds },
    passwordHash: row.passwordHash,
    osAccount: row.osAccount,
    disabled: row.disabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastSignInAt: row.lastSignInAt,
  };
}

function botsJson(scope: BotScope): string | null {
  return scope.all ? null : JSON.stringify([...new Set(scope.botIds)].sort());
}

/** The users table. */
export class UserStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  count(): number {
    return (
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .get()?.n ?? 0
    );
  }

  /** Enabled admins: the last one may not be disabled or demoted. */
  activeAdmins(): number {
    return (
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .where(sql`${users.role} = 'admin' AND ${users.disabled} = 0`)
        .get()?.n ?? 0
    );
  }

  byId(id: number): StoredUser | null {
    const row = this.db.select().from(users).where(eq(users.id, id)).get();
    return row ? toUser(row) : null;
  }

  /** Finds a user by name, without regard to case. */
  byName(username: string): StoredUser | null {
    const row = this.db
      .select()
      .from(users)
      .where(sql`${users.username} = ${username.trim()} COLLATE NOCASE`)
      .get();
    return row ? toUser(row) : null;
  }

  byOsAccount(account: string): StoredUser | null {
    const row = this.db.select().from(users).where(eq(users.osAccount, account)).get();
    return row ? toUser(row) : null;
  }

  all(): StoredUser[] {
    return this.db.select().from(users).orderBy(users.username).all().map(toUser);
  }

  create(user: { username: string; displayName: string; role: Role; bots: BotScope; passwordHash: string | null; osAccount?: string | null }): StoredUser {
    const at = this.now();
    const row = this.db
      .insert(users)
      .values({
        username: user.username.trim(),
        displayName: user.displayName.trim(),
        role: user.role,
        botsJson: botsJson(user.bots),
        passwordHash: user.passwordHash,
        osAccount: user.osAccount ?? null,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    return toUser(row);
  }

  update(id: number, change: { displayName?: string; role?: Role; bots?: BotScope; disabled?: boolean; passwordHash?: string }): StoredUser {
    const row = this.db
      .update(users)
      .set({
        ...(change.displayName !== undefined ? { displayName: change.displayName.trim() } : {}),
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.bots !== undefined ? { botsJson: botsJson(change.bots) } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(change.passwordHash !== undefined ? { passwordHash: change.passwordHash } : {}),
        updatedAt: this.now(),
      })
      .where(eq(users.id, id))
      .returning()
      .get();
    return toUser(row);
  }

  signedIn(id: number): void {
    this.db.update(users).set({ lastSignInAt: this.now() }).where(eq(users.id, id)).run();
  }
}

/** The Users screen's view of a user. */
export function userSummary(user: StoredUser, lockedUntil: number | null): UserSummary {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    bots: user.bots,
    disabled: user.disabled,
    osAccount: user.osAccount,
    hasPassword: user.passwordHash !== null,
    lockedUntil,
    lastSignInAt: user.lastSignInAt,
    createdAt: user.createdAt,
  };
}
