import { describe, expect, it } from 'vitest';
import type { Connection } from '../core/api/caller.js';
import { DesktopConnections, type ContentsLike } from './desktopConnections.js';

// The desktop shell's part of sign-in, against a fake identity and fake windows: one connection per
// window, signed in as the OS account when the window first speaks, forgotten when it closes.

function fakeContents(id: number): ContentsLike & { sent: unknown[][]; destroy(): void } {
  let onDestroyed: (() => void) | null = null;
  let destroyed = false;
  return {
    id,
    sent: [],
    send(...args: unknown[]) {
      this.sent.push(args);
    },
    once: (_event, listener) => (onDestroyed = listener),
    isDestroyed: () => destroyed,
    destroy() {
      destroyed = true;
      onDestroyed?.();
    },
  };
}

function fakeIdentity(mapped: string) {
  const signedIn = new Set<Connection>();
  const disconnected: Connection[] = [];
  return {
    signedIn,
    disconnected,
    signInOsAccount(connection: Connection, account: string) {
      if (account !== mapped) return null;
      connection.sessionToken = `token-${signedIn.size + 1}`;
      signedIn.add(connection);
      return null;
    },
    disconnect: (connection: Connection) => void disconnected.push(connection),
    mayReceive: (connection: Connection, event: string) => signedIn.has(connection) && event !== 'user.updated',
  };
}

describe('DesktopConnections', () => {
  it('signs each window in as the OS account once, and keeps its connection for every later command', () => {
    const identity = fakeIdentity('maria');
    const connections = new DesktopConnections(identity, 'maria', 'rpa:event');
    const window = fakeContents(1);
    const first = connections.of(window);
    expect(first).toMatchObject({ channel: 'desktop', sessionToken: 'token-1' });
    expect(connections.of(window)).toBe(first);
    expect(connections.of(fakeContents(2)).sessionToken).toBe('token-2');
    expect(connections.mayReceive(window, 'job.updated')).toBe(true);
    expect(connections.mayReceive(window, 'user.updated')).toBe(false);
  });

  it('leaves a window of an OS account no user is mapped to signed out, so it shows the sign-in screen', () => {
    const connections = new DesktopConnections(fakeIdentity('maria'), 'joao', 'rpa:event');
    const window = fakeContents(1);
    expect(connections.of(window).sessionToken).toBeNull();
    expect(connections.mayReceive(window, 'job.updated')).toBe(false);
  });

  it('tells a window its session ended, and forgets the window when it is destroyed', () => {
    const identity = fakeIdentity('maria');
    const connections = new DesktopConnections(identity, 'maria', 'rpa:event');
    const window = fakeContents(7);
    const connection = connections.of(window);
    connection.onSessionEnded?.('expired');
    expect(window.sent).toEqual([['rpa:event', 'session.ended', { reason: 'expired' }]]);
    window.destroy();
    expect(identity.disconnected).toEqual([connection]);
    expect(connections.mayReceive(window, 'job.updated')).toBe(false);
    connection.onSessionEnded?.('expired');
    expect(window.sent).toHaveLength(1);
  });
});
