import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, powerMonitor, safeStorage } from 'electron';
import log from 'electron-log/main';
import { startCore, type Core } from '../core/app.js';
import { appPaths } from '../core/appPaths.js';
import { resolveBrowserSettings } from '../core/bots/browserSettings.js';
import { demoCredentialSeeds } from '../../demo-sites/demoAccounts.js';
import type { DemoSites } from '../../demo-sites/server.js';
import { registerAppScheme, serveRenderer } from './appProtocol.js';
import { notifyApprovalRequested } from './approvalNotifications.js';
import { electronFileActions } from './fileActions.js';
import { connectIpc } from './ipcTransport.js';
import { createMainWindow, lockDownPermissions } from './mainWindow.js';
import { safeStorageKeySource } from './safeStorageKey.js';
import { UtilityProcessHost } from './utilityProcessHost.js';

// The Electron shell: lifecycle, window, IPC. Everything else is the core, shared with headless mode.

const dataDirArg = process.argv.find((a) => a.startsWith('--data-dir='));
if (dataDirArg) app.setPath('userData', path.resolve(dataDirArg.slice('--data-dir='.length)));

app.enableSandbox();
registerAppScheme();
log.initialize();

// Packaged: code in the asar, migrations and demo sites beside it (extraResources). Dev: the repo.
const paths = app.isPackaged ? appPaths(__dirname, process.resourcesPath) : appPaths(__dirname, path.resolve(__dirname, '..'));

/**
 * The demo sites the sample bots drive: in development and tests (unpackaged) and on the first run
 * of a fresh install (no database yet, see core/app.ts); `--demo-sites` / `--no-demo-sites` decide otherwise.
 */
function demoSitesWanted(): boolean {
  if (process.argv.includes('--no-demo-sites')) return false;
  if (process.argv.includes('--demo-sites') || !app.isPackaged) return true;
  return !fs.existsSync(path.join(app.getPath('userData'), 'rpa-desk.sqlite'));
}

let core: Core | null = null;
let demoSites: DemoSites | null = null;
let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  lockDownPermissions();
  serveRenderer(paths.rendererDir);
  // Loaded only when wanted: the demo sites are no part of the product.
  if (demoSitesWanted()) demoSites = await (await import('../../demo-sites/server.js')).startDemoSites({ resourcesDir: paths.demoSitesDir });
  core = await startCore({
    dataDir: app.getPath('userData'),
    migrationsDir: paths.migrationsDir,
    botsDir: paths.botsDir,
    workerHost: new UtilityProcessHost(paths.workerEntry),
    files: electronFileActions(() => mainWindow),
    sites: demoSites?.sites ?? {},
    browser: resolveBrowserSettings(),
    mode: 'electron',
    version: app.getVersion(),
    user: os.userInfo().username,
    // The vault key is protected by the OS keychain; Linux without a keyring needs --accept-plain-text-key.
    vaultKey: await safeStorageKeySource(safeStorage, {
      dataDir: app.getPath('userData'),
      acceptPlainTextKey: process.argv.includes('--accept-plain-text-key'),
    }),
    seedCredentials: demoSites ? demoCredentialSeeds() : [],
    logError: (message, err) => log.error(message, err ?? ''),
    onApprovalRequested: (approval) => notifyApprovalRequested(approval, () => mainWindow),
  });
  connectIpc(core, () => BrowserWindow.getAllWindows());
  // After sleep, handle the schedules that came due at once rather than at the next watchdog tick.
  powerMonitor.on('resume', () => core?.scheduler.wake());
  mainWindow = createMainWindow(path.join(__dirname, 'preload.cjs'));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app
  .whenReady()
  .then(start)
  .catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    log.error('Start-up failed', err);
    dialog.showErrorBox('RPA Desk could not start', message);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (core && BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(path.join(__dirname, 'preload.cjs'));
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  quitting = true;
  event.preventDefault();
  void Promise.all([core.close(), demoSites?.close()]).finally(() => app.quit());
});
