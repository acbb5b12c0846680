import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { carrierPortal } from './carrierPortal.js';
import type { DemoSiteModule } from './http.js';
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

/** Starts every demo site on one local HTTP server (Hono on @hono/node-server), each under `/<site-name>/`. */
export async function startDemoSites(options: { resourcesDir: string; port?: number; host?: string }): Promise<DemoSites> {
  const host = options.host ?? '127.0.0.1';
  const resourcesDir = resolve(options.resourcesDir);
  const stopping = new AbortController();
  const app = new Hono();
  const names: string[] = [];
  for (const site of SITE_MODULES) {
    const siteDir = join(resourcesDir, site.name);
    // A wrong resources folder would otherwise show up only as 404s in the middle of a bot run.
    if (!(await stat(siteDir).catch(() => undefined))?.isDirectory()) {
      throw new Error(`Demo site "${site.name}" has no folder at ${siteDir}`);
    }
    const mountPath = `/${site.name}/`;
    // `/carrier-portal` needs its slash for the pages' relative links to resolve.
    app.all(`/${site.name}`, (c) => c.body(null, 301, { Location: mountPath }));
    app.route(mountPath, site.create({ siteDir, mountPath, signal: stopping.signal }));
    names.push(site.name);
  }
  app.get('/', (c) => {
    const links = names.map((name) => `<li><a href="${escapeHtml(name)}/">${escapeHtml(name)}</a></li>`).join('');
    return sendHtml(
      c,
      200,
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Demo sites</title><h1>RPA Desk demo sites</h1><ul>${links}</ul></html>`,
    );
  });
  app.notFound((c) => sendText(c, 404, 'Not found'));
  app.onError((error, c) => {
    if (error instanceof HttpError) return sendText(c, error.status, error.message);
    if (error instanceof HTTPException) return error.getResponse();
    // Closing aborts the artificial delays; their requests end with the server.
    if (stopping.signal.aborted) return c.body(null, 503);
    // A demo site failing is a bug in RPA Desk, not in the bot driving it: make it visible.
    console.error(`Demo site error on ${c.req.method} ${c.req.path}:`, error);
    return sendText(c, 500, 'Internal error of the demo site');
  });

  // Global Request/Response stay Node's own: the demo sites share a process with the app.
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false });
  const server = createServer((request, response) => void listener(request, response));
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
    sites: Object.fromEntries(names.map((name) => [name, `${baseUrl}${name}/`])),
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
