import { useMemo, useSyncExternalStore } from 'react';
import { DEFAULT_PATH, parseRoute, type Route } from './routes';

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function readHash(): string {
  return window.location.hash;
}

/** The current route; re-renders on every change of the hash. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeToHash, readHash);
  return useMemo(() => parseRoute(hash), [hash]);
}

/** Goes to another screen, adding a history entry so Back works. */
export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}

/** Rewrites an empty hash to the default screen without adding a history entry. */
export function ensureDefaultRoute(): void {
  const hash = window.location.hash;
  if (hash === '' || hash === '#' || hash === '#/') {
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', `${pathname}${search}#${DEFAULT_PATH}`);
  }
}
