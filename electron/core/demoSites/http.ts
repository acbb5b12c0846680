import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendStaticFile } from '../http/staticFiles.js';

/** What every demo site gets when the server starts it. */
export interface DemoSiteOptions {
  /** The site's folder of static files and page templates under `resources/demo-sites/`. */
  siteDir: string;
  /** URL path the site is mounted at, with slashes on both sides: `/carrier-portal/`. */
  mountPath: string;
  /** Aborted when the server closes, so artificial delays end instead of holding it open. */
  signal: AbortSignal;
}

/** The part of a request URL below a site's mount path. */
export interface SiteRoute {
  /** Still percent-encoded, always starting with '/': `/invoices`, `/assets/site.css`. */
  path: string;
  query: URLSearchParams;
}

/** Answers every request below a site's mount path. */
export type DemoSiteHandler = (request: IncomingMessage, response: ServerResponse, route: SiteRoute) => Promise<void>;

/** A demo site module: one per site under `electron/core/demoSites/`. */
export interface DemoSiteModule {
  /** First URL path segment and folder name under `resources/demo-sites/`: `carrier-portal`. */
  readonly name: string;
  create(options: DemoSiteOptions): DemoSiteHandler;
}

/** Thrown to answer a request with an HTTP error status and a short plain message. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
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

/** Sends an HTML page whose scripts, styles and images may come only from this server. */
export function sendHtml(response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(html, 'utf8');
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
    'Content-Security-Policy': "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ...headers,
  });
  response.end(body);
}

/** Sends a JSON answer. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  response.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  response.end(body);
}

/** Sends a short plain-text answer, mostly for errors. */
export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  response.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...headers });
  response.end(body);
}

/** Sends a binary file the browser should save rather than show. */
export function sendAttachment(response: ServerResponse, body: Buffer, contentType: string, fileName: string): void {
  response.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': contentType,
    'Content-Length': body.length,
    // Callers pass ASCII names without quotes; the filter keeps a bad one from breaking the header.
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
  });
  response.end(body);
}

/** Redirects with 303 so a POST is followed by a GET; `location` is a path on this server. */
export function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(303, { ...COMMON_HEADERS, Location: location, 'Content-Length': 0, ...headers });
  response.end();
}

/** Reads a small `application/x-www-form-urlencoded` body. */
export async function readForm(request: IncomingMessage, limitBytes = 16_384): Promise<URLSearchParams> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'Send the form as application/x-www-form-urlencoded');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new HttpError(413, 'Form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Cookies of a request by name; the first of duplicates wins, as browsers send the most specific first. */
export function readCookies(request: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    const name = pair.slice(0, equals).trim();
    if (name && !cookies.has(name)) cookies.set(name, pair.slice(equals + 1).trim());
  }
  return cookies;
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

/** Serves a demo site's `/assets/*` from its folder. False when `path` is not an asset path. */
export async function serveSiteAsset(request: IncomingMessage, response: ServerResponse, siteDir: string, path: string): Promise<boolean> {
  if (!path.startsWith('/assets/')) return false;
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'Method not allowed');
  if (!(await sendStaticFile(request, response, join(siteDir, 'assets'), path.slice('/assets/'.length)))) throw new HttpError(404, 'Not found');
  return true;
}
