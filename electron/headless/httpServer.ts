import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Core } from '../core/app.js';
import { strictestOpenAction } from '../common/fileKinds.js';
import { jobFilePath } from '../core/files/jobFiles.js';
import { contentSecurityPolicy } from '../core/http/contentSecurityPolicy.js';
import { sendStaticFile } from '../core/http/staticFiles.js';
import type { FileTickets } from './fileTickets.js';
import { refuseUpgrade, WebSocketTransport } from './webSocketTransport.js';

/** The headless server: the renderer build, job files and the contract over /ws, on 127.0.0.1 only. */
export interface HeadlessServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const MISDIRECTED = 'This server is not served under the name in the Host header: open the 127.0.0.1 address RPA Desk printed at start-up';

function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Starts the HTTP + WebSocket server for headless mode. */
export async function startHeadlessServer(options: {
  core: Core;
  rendererDir: string;
  token: string;
  port: number;
  /** Addresses of job files that `files.open` / `files.save` handed out. */
  fileTickets: FileTickets;
  /** Where failures of a connection go (headless mode: the log file); they never end the host. */
  logError?: (message: string, err: unknown) => void;
}): Promise<HeadlessServer> {
  const { core, token } = options;
  const logError = options.logError ?? ((message: string, err: unknown) => console.error(message, err));
  let origins: string[] = [];
  let hosts = new Set<string>();
  const transport = new WebSocketTransport(core, token, () => origins, logError);

  function serveJobFile(req: http.IncomingMessage, res: http.ServerResponse, url: URL, fileId: number): void {
    sendJobFile(req, res, url, fileId).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Could not read the file');
      else res.destroy();
    });
  }

  async function sendJobFile(req: http.IncomingMessage, res: http.ServerResponse, url: URL, fileId: number): Promise<void> {
    if (!options.fileTickets.allows(url.searchParams.get('ticket'), fileId)) {
      res
        .writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('This file address has expired or is not valid: open the file again from RPA Desk');
      return;
    }
    const file = core.store.getFile(fileId);
    // The one guarded path to a job file: a regular file really inside its job's folder, links followed.
    const onDisk = file ? await jobFilePath(core.jobsDir, file) : undefined;
    const stat = onDisk ? await fs.promises.stat(onDisk).catch(() => undefined) : undefined;
    if (!file || !onDisk || !stat?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('File not found');
      return;
    }
    // Only documents are shown inline; anything else (a program a site sent) only ever downloads.
    const document = strictestOpenAction(file.name, path.basename(onDisk)) === 'open';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': document ? file.mime : 'application/octet-stream',
      'Content-Length': stat.size,
      'Content-Disposition': contentDisposition(document && !url.searchParams.has('download') ? 'inline' : 'attachment', file.name),
      'X-Content-Type-Options': 'nosniff',
      // A job file is data, never a page of ours: no scripts even if a bot saved HTML.
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    });
    if (req.method === 'HEAD') res.end();
    else
      fs.createReadStream(onDisk)
        .on('error', () => res.destroy())
        .pipe(res);
  }

  async function serveRenderer(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const sent = await sendStaticFile(req, res, options.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname, {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': contentSecurityPolicy([`ws://${req.headers.host ?? '127.0.0.1'}`]),
      'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (!sent) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }

  const server = http.createServer((req, res) => {
    // DNS rebinding: a page of evil.example re-pointed at 127.0.0.1 is same-origin to its browser,
    // but still sends its own name as Host. Only the names we listen under are served.
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(MISDIRECTED);
      return;
    }
    // A response stream piped in (a job file) must not stay open when the client goes away early.
    res.once('pipe', (source) => res.once('close', () => source.destroy()));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const fileMatch = /^\/files\/(\d{1,12})$/.exec(url.pathname);
    if (fileMatch) {
      serveJobFile(req, res, url, Number(fileMatch[1]));
      return;
    }
    void serveRenderer(req, res, url);
  });
  server.on('upgrade', (req, socket, head) => {
    // Once 'upgrade' fires http no longer watches this socket; a reset peer must not crash the host.
    socket.on('error', (err: Error & { code?: string }) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') logError('A WebSocket upgrade failed', err);
      socket.destroy();
    });
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) refuseUpgrade(socket, 421, MISDIRECTED);
    else if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname === '/ws') transport.upgrade(req, socket, head);
    else socket.destroy();
  });
  server.on('clientError', (err: Error & { code?: string }, socket) => {
    // Node's own answers to a broken request, made explicit so that none of them can ever throw.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  server.on('error', (err) => logError('The headless HTTP server failed', err));
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async close() {
      transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
