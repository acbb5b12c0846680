import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { TextPort } from '../common/wire.js';
import type { Core } from '../core/app.js';
import { serveContract } from '../core/api/contractServer.js';

/** Largest command a client may send; no command of the contract comes near it. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A client this far behind on events is dropped rather than letting memory grow without bound. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

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
 * served on 127.0.0.1. Only a client with this launch's token, from our own origin, gets in.
 */
export class WebSocketTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  private readonly disconnects = new Set<() => void>();

  constructor(
    private readonly core: Core,
    private readonly token: string,
    private readonly allowedOrigins: () => string[],
    private readonly user: string,
  ) {
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  /** Handles an HTTP upgrade for /ws; refuses it with 401/403 when the token or origin is wrong. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    if (!tokenMatches(this.token, url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    // A web page the operator visits could try to reach 127.0.0.1 too: only our own page may connect.
    if (origin !== undefined && !this.allowedOrigins().includes(origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Closes every client connection. */
  close(): void {
    for (const disconnect of this.disconnects) disconnect();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(socket: WebSocket): void {
    const port: TextPort = {
      send: (text) => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) socket.terminate();
        else socket.send(text);
      },
      onMessage: (listener) => socket.on('message', (data, isBinary) => listener(isBinary ? '' : rawText(data))),
    };
    const disconnect = serveContract(this.core.router, this.core.events, port, { user: this.user });
    this.disconnects.add(disconnect);
    socket.on('close', () => {
      disconnect();
      this.disconnects.delete(disconnect);
    });
  }
}
