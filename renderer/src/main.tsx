import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { startApi } from './api/client';
import './i18n';
import { App } from './App';
import { DEFAULT_PATH } from './router/routes';
import { ensureDefaultRoute } from './router/useRoute';
import { connectLiveEvents } from './queries/liveEvents';
import { forgetServerState, queryClient } from './queries/queryClient';
import { followConnection } from './stores/connection';
import { catchUpJobLog } from './stores/jobLog';
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
  // switched in, or signing in again after an expiry) forgets what the last one was shown.
  let eventsConnected = false;
  onSessionBegan(() => {
    if (eventsConnected) {
      forgetServerState();
      catchUpJobLog();
      return;
    }
    eventsConnected = true;
    connectLiveEvents();
  });
  startSession();
}
reportUncaughtErrors();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
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
