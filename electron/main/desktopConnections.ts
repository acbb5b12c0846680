import type { EventName } from '../common/contract.js';
import type { Connection } from '../core/api/caller.js';
import type { IdentityService } from '../core/identity/identityService.js';

/** The little of a WebContents this needs, so it can be tested without Electron. */
export interface ContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
  isDestroyed(): boolean;
}

/**
 * One connection per renderer window. The first time a window speaks, it is signed in as the user
 * mapped to the OS account that runs the app (on a fresh install that account becomes the first
 * admin), so the person at their own desk is never asked for a password; "Switch user" signs
 * another user in on the same connection with theirs.
 */
export class DesktopConnections {
  private readonly byContents = new Map<number, Connection>();

  constructor(
    private readonly identity: Pick<IdentityService, 'signInOsAccount' | 'disconnect' | 'mayReceive'>,
    private readonly osAccount: string,
    private readonly eventChannel: string,
  ) {}

  of(contents: ContentsLike): Connection {
    const existing = this.byContents.get(contents.id);
    if (existing) return existing;
    const connection: Connection = {
      channel: 'desktop',
      sessionToken: null,
      onSessionEnded: (reason) => {
        if (!contents.isDestroyed()) contents.send(this.eventChannel, 'session.ended', { reason });
      },
    };
    this.byContents.set(contents.id, connection);
    this.identity.signInOsAccount(connection, this.osAccount);
    contents.once('destroyed', () => {
      this.identity.disconnect(connection);
      this.byContents.delete(contents.id);
    });
    return connection;
  }

  /** Whether a core event may go to this window: someone is signed in on it who may see it. */
  mayReceive(contents: ContentsLike, event: EventName): boolean {
    const connection = this.byContents.get(contents.id);
    return connection !== undefined && this.identity.mayReceive(connection, event);
  }
}
