const STORAGE_KEY = 'rpa-desk.token';
const SETUP_KEY = 'rpa-desk.setup';

/**
 * The headless token, taken from `#token=…` the first time the page opens and kept in
 * sessionStorage so a reload of the tab still works. The hash is replaced at once so the token
 * does not linger in the address bar or the history. A first-admin setup code that came with it
 * (`#token=…&setup=…`, printed on a fresh install) leaves the address bar the same way.
 */
export function takeAccessToken(defaultRoute: string): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  const query = new URLSearchParams(hash);
  const fromUrl = query.get('token');
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    const setupCode = query.get('setup');
    if (setupCode) sessionStorage.setItem(SETUP_KEY, setupCode);
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', `${pathname}${search}#${defaultRoute}`);
    return fromUrl;
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

/**
 * Opening the printed URL in a tab that already shows RPA Desk only changes the hash, which loads
 * nothing: take the new token and reload so the connection starts afresh with it.
 */
export function reloadOnNewToken(defaultRoute: string): void {
  window.addEventListener('hashchange', () => {
    if (!/[#&]token=/.test(window.location.hash)) return;
    takeAccessToken(defaultRoute);
    window.location.reload();
  });
}

/** Forgets a token the server refused, so the access screen explains what to do. */
export function forgetAccessToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The one-time code of the setup link this tab was opened with, until the first admin exists. */
export function setupCode(): string | null {
  return readSession(SETUP_KEY);
}

/** Forgets the setup code once it was used (or the app turned out to be set up already). */
export function forgetSetupCode(): void {
  removeSession(SETUP_KEY);
}

// sessionStorage throws where storage is disabled; the app then works for as long as the page lives.
function readSession(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function removeSession(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Nothing was kept.
  }
}
