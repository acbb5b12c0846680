import type { AuditChannel } from '../../common/auditContract.js';
import { RpaError } from '../../common/errors.js';
import { scopeAllows, type BotScope, type Permission, type Role } from '../../common/permissions.js';

/**
 * One client of the contract as a transport sees it: a renderer window, a browser tab on the
 * headless link, later an API key. It carries the session signed in on it, if any.
 */
export interface Connection {
  readonly channel: AuditChannel;
  /** The token of the session signed in on this connection; null before sign-in. */
  sessionToken: string | null;
  /** Tells the client its session ended (pushed as a `session.ended` event where the transport can). */
  onSessionEnded?: (reason: 'signed_out' | 'expired' | 'disabled') => void;
}

/** Who sent a command, resolved by the router from the connection's session before any handler runs. */
export interface Caller {
  /** User name: what jobs' "started by", approvals' "decided by" and the audit trail record. */
  readonly user: string;
  /** null for callers that are not a person's session (the scheduler, start-up, not signed in). */
  readonly userId: number | null;
  readonly displayName: string;
  readonly role: Role | null;
  readonly bots: BotScope;
  readonly permissions: ReadonlySet<Permission>;
  readonly channel: AuditChannel;
  /** The connection the command came in on; session commands sign it in or out. */
  readonly connection: Connection | null;
}

/** Someone who has not signed in: only `public` commands. */
export function anonymousCaller(connection: Connection): Caller {
  return {
    user: '',
    userId: null,
    displayName: '',
    role: null,
    bots: { all: false, botIds: [] },
    permissions: new Set(['public']),
    channel: connection.channel,
    connection,
  };
}

/** Refuses, changing nothing, when the caller may not start jobs of `botId`. */
export function requireBot(caller: Caller, botId: string): void {
  if (!scopeAllows(caller.bots, botId)) {
    throw new RpaError('forbidden', `${caller.displayName || caller.user} may not run the bot "${botId}": an admin can allow it in Users`);
  }
}

/** Refuses, changing nothing, when the caller lacks `permission`. */
export function requirePermission(caller: Caller, permission: Permission): void {
  if (!caller.permissions.has(permission)) throw new RpaError('forbidden', `This needs the permission "${permission}", which your role does not have`);
}
