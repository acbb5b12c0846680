import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { carrierPortal } from './carrierPortal.js';
import type { DemoSiteHandler, DemoSiteModule } from './http.js';
import { escapeHtml, HttpError, sendHtml, sendText } from './http.js';
import { taxSystem } from './taxSystem.js';

/** The running demo sites the sample bots drive. */
export interface DemoSites {
  /** Root of the server, with a trailing slash: `http://127.0.0.1:PORT/`. */
  baseUrl: string;
  /** Base URL of each site by name, with a trailing slash: `{ 'carrier-portal': 'http://127.0.0.1:PORT/carrier-portal/' }`. */
  sites: Record<string, string>;
  /** Stops the server, ending open connections and pending artificial delays. */
  close(): Promise<void>;
}

// A new site is a module listed here and a folder under resources/demo-sites/.
const SITE_MODULES: readonly DemoSiteModule[] = [carrierPortal, taxSystem];

/** Starts every demo site on one local HTTP server, each under `/<site-name>/`. */
export async function startDemoSites(options: { resourcesDir: string; port?: number; host?: string }): Promise<DemoSites> {
  const host = options.host ?? '127.0.0.1';
  const resourcesDir = resolve(options.resourcesDir);
  const stopping = new AbortController();
  const sites = new Map<string, DemoSiteHandler>();
  for (const site of SITE_MODULES) {
    const siteDir = join(resourcesDir, site.name);
    // A wrong resources folder would otherwise show up only as 404s in the middle of a bot run.
    if (!(await stat(siteDir).catch(() => undefined))?.isDirectory()) {
      throw new Error(`Demo site "${site.name}" has no folder at ${siteDir}`);
    }
    sites.set(site.name, site.create({ siteDir, mountPath: `/${site.name}/`, signal: stopping.signal }));
  }

  const server = createServer((request, response) => {
    void route(request, response, sites, stopping.signal);
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });

  // A broken request or a reset connection is the client's problem; it must not end the app.
  server.on('clientError', (error: Error & { code?: string }, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) socket.destroy();
    else socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('error', (error) => console.error('Demo sites server error:', error));

  const { port } = server.address() as AddressInfo;
  // A wildcard address is where the server listens, not where a browser can reach it.
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${urlHost}:${port}/`;
  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    sites: Object.fromEntries([...sites.keys()].map((name) => [name, `${baseUrl}${name}/`])),
    close() {
      stopping.abort();
      closing ??= new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  sites: Map<string, DemoSiteHandler>,
  stopping: AbortSignal,
): Promise<void> {
  try {
    const target = request.url ?? '/';
    if (!target.startsWith('/')) throw new HttpError(400, 'Bad request');
    const queryStart = target.indexOf('?');
    // The raw path, not a WHATWG-normalised one, reaches the sites so their guards see what was sent.
    const path = queryStart < 0 ? target : target.slice(0, queryStart);
    const query = new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart + 1));
    if (path === '/') {
      sendIndex(response, [...sites.keys()]);
      return;
    }
    const slash = path.indexOf('/', 1);
    const handle = sites.get(slash < 0 ? path.slice(1) : path.slice(1, slash));
    if (!handle) throw new HttpError(404, 'Not found');
    if (slash < 0) {
      // `/carrier-portal` needs its slash for the pages' relative links to resolve.
      response.writeHead(301, { Location: `${path}/`, 'Content-Length': 0 }).end();
      return;
    }
    await handle(request, response, { path: path.slice(slash), query });
  } catch (error) {
    if (stopping.aborted || response.headersSent) {
      response.destroy();
    } else if (error instanceof HttpError) {
      sendText(response, error.status, error.message);
    } else {
      // A demo site failing is a bug in RPA Desk, not in the bot driving it: make it visible.
      console.error(`Demo site error on ${request.method ?? 'GET'} ${request.url ?? ''}:`, error);
      sendText(response, 500, 'Internal error of the demo site');
    }
  }
}

function sendIndex(response: ServerResponse, names: string[]): void {
  const links = names.map((name) => `<li><a href="${escapeHtml(name)}/">${escapeHtml(name)}</a></li>`).join('');
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Demo sites</title><h1>RPA Desk demo sites</h1><ul>${links}</ul></html>`;
  sendHtml(response, 200, html);
}
