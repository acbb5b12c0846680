import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Core } from '../core/app.js';
import { contentSecurityPolicy } from '../core/http/contentSecurityPolicy.js';
import { sendStaticFile } from '../core/http/staticFiles.js';
import { tokenMatches, WebSocketTransport } from './webSocketTransport.js';

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
  user: string;
}): Promise<HeadlessServer> {
  const { core, token } = options;
  let origins: string[] = [];
  const transport = new WebSocketTransport(core, token, () => origins, options.user);

  function serveJobFile(req: http.IncomingMessage, res: http.ServerResponse, url: URL, fileId: number): void {
    if (!tokenMatches(token, url.searchParams.get('token'))) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Missing or wrong token');
      return;
    }
    const file = core.store.getFile(fileId);
    const onDisk = file ? path.join(core.jobsDir, String(file.jobId), file.storedName) : null;
    const stat = onDisk ? fs.statSync(onDisk, { throwIfNoEntry: false }) : undefined;
    if (!file || !onDisk || !stat?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('File not found');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.mime,
      'Content-Length': stat.size,
      'Content-Disposition': contentDisposition(url.searchParams.has('download') ? 'attachment' : 'inline', file.name),
      'X-Content-Type-Options': 'nosniff',
      // A job file is data, never a page of ours: no scripts even if a bot saved HTML.
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(onDisk).pipe(res);
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
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname === '/ws') transport.upgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
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
