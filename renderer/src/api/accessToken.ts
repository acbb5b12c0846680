const STORAGE_KEY = 'rpa-desk.token';

/**
 * The headless token, taken from `#token=…` the first time the page opens and kept in
 * sessionStorage so a reload of the tab still works. The hash is replaced at once so the token
 * does not linger in the address bar or the history.
 */
export function takeAccessToken(defaultRoute: string): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  const fromUrl = new URLSearchParams(hash).get('token');
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
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
