import { isAppUrl } from './senderCheck.js';

/** What Electron's navigation events hand their first listener argument. */
interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

/** The part of a window's WebContents the guard listens on; small enough for a test to fake. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  closeDevTools(): void;
}

/**
 * Keeps a window on our own pages: a navigation of any frame, or a server redirect, to anywhere
 * else is stopped (a redirect would otherwise load a foreign page with the preload still in it);
 * webviews are refused; and where DevTools are not allowed they are closed the moment they open.
 */
export function guardContents(contents: GuardedContents, options: { allowDevTools: boolean }): void {
  function stayHome(event: NavigationEvent): void {
    if (!isAppUrl(event.url)) event.preventDefault();
  }
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // `webPreferences.devTools: false` already refuses to open them; this covers any way round it.
  if (!options.allowDevTools) contents.on('devtools-opened', () => contents.closeDevTools());
}
