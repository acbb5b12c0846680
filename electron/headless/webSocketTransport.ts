import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Core } from '../core/app.js';
import type { Connection } from '../core/api/caller.js';
import { serveContract, type FlowControlledPort } from '../core/api/contractServer.js';

/** Largest command a client may send; no command of the contract comes near it. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A client this far behind on events is dropped rather than letting memory grow without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Past this much unread output, no more of a client's commands are started or read. */
const REPLY_HIGH_WATER_BYTES = 1024 * 1024;
/** Operators open a tab or two; each connection may hold the limits above, so there are only so many. */
const MAX_CONNECTIONS = 32;

/** Answers an upgrade request on its raw socket with an HTTP error and a short message for people. */
export function refuseUpgrade(socket: Duplex, status: 401 | 403 | 421 | 503, message: string): void {
  const reasons = { 401: 'Unauthorized', 403: 'Forbidden', 421: 'Misdirected Request', 503: 'Service Unavailable' };
  const body = Buffer.from(`${message}\n`, 'utf8');
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body.toString('utf8')}`,
  );
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
}

/** Compares tokens in constant time, so their bytes cannot be guessed from response timing. */
export function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The contract over a WebSocket: the same commands and events as Electron IPC, for the renderer
 * served on 127.0.0.1. Only a page with this launch's token, from our own origin, may connect, and
 * then only to sign in: every other command needs a user's session.
 */
export class WebSocketTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  private readonly disconnects = new Set<() => void>();

  constructor(
    private readonly core: Core,
    private readonly token: string,
    private readonly allowedOrigins: () => string[],
    private readonly logError: (message: string, err: unknown) => void,
  ) {
    this.wss.on('error', (err) => this.logError('The WebSocket server failed', err));
  }

  /** Handles an HTTP upgrade for /ws; refuses it with 401/403 when the token or origin is wrong, 503 when full. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    if (!tokenMatches(this.token, url.searchParams.get('token'))) {
      refuseUpgrade(socket, 401, 'Missing or wrong token: open the address RPA Desk printed at start-up');
      return;
    }
    // A web page the operator visits could try to reach 127.0.0.1 too: only our own page may connect.
    if (origin !== undefined && !this.allowedOrigins().includes(origin)) {
      refuseUpgrade(socket, 403, 'Only the RPA Desk page may connect');
      return;
    }
    if (this.wss.clients.size >= MAX_CONNECTIONS) {
      refuseUpgrade(socket, 503, `Too many connections to RPA Desk (${MAX_CONNECTIONS}): close other tabs or windows of it and reload`);
      return;
    }
    // Synchronous without verifyClient: the new client is in wss.clients before the next upgrade.
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket));
  }

  /** Closes every client connection. */
  close(): void {
    for (const disconnect of this.disconnects) disconnect();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(socket: WebSocket, raw: Duplex): void {
    // Without a listener, one broken frame (too big, bad UTF-8, unmasked…) would be an uncaught
    // 'error' that ends the whole host. ws has already sent the close code by the time this runs.
    socket.on('error', (err: Error & { code?: string }) => this.logError(`Closed a WebSocket client after a protocol error (${err.code ?? err.message})`, err));
    const port: FlowControlledPort = {
      send: (text) => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) socket.terminate();
        else socket.send(text);
      },
      onMessage: (listener) => socket.on('message', (data, isBinary) => listener(isBinary ? '' : rawText(data))),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
      congested: () => socket.bufferedAmount > REPLY_HIGH_WATER_BYTES,
      // ws has no drain event of its own; its bytes go straight to the TCP socket it was given.
      onDrain: (listener) => raw.on('drain', listener),
    };
    // Nobody is signed in on a new connection: the launch token only lets the page ask to sign in.
    const connection: Connection = { channel: 'headless', sessionToken: null };
    const identity = this.core.identity;
    const disconnect = serveContract(this.core.router, this.core.events, port, connection, { mayReceiveEvents: (c, event) => identity.mayReceive(c, event) });
    this.disconnects.add(disconnect);
    socket.on('close', () => {
      disconnect();
      identity.disconnect(connection);
      this.disconnects.delete(disconnect);
    });
  }
}
