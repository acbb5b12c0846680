import type { CommandInput, CommandName, CommandOutput, EventName, Events, RpaBridge } from '../../../electron/common/contract';
import { createContractClient, type ContractClient } from '../../../electron/common/contractClient';
import type { WireResult } from '../../../electron/common/errors';
import { i18n } from '../i18n';

/** Delays between reconnection attempts; the last one repeats. */
const RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 5_000];
/** Close codes with which a server may refuse the token after the handshake: policy violation, 4401/4403. */
const TOKEN_REFUSED_CLOSE_CODES = new Set([1008, 4401, 4403]);
/**
 * The headless server refuses a wrong token with HTTP 401 at the handshake, which a browser
 * reports like a server that is down. After this many failed attempts in a row the bridge asks
 * the page's own server: if it answers, the socket is being refused, not missing.
 */
const PROBE_AFTER_FAILED_ATTEMPTS = 3;
const TOKEN_REFUSED_MESSAGE = 'RPA Desk refused the access token.';

/** What the socket bridge reports to the api layer. */
export interface SocketBridgeHooks {
  onStatus(status: 'open' | 'reconnecting' | 'rejected'): void;
  /** Called when a socket opens again after a loss: events may have been missed meanwhile. */
  onReconnected(): void;
}

/**
 * The headless transport: the contract client (common/contractClient) over a WebSocket that is
 * reopened with backoff when lost. Commands made while the socket is down wait for it to open.
 */
export class SocketBridge implements RpaBridge {
  private socket: WebSocket | null = null;
  private failedAttempts = 0;
  private hasOpened = false;
  private refused = false;
  /** Frames of commands made while no socket was open, sent as soon as one is. */
  private unsent: string[] = [];
  private readonly receivers: ((text: string) => void)[] = [];
  private readonly client: ContractClient;

  constructor(
    private readonly url: string,
    private readonly hooks: SocketBridgeHooks,
  ) {
    this.client = createContractClient(
      {
        send: (text) => this.send(text),
        onMessage: (listener) => this.receivers.push(listener),
      },
      { onListenerError: reportError },
    );
  }

  /** Opens the first connection. */
  start(): void {
    this.connect();
  }

  invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<WireResult<CommandOutput<C>>> {
    if (this.refused) return Promise.resolve({ ok: false, error: { code: 'forbidden', message: TOKEN_REFUSED_MESSAGE } });
    return this.client.invoke(command, input);
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    return this.client.on(event, listener);
  }

  private send(text: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
    else this.unsent.push(text);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    let opened = false;
    this.socket = socket;
    socket.addEventListener('open', () => {
      opened = true;
      this.failedAttempts = 0;
      const reopened = this.hasOpened;
      this.hasOpened = true;
      this.hooks.onStatus('open');
      const waiting = this.unsent;
      this.unsent = [];
      for (const frame of waiting) socket.send(frame);
      if (reopened) this.hooks.onReconnected();
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') for (const receive of this.receivers) receive(event.data);
    });
    socket.addEventListener('close', (event) => this.handleClose(event.code, opened));
  }

  private handleClose(code: number, opened: boolean): void {
    this.socket = null;
    // Whatever was in flight on the lost socket will never be answered.
    if (opened) this.client.failPending(i18n.t('errors.connectionLost'));
    if (TOKEN_REFUSED_CLOSE_CODES.has(code)) {
      this.refuse();
      return;
    }
    if (this.hasOpened) this.hooks.onStatus('reconnecting');
    if (!opened) this.failedAttempts += 1;
    if (this.failedAttempts >= PROBE_AFTER_FAILED_ATTEMPTS) void this.retryUnlessRefused();
    else this.retryLater();
  }

  private async retryUnlessRefused(): Promise<void> {
    if (await pageServerAnswers()) this.refuse();
    else this.retryLater();
  }

  private retryLater(): void {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.failedAttempts, RECONNECT_DELAYS_MS.length - 1)] ?? 5_000;
    // Jitter, so several tabs do not knock on a restarting server in step.
    setTimeout(() => this.connect(), delay * (0.75 + Math.random() * 0.5));
  }

  private refuse(): void {
    this.refused = true;
    this.unsent = [];
    this.client.failPending(TOKEN_REFUSED_MESSAGE);
    this.hooks.onStatus('rejected');
  }
}

/** True when the server that served this page still answers plain HTTP. */
async function pageServerAnswers(): Promise<boolean> {
  try {
    const response = await fetch(window.location.pathname, { method: 'HEAD', cache: 'no-store' });
    return response.ok;
  } catch {
    return false;
  }
}
