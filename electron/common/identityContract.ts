import { z } from 'zod';
import { ROLES, type BotScope, type Permission, type Role } from './permissions.js';

const UserId = z.number().int().positive();
/** Sign-in names: letters, digits and . _ - @, compared without case. */
export const UserNameSchema = z
  .string()
  .trim()
  .min(2, 'A user name has at least 2 characters')
  .max(64, 'A user name has at most 64 characters')
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'A user name may hold letters, digits and . _ - @ only');
const DisplayName = z.string().trim().min(1, 'Give a display name').max(100);
/** A new password: long enough to resist guessing, short enough to hash quickly. */
export const NewPasswordSchema = z.string().min(10, 'A password has at least 10 characters').max(256, 'A password has at most 256 characters');
/** A password as typed at sign-in: never checked for shape, so nothing about it is revealed. */
const GivenPassword = z.string().max(1_024);
export const BotScopeSchema = z.discriminatedUnion('all', [
  z.object({ all: z.literal(true) }).strict(),
  z.object({ all: z.literal(false), botIds: z.array(z.string().min(1).max(100)).max(500) }).strict(),
]);

/** The signed-in user as the renderer sees them. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  permissions: Permission[];
  bots: BotScope;
}

/** Where the connection stands: signed in, or what the sign-in screen should offer. */
export interface SessionState {
  user: SessionUser | null;
  /** No user exists yet: the setup form (with the one-time code of the printed link) creates the first admin. */
  setupRequired: boolean;
  /** When the session ends at the latest, and when it ends if nothing is done before (epoch ms). */
  expiresAt: number | null;
  idleExpiresAt: number | null;
}

/** A session handed to a connection: keep `token` to resume it after a reload. */
export interface SessionGrant extends SessionState {
  user: SessionUser;
  token: string;
}

/** A user as the Users screen lists them. */
export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  bots: BotScope;
  disabled: boolean;
  /** The OS account the desktop app signs in as this user without a prompt, if any. */
  osAccount: string | null;
  hasPassword: boolean;
  lockedUntil: number | null;
  lastSignInAt: number | null;
  createdAt: number;
}

/** Someone who appears as an actor: for showing display names instead of user names. */
export interface DirectoryEntry {
  username: string;
  displayName: string;
}

/** Sign-in and users; spread into `commands` of the contract. */
export const identityCommands = {
  'session.state': { permission: 'public', input: z.object({}).strict(), output: {} as SessionState },
  'session.signIn': {
    permission: 'public',
    input: z.object({ username: z.string().trim().min(1, 'Enter your user name').max(200), password: GivenPassword }).strict(),
    output: {} as SessionGrant,
  },
  /** Binds a session this browser was given before (a reload, a reconnect) to the connection. */
  'session.resume': { permission: 'public', input: z.object({ token: z.string().min(1).max(200) }).strict(), output: {} as SessionGrant },
  /** Creates the first admin with the one-time code of the setup link, and signs them in. */
  'session.setup': {
    permission: 'public',
    input: z.object({ setupCode: z.string().min(1).max(200), username: UserNameSchema, displayName: DisplayName, password: NewPasswordSchema }).strict(),
    output: {} as SessionGrant,
  },
  'session.signOut': { permission: 'session', input: z.object({}).strict(), output: {} as { done: true } },
  'session.changePassword': {
    permission: 'session',
    input: z.object({ currentPassword: GivenPassword, newPassword: NewPasswordSchema }).strict(),
    output: {} as { done: true },
  },
  'users.directory': { permission: 'session', input: z.object({}).strict(), output: [] as DirectoryEntry[] },
  'users.list': { permission: 'users.manage', input: z.object({}).strict(), output: [] as UserSummary[] },
  'users.create': {
    permission: 'users.manage',
    input: z
      .object({
        username: UserNameSchema,
        displayName: DisplayName,
        role: z.enum(ROLES),
        bots: BotScopeSchema.default({ all: true }),
        password: NewPasswordSchema,
      })
      .strict(),
    output: {} as UserSummary,
  },
  'users.update': {
    permission: 'users.manage',
    input: z
      .object({
        userId: UserId,
        displayName: DisplayName.optional(),
        role: z.enum(ROLES).optional(),
        bots: BotScopeSchema.optional(),
        disabled: z.boolean().optional(),
      })
      .strict(),
    output: {} as UserSummary,
  },
  'users.resetPassword': { permission: 'users.manage', input: z.object({ userId: UserId, password: NewPasswordSchema }).strict(), output: {} as UserSummary },
} as const;

/** Events of users and sessions. */
export interface IdentityEvents {
  /** The connection's session ended (signed out, expired, user disabled): show the sign-in screen. */
  'session.ended': { reason: 'signed_out' | 'expired' | 'disabled' };
  'user.updated': UserSummary;
}
