import { randomBytes } from 'node:crypto';
import type { SiteContext } from './http.js';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

/** A demo site's signed-in sessions, kept in memory and named by an HttpOnly cookie scoped to the site. */
export interface SessionStore<T extends object> {
  /** The session the request's cookie names, with its id; undefined when absent or expired. */
  get(c: SiteContext): { id: string; data: T } | undefined;
  /** Starts a session and sets its cookie on the answer. */
  start(c: SiteContext, data: T): void;
  /** Ends the request's session, if any, and clears its cookie. */
  end(c: SiteContext): void;
}

/** Makes an empty session store whose sessions last `ttlMs` from sign-in. */
export function createSessionStore<T extends object>(cookieName: string, mountPath: string, ttlMs: number): SessionStore<T> {
  const sessions = new Map<string, { data: T; expiresAt: number }>();
  // SameSite=Lax keeps another site's forms from posting with the cookie; Path keeps sites apart.
  const attributes: CookieOptions = { path: mountPath, httpOnly: true, sameSite: 'Lax' };
  return {
    get(c) {
      // Of duplicate cookies the first wins, as browsers send the most specific first.
      const id = getCookie(c, cookieName);
      if (!id) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expiresAt < Date.now()) {
        sessions.delete(id);
        return undefined;
      }
      return { id, data: session.data };
    },
    start(c, data) {
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { data, expiresAt: Date.now() + ttlMs });
      setCookie(c, cookieName, id, attributes);
    },
    end(c) {
      const id = getCookie(c, cookieName);
      if (id) sessions.delete(id);
      deleteCookie(c, cookieName, attributes);
    },
  };
}
