import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readCookies } from './http.js';

/** A demo site's signed-in sessions, kept in memory and named by an HttpOnly cookie scoped to the site. */
export interface SessionStore<T extends object> {
  /** The session a request's cookie names, with its id; undefined when absent or expired. */
  get(request: IncomingMessage): { id: string; data: T } | undefined;
  /** Starts a session; answers the `Set-Cookie` header value that hands it to the browser. */
  start(data: T): string;
  /** Ends the request's session, if any; answers the `Set-Cookie` header value that clears the cookie. */
  end(request: IncomingMessage): string;
}

/** Makes an empty session store whose sessions last `ttlMs` from sign-in. */
export function createSessionStore<T extends object>(cookieName: string, mountPath: string, ttlMs: number): SessionStore<T> {
  const sessions = new Map<string, { data: T; expiresAt: number }>();
  // SameSite=Lax keeps another site's forms from posting with the cookie; Path keeps sites apart.
  const attributes = `Path=${mountPath}; HttpOnly; SameSite=Lax`;
  return {
    get(request) {
      const id = readCookies(request).get(cookieName);
      if (!id) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expiresAt < Date.now()) {
        sessions.delete(id);
        return undefined;
      }
      return { id, data: session.data };
    },
    start(data) {
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { data, expiresAt: Date.now() + ttlMs });
      return `${cookieName}=${id}; ${attributes}`;
    },
    end(request) {
      const id = readCookies(request).get(cookieName);
      if (id) sessions.delete(id);
      return `${cookieName}=; ${attributes}; Max-Age=0`;
    },
  };
}
