import fs from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../core/http/contentSecurityPolicy.js';
import { resolveInside } from '../core/http/staticFiles.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Must run before `app` is ready: rpa:// behaves like a secure standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'rpa', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the renderer build as rpa://app/… instead of file://, with a path-traversal guard and the
 * same CSP as headless mode.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle('rpa', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? resolveInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname) : null;
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) return new Response('Not found', { status: 404 });
    const body = await fs.promises.readFile(file);
    return new Response(body, {
      headers: {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy(),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
