import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { contentType } from 'mime-types';
import { realFileInside } from '../files/jobFiles.js';

/** The Content-Type a static file is served with (the mime-db table, with a charset for text). */
export function contentTypeOf(file: string): string {
  return contentType(extname(file).toLowerCase() || '.') || 'application/octet-stream';
}

/**
 * The file under `rootDir` that a URL path (relative to that folder, still percent-encoded)
 * names, or undefined when the path could leave the folder or is malformed.
 */
export function resolveStaticPath(rootDir: string, urlPath: string): string | undefined {
  // Checked on the raw path too, so a proxy or a later decode cannot turn it into a separator.
  if (urlPath.includes('\\') || urlPath.includes('\0')) return undefined;
  const segments: string[] = [];
  for (const raw of urlPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    // Encoded separators and dot segments are refused, not normalised: no legitimate asset needs them.
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment) || segment.startsWith('.')) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  const root = resolve(rootDir);
  const file = resolve(join(root, ...segments));
  return file.startsWith(root + sep) ? file : undefined;
}

/**
 * Sends the file a URL path names under `rootDir` (GET and HEAD); resolves false, having sent
 * nothing, when there is no such file so the caller can answer 404 its own way.
 */
export async function sendStaticFile(
  request: IncomingMessage,
  response: ServerResponse,
  rootDir: string,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<boolean> {
  const file = resolveStaticPath(rootDir, urlPath);
  const real = file ? await realFileInside(rootDir, file) : undefined;
  if (!real) return false;
  let body: Buffer;
  try {
    body = await readFile(real);
  } catch {
    return false;
  }
  response.writeHead(200, {
    'Content-Type': contentTypeOf(real),
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
}
