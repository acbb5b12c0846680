import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import { TEST_ADMIN, type HeadlessApp } from './headlessApp.js';

// Hand-made bytes on a plain TCP socket, for what a well-behaved client library never sends:
// broken WebSocket frames and HTTP requests with a forged Host header.

/** An HTTP response as read off the socket: status code, lower-cased headers and body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `request` as raw bytes to 127.0.0.1:`port` and reads until the server closes or a full response arrived. */
export function rawHttp(port: number, request: string, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => finish(new Error(`No complete response within ${timeoutMs} ms:\n${data.toString('latin1')}`)), timeoutMs);
    function finish(error?: Error): void {
      clearTimeout(timer);
      socket.destroy();
      if (error) {
        reject(error);
        return;
      }
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) });
    }
    function complete(): boolean {
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return false;
      // A 101 has no body; other answers here carry Content-Length or end with the connection.
      if (/^HTTP\/1\.1 101/.test(text)) return true;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
      return length !== null && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length[1]);
    }
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (complete()) finish();
    });
    socket.on('end', () => finish());
    socket.on('error', (err) => (data.length > 0 ? finish() : finish(err)));
    socket.write(request);
  });
}

/** The bytes of an HTTP/1.1 upgrade request for the app's /ws with its token. */
export function upgradeRequest(app: HeadlessApp, host = new URL(app.origin).host): string {
  const key = randomBytes(16).toString('base64');
  return (
    `GET /ws?token=${encodeURIComponent(app.token)} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nOrigin: ${app.origin}\r\n\r\n`
  );
}

/** How a hand-made frame is put together; the defaults make a valid, masked, final text frame. */
export interface FrameParts {
  opcode?: number;
  fin?: boolean;
  rsv1?: boolean;
  masked?: boolean;
  payload?: Buffer;
  /** The payload length the header claims, when it should differ from the payload sent. */
  declaredLength?: number;
}

/** Encodes one WebSocket frame as a client would (RFC 6455 §5.2), or breaks it as told. */
export function frame(parts: FrameParts): Buffer {
  const payload = parts.payload ?? Buffer.alloc(0);
  const length = parts.declaredLength ?? payload.length;
  const first = ((parts.fin ?? true) ? 0x80 : 0) | (parts.rsv1 ? 0x40 : 0) | ((parts.opcode ?? 0x1) & 0x0f);
  const maskBit = (parts.masked ?? true) ? 0x80 : 0;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([first, maskBit | length]);
  } else if (length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!maskBit) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([header, mask, masked]);
}

/** A raw TCP socket that has completed the WebSocket handshake, and the close code the server sends. */
export interface RawWebSocket {
  socket: net.Socket;
  /** Resolves with the status code of the server's close frame, or null if the connection ended without one. */
  closeCode: Promise<number | null>;
}

/** Opens the app's /ws by hand, so any bytes at all can follow the handshake. */
export function openRawWebSocket(app: HeadlessApp, timeoutMs = 10_000): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(app.origin).port), '127.0.0.1');
    let data = Buffer.alloc(0);
    let upgraded = false;
    let settleClose: (code: number | null) => void = () => {};
    const closeCode = new Promise<number | null>((done) => (settleClose = done));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('The WebSocket handshake did not finish in time'));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (!upgraded) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = data.subarray(0, end).toString('latin1');
        data = data.subarray(end + 4);
        clearTimeout(timer);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`Handshake refused: ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        resolve({ socket, closeCode });
      }
      // Server frames are unmasked; skip data frames until the close frame.
      while (data.length >= 2) {
        const opcode = (data[0] ?? 0) & 0x0f;
        let length = (data[1] ?? 0) & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (data.length < 4) return;
          length = data.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (data.length < 10) return;
          length = Number(data.readBigUInt64BE(2));
          offset = 10;
        }
        if (data.length < offset + length) return;
        const payload = data.subarray(offset, offset + length);
        data = data.subarray(offset + length);
        if (opcode === 0x8) {
          settleClose(payload.length >= 2 ? payload.readUInt16BE(0) : null);
          socket.destroy();
          return;
        }
      }
    });
    // The server may reset the connection while we still write the rest of a frame it refused.
    socket.on('error', () => settleClose(null));
    socket.on('close', () => {
      clearTimeout(timer);
      settleClose(null);
      if (!upgraded) reject(new Error('The connection closed during the handshake'));
    });
    socket.write(upgradeRequest(app));
  });
}

/** A plain `ws` client on the app's /ws that sends commands and times their replies. */
export interface TimedClient {
  ws: WebSocket;
  /** Sends one command; resolves with its reply, rejects on timeout or when the connection drops. */
  request(command: string, input: unknown, timeoutMs?: number): Promise<{ ok: boolean; result?: unknown; error?: unknown }>;
  close(): void;
}

/** Connects a `ws` client with the app's token and origin, signed in as the test admin. */
export async function connectTimedClient(app: HeadlessApp): Promise<TimedClient> {
  const client = await openTimedClient(app);
  const reply = await client.request('session.signIn', TEST_ADMIN);
  if (!reply.ok) throw new Error(`Could not sign in: ${JSON.stringify(reply.error)}`);
  return client;
}

function openTimedClient(app: HeadlessApp): Promise<TimedClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/ws?token=${encodeURIComponent(app.token)}`, { origin: app.origin });
    let nextId = 1;
    const pending = new Map<number, { resolve: (reply: { ok: boolean }) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; ok: boolean };
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiting || message.id === undefined) return;
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message);
    });
    ws.on('close', (code) => {
      for (const waiting of pending.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`Connection closed (${code}) before the reply`));
      }
      pending.clear();
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('open', () => {
      ws.on('error', () => {});
      resolve({
        ws,
        request(command, input, timeoutMs = 10_000) {
          const id = nextId++;
          return new Promise((done, fail) => {
            const timer = setTimeout(() => {
              pending.delete(id);
              fail(new Error(`No reply to ${command} within ${timeoutMs} ms`));
            }, timeoutMs);
            pending.set(id, { resolve: done, reject: fail, timer });
            ws.send(JSON.stringify({ id, command, input }));
          });
        },
        close: () => ws.close(),
      });
    });
  });
}

/** A process's resident memory in MiB, read from /proc (the tests that need it run on Linux). */
export function residentMb(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}
