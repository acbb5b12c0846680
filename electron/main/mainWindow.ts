import path from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { guardContents } from './navigationGuard.js';
import { APP_ORIGIN } from './senderCheck.js';

/** The operator's window: isolated, sandboxed, and unable to navigate or open anything else. */
export function createMainWindow(preloadFile: string): BrowserWindow {
  // An operator's packaged app has no use for DevTools, and they would hand anyone at the desk the renderer's IPC.
  const allowDevTools = !app.isPackaged;
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'RPA Desk',
    show: false,
    webPreferences: {
      preload: path.resolve(preloadFile),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: allowDevTools,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  guardContents(window.webContents, { allowDevTools });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** Denies every permission request but notifications, which approvals will use. */
export function lockDownPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'notifications');
}
