import type { HostMessage, WorkerMessage } from '../common/workerProtocol.js';

/** The message port of an Electron utility process, when there is one. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The worker's link to its host, whether it runs as a utilityProcess or a forked child. */
export interface HostChannel {
  send(message: WorkerMessage): void;
  /** Sends and resolves once the message has left this process, so exiting next cannot drop it. */
  sendLast(message: WorkerMessage): Promise<void>;
  onMessage(listener: (message: HostMessage) => void): void;
}

/** Picks the utility-process port under Electron, the IPC channel of a forked child otherwise. */
export function connectToHost(): HostChannel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      // postMessage hands the message to Electron at once; there is nothing more to wait for.
      sendLast: (message) => {
        parentPort.postMessage(message);
        return Promise.resolve();
      },
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostMessage)),
    };
  }
  if (!process.send) throw new Error('The bot worker must be started by RPA Desk (no IPC channel)');
  return {
    send: (message) => {
      process.send?.(message);
    },
    sendLast: (message) =>
      new Promise<void>((resolve) => {
        process.send?.(message, undefined, {}, () => resolve());
      }),
    onMessage: (listener) => process.on('message', (message) => listener(message as HostMessage)),
  };
}
