import {
  permissionOf,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventName,
  type Events,
  type RpaBridge,
} from '../../../electron/common/contract';
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

/**
 * What the api asks of the session layer (stores/session) without importing it: to bind the tab's
 * session to the connection again (a new socket has none), and to hear that it is gone.
 */
export interface SessionKeeper {
  /** Resumes the session this tab holds on the connection; false when there is none to resume. */
  regain(): Promise<boolean>;
  /** The core says nobody is signed in any more; `message` is its reason. */
  lost(message: string): void;
}

let bridge: RpaBridge | null = null;
let keeper: SessionKeeper | null = null;
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
      void resumeAfterReconnect();
    },
  });
  bridge = socket;
  socket.start();
  return true;
}

/** Lets the session layer resume and end sessions; called once at start-up. */
export function keepSessionWith(sessionKeeper: SessionKeeper): void {
  keeper = sessionKeeper;
}

/**
 * Runs a command of the contract; resolves with its output or throws an `RpaError`. A command
 * refused for want of a session (a socket that came back without one) resumes the tab's session
 * and is sent once more: the router refuses before any handler runs, so nothing happened twice.
 */
export async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  let reply = await send(command, input);
  if (!reply.ok && reply.error.code === 'unauthenticated' && permissionOf(command) !== 'public' && keeper) {
    if (await keeper.regain()) reply = await send(command, input);
    if (!reply.ok && reply.error.code === 'unauthenticated') keeper.lost(reply.error.message);
  }
  if (reply.ok) return reply.result;
  throw RpaError.fromWire(reply.error);
}

async function send<C extends CommandName>(command: C, input: CommandInput<C>): Promise<WireResult<CommandOutput<C>>> {
  if (!bridge) throw new RpaError('unavailable', i18n.t('errors.notConnected'));
  try {
    return await bridge.invoke(command, input);
  } catch (err) {
    // A transport failure (IPC torn down, window closing) is not the command's own error.
    const reason = err instanceof Error ? err.message : String(err);
    throw new RpaError('unavailable', i18n.t('errors.commandFailed', { command, reason }));
  }
}

/** Listens to an event of the contract; returns the unsubscribe. */
export function subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  if (!bridge) return () => undefined;
  return bridge.on(event, listener);
}

/**
 * Calls `listener` each time what the stores hold may be stale, so they reload: the connection
 * came back after a loss (events were missed meanwhile), or another session began on it.
 */
export function onReconnected(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

function resyncStores(): void {
  for (const listener of reconnectListeners) listener();
}

// A new socket carries no session: bind the tab's session to it before the stores ask for anything.
async function resumeAfterReconnect(): Promise<void> {
  if (keeper && !(await keeper.regain())) {
    // The session could not be carried over (it ended meanwhile): back to the sign-in screen.
    keeper.lost('');
    return;
  }
  resyncStores();
}
