/**
 * How the renderer is connected to the core:
 * - `connecting`: the first WebSocket connection is being made;
 * - `open`: commands and events flow (always the case in Electron);
 * - `reconnecting`: the socket closed and a new one is being tried with backoff;
 * - `rejected`: the server refused the token;
 * - `no-token`: headless mode was opened without the URL printed by `npm run headless`.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'rejected' | 'no-token';

type StatusListener = (status: ConnectionStatus) => void;

let current: ConnectionStatus = 'connecting';
const listeners = new Set<StatusListener>();

/** The connection status right now. */
export function getConnectionStatus(): ConnectionStatus {
  return current;
}

/** Calls `listener` on every change of the connection status; returns the unsubscribe. */
export function onConnectionStatus(listener: StatusListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records a new status; only the transport calls this. */
export function setConnectionStatus(status: ConnectionStatus): void {
  if (status === current) return;
  current = status;
  for (const listener of listeners) listener(status);
}
