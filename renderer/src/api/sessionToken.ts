const STORAGE_KEY = 'rpa-desk.session';

// The token of a signed-in session lives in sessionStorage only: it survives a reload of this tab
// but not the tab itself, and another tab (or a later visitor of this browser) never sees it.

/** The session token this tab was given at sign-in, if any. */
export function storedSessionToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return memory;
  }
}

/** Keeps the token of a new session for reloads and reconnections of this tab. */
export function keepSessionToken(token: string): void {
  memory = token;
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Kept in memory only: a reload asks to sign in again.
  }
}

/** Forgets the session token (signed out, expired, refused). */
export function forgetSessionToken(): void {
  memory = null;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing was kept.
  }
}

let memory: string | null = null;
