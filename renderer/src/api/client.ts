import type { CommandInput, CommandName, CommandOutput, EventName, Events, RpaBridge } from '../../../electron/common/contract';
import { RpaError, type WireResult } from '../../../electron/common/errors';
import { forgetAccessToken, reloadOnNewToken, takeAccessToken } from './accessToken';
import { setConnectionStatus } from './connection';
import { SocketBridge } from './socketBridge';
import { i18n } from '../i18n';

declare global {
  interface Window {
    /** Exposed by the preload in Electron; absent in headless mode. */
    readonly rpa?: RpaBridge;
  }
}

let bridge: RpaBridge | null = null;
const reconnectListeners = new Set<() => void>();

/**
 * Picks the transport once, before anything renders: the preload's `window.rpa` in Electron,
 * otherwise the headless WebSocket on the host that served this page. False when there is none
 * (headless without a token).
 */
export function startApi(defaultRoute: string): boolean {
  if (window.rpa) {
    bridge = window.rpa;
    setConnectionStatus('open');
    return true;
  }
  const token = takeAccessToken(defaultRoute);
  reloadOnNewToken(defaultRoute);
  if (!token) {
    setConnectionStatus('no-token');
    return false;
  }
  const socket = new SocketBridge(`ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`, {
    onStatus(status) {
      if (status === 'rejected') forgetAccessToken();
      setConnectionStatus(status);
    },
    onReconnected() {
      for (const listener of reconnectListeners) listener();
    },
  });
  bridge = socket;
  socket.start();
  return true;
}

/** Runs a command of the contract; resolves with its output or throws an `RpaError`. */
export async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  if (!bridge) throw new RpaError('unavailable', i18n.t('errors.notConnected'));
  let reply: WireResult<CommandOutput<C>>;
  try {
    reply = await bridge.invoke(command, input);
  } catch (err) {
    // A transport failure (IPC torn down, window closing) is not the command's own error.
    const reason = err instanceof Error ? err.message : String(err);
    throw new RpaError('unavailable', i18n.t('errors.commandFailed', { command, reason }));
  }
  if (reply.ok) return reply.result;
  throw RpaError.fromWire(reply.error);
}

/** Listens to an event of the contract; returns the unsubscribe. */
export function subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  if (!bridge) return () => undefined;
  return bridge.on(event, listener);
}

/** Calls `listener` each time the connection comes back after a loss, so stores can reload. */
export function onReconnected(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}
