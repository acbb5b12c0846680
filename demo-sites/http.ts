import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BlankEnv } from 'hono/types';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** What every demo site gets when the server starts it. */
export interface DemoSiteOptions {
  /** The site's folder of static files and page templates under `resources/demo-sites/`. */
  siteDir: string;
  /** URL path the site is mounted at, with slashes on both sides: `/carrier-portal/`. */
  mountPath: string;
  /** Aborted when the server closes, so artificial delays end instead of holding it open. */
  signal: AbortSignal;
}

/** A demo site module: one per site in `demo-sites/`. */
export interface DemoSiteModule {
  /** First URL path segment and folder name under `resources/demo-sites/`: `carrier-portal`. */
  readonly name: string;
  /** The site's routes, relative to its mount path. */
  create(options: DemoSiteOptions): Hono;
}

/** The context every demo site handler gets (no env bindings, no variables). */
export type SiteContext = Context<BlankEnv>;

/** Thrown to answer a request with an HTTP error status and a short plain message. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
  }
}

// Pages and API answers are per session and must never be cached or framed by another origin.
const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
} as const;

/** An HTML page whose scripts, styles and images may come only from this server. */
export function sendHtml(c: SiteContext, status: ContentfulStatusCode, html: string): Response {
  return c.html(html, status, {
    ...COMMON_HEADERS,
    'Content-Security-Policy': "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
}

/** A JSON answer. */
export function sendJson(c: SiteContext, status: ContentfulStatusCode, value: unknown): Response {
  return c.json(value, status, COMMON_HEADERS);
}

/** A short plain-text answer, mostly for errors. */
export function sendText(c: SiteContext, status: ContentfulStatusCode, text: string): Response {
  return c.text(`${text}\n`, status, COMMON_HEADERS);
}

/** A binary file the browser should save rather than show. */
export function sendAttachment(c: SiteContext, body: Buffer, contentType: string, fileName: string): Response {
  return c.body(new Uint8Array(body), 200, {
    ...COMMON_HEADERS,
    'Content-Type': contentType,
    // Callers pass ASCII names without quotes; the filter keeps a bad one from breaking the header.
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
  });
}

/** Redirects with 303 so a POST is followed by a GET; `location` is a path on this server. */
export function redirect(c: SiteContext, location: string): Response {
  return c.body(null, 303, { ...COMMON_HEADERS, Location: location });
}

/** The media type of the request body, lower case, without parameters. */
function mediaType(c: SiteContext): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Throws 415 with `message` unless the body is of `type`. */
export function requireMediaType(c: SiteContext, type: string, message: string): void {
  if (mediaType(c) !== type) throw new HttpError(415, message);
}

/** True when the body is at most `maxSize` bytes (Hono's bodyLimit: by Content-Length, or counted). */
export async function bodyWithin(c: SiteContext, maxSize: number): Promise<boolean> {
  let within = false;
  // bodyLimit is typed for a route of a string path; every demo site route is one.
  await bodyLimit({ maxSize, onError: () => new Response(null, { status: 413 }) })(c as Context<BlankEnv, string>, () => {
    within = true;
    return Promise.resolve();
  });
  return within;
}

/** Reads a small `application/x-www-form-urlencoded` body; a field sent as a file reads as ''. */
export async function readForm(c: SiteContext, limitBytes = 16_384): Promise<Map<string, string>> {
  requireMediaType(c, 'application/x-www-form-urlencoded', 'Send the form as application/x-www-form-urlencoded');
  if (!(await bodyWithin(c, limitBytes))) throw new HttpError(413, 'Form too large');
  const body = await c.req.parseBody();
  return new Map(Object.entries(body).map(([name, value]) => [name, typeof value === 'string' ? value : '']));
}

/** Waits a random time in [minMs, maxMs], like a slow back end; rejects when `signal` aborts. */
export async function randomDelay(minMs: number, maxMs: number, signal: AbortSignal): Promise<void> {
  await sleep(minMs + Math.floor(Math.random() * (maxMs - minMs + 1)), undefined, { signal });
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Fills `{{name}}` (escaped) and `{{{name}}}` (raw HTML, built by the caller) in a page template;
 * a placeholder without a value throws, so a typo in a template fails loudly.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g, (_match, raw: string | undefined, escaped: string | undefined) => {
    const key = raw ?? escaped ?? '';
    const value = values[key];
    if (value === undefined) throw new Error(`Template placeholder {{${key}}} has no value`);
    return raw === undefined ? escapeHtml(value) : value;
  });
}

/**
 * Serves a site's `/assets/*` from its `assets/` folder with @hono/node-server's serveStatic, which
 * refuses percent-encoded paths, dot segments and backslashes; a missing file falls through to 404.
 */
export function siteAssets(site: Hono, siteDir: string, mountPath: string): void {
  const prefix = `${mountPath}assets`;
  site.get(
    '/assets/*',
    async (c, next) => {
      c.header('Cache-Control', 'no-cache');
      c.header('X-Content-Type-Options', 'nosniff');
      await next();
    },
    serveStatic({ root: join(siteDir, 'assets'), rewriteRequestPath: (path) => path.slice(prefix.length) }),
  );
  refuseOtherMethods(site, '/assets/*');
}

/** Answers 405 for `paths` with any method no route above took (call after the paths' own routes). */
export function refuseOtherMethods(site: Hono, ...paths: string[]): void {
  const notAllowed: MiddlewareHandler<BlankEnv> = (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : Promise.resolve(sendText(c, 405, 'Method not allowed'));
  for (const path of paths) site.all(path, notAllowed);
}
