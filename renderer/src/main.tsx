import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resyncStores, startApi } from './api/client';
import './i18n';
import { App } from './App';
import { DEFAULT_PATH } from './router/routes';
import { ensureDefaultRoute } from './router/useRoute';
import { connectApprovals } from './stores/approvals';
import { followConnection } from './stores/connection';
import { connectDirectory } from './stores/directory';
import { connectStores } from './stores/liveUpdates';
import { onSessionBegan, startSession } from './stores/session';
import { showError } from './stores/toasts';
import { applyTheme, storedTheme } from './theme/theme';
import './styles/base.css';
import './styles/layout.css';
import './styles/jobs.css';
import './styles/log.css';

// Before the first paint, so a dark-theme operator never sees a white flash.
applyTheme(storedTheme());
followConnection();
// The token must leave the URL before the router reads the hash.
const connected = startApi(DEFAULT_PATH);
ensureDefaultRoute();
if (connected) {
  // Nothing is asked of the core before someone is signed in; a later session (another user
  // switched in, or signing in again after an expiry) reloads what the stores hold.
  let storesConnected = false;
  onSessionBegan(() => {
    if (storesConnected) {
      resyncStores();
      return;
    }
    storesConnected = true;
    connectStores();
    connectApprovals();
    connectDirectory();
  });
  startSession();
}
reportUncaughtErrors();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

/** Anything that escapes a handler becomes a toast rather than a silent console line. */
function reportUncaughtErrors(): void {
  window.addEventListener('unhandledrejection', (event) => showError(event.reason));
  window.addEventListener('error', (event) => {
    // Chromium reports a harmless ResizeObserver notice as an error event; it is not the operator's concern.
    if (typeof event.message === 'string' && event.message.startsWith('ResizeObserver loop')) return;
    showError(event.error ?? event.message);
  });
}
