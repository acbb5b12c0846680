import fs from 'node:fs';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../core/http/contentSecurityPolicy.js';
import { realFileInside } from '../core/files/jobFiles.js';
import { contentTypeOf, resolveStaticPath } from '../core/http/staticFiles.js';

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
    const file = url.host === 'app' ? resolveStaticPath(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname) : undefined;
    const real = file ? await realFileInside(rendererDir, file) : undefined;
    if (!real) return new Response('Not found', { status: 404 });
    const body = await fs.promises.readFile(real);
    return new Response(body, {
      headers: {
        'Content-Type': contentTypeOf(real),
        'Content-Security-Policy': contentSecurityPolicy(),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
