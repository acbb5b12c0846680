import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import log from 'electron-log/node';
import { startCore } from '../core/app.js';
import { appPaths } from '../core/appPaths.js';
import { resolveBrowserSettings } from '../core/bots/browserSettings.js';
import { demoCredentialSeeds } from '../../demo-sites/demoAccounts.js';
import type { FirstAdmin } from '../core/identity/identityService.js';
import { ChildProcessHost } from './childProcessHost.js';
import { FileTickets } from './fileTickets.js';
import { defaultDataDir } from './dataDir.js';
import { headlessFileActions } from './fileActions.js';
import { startHeadlessServer } from './httpServer.js';

// Headless mode: the same core as the Electron app, with the renderer served on 127.0.0.1 and the
// contract over a WebSocket guarded by a token made for this launch only.

const DEFAULT_PORT = 47600;

const USAGE = `Usage: npm run headless -- [--data-dir DIR] [--port N] [--concurrency N]
  --data-dir DIR     where the database and job files live (default: ${defaultDataDir()})
  --port N           port on 127.0.0.1 for the operator's browser (default ${DEFAULT_PORT}; 0 picks a free one)
  --concurrency N    how many jobs may run at once (default 2)
  --bots-dir DIR     load compiled bots (*.cjs) from DIR instead of the sample bots
  --admin-password-file FILE
                     on a first start, create the admin (RPA_DESK_ADMIN_USER, default "admin") with
                     the password in FILE; RPA_DESK_ADMIN_PASSWORD does the same from the environment.
                     Without either, a first start prints a one-time setup link instead.
  --demo-sites, --no-demo-sites
                     start (default) or not the demo carrier portal and tax system the sample bots drive`;

function parsePositiveInt(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${value}"`);
  return n;
}

/** The first admin of an unattended install, from the environment or a password file; undefined for the setup link. */
function readFirstAdmin(passwordFile: string | undefined): FirstAdmin | undefined {
  const username = process.env.RPA_DESK_ADMIN_USER?.trim() || 'admin';
  if (passwordFile) {
    const password = fs.readFileSync(path.resolve(passwordFile), 'utf8').replace(/\r?\n$/, '');
    if (password.length < 10) throw new Error(`The admin password in ${passwordFile} is shorter than 10 characters`);
    return { username, password };
  }
  const password = process.env.RPA_DESK_ADMIN_PASSWORD;
  if (password === undefined || password === '') return undefined;
  if (password.length < 10) throw new Error('RPA_DESK_ADMIN_PASSWORD is shorter than 10 characters');
  return { username, password };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      concurrency: { type: 'string' },
      'bots-dir': { type: 'string' },
      'admin-password-file': { type: 'string' },
      'demo-sites': { type: 'boolean', default: true },
      help: { type: 'boolean' },
    },
    allowNegative: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const port = parsePositiveInt(values.port, 'port', DEFAULT_PORT, 0);
  const concurrency = parsePositiveInt(values.concurrency, 'concurrency', 2, 1);

  log.transports.file.resolvePathFn = () => path.join(dataDir, 'logs', 'headless.log');
  log.transports.console.level = false;
  const paths = appPaths(__dirname, path.resolve(__dirname, '..'));
  const user = os.userInfo().username;
  const token = randomBytes(24).toString('base64url');
  const fileTickets = new FileTickets();
  const firstAdmin = readFirstAdmin(values['admin-password-file']);

  // Loaded only when wanted: the demo sites are no part of the product.
  const demoSites = values['demo-sites'] ? await (await import('../../demo-sites/server.js')).startDemoSites({ resourcesDir: paths.demoSitesDir }) : null;
  const core = await startCore({
    dataDir,
    migrationsDir: paths.migrationsDir,
    botsDir: values['bots-dir'] ? path.resolve(values['bots-dir']) : paths.botsDir,
    workerHost: new ChildProcessHost(paths.workerEntry),
    files: headlessFileActions(fileTickets),
    sites: demoSites?.sites ?? {},
    browser: resolveBrowserSettings(),
    mode: 'headless',
    version: process.env.RPA_DESK_VERSION ?? '0.0.0-dev',
    user,
    concurrency,
    firstAdmin,
    // The vault key: RPA_DESK_VAULT_KEY, else vault.key (mode 0600) in the data folder, made on first start.
    seedCredentials: demoSites ? demoCredentialSeeds() : [],
    logError: (message, err) => log.error(message, err ?? ''),
  });
  const server = await startHeadlessServer({
    core,
    rendererDir: paths.rendererDir,
    token,
    port,
    fileTickets,
    logError: (message, err) => log.error(message, err),
  });
  const url = `${server.url}#token=${token}`;
  log.info(`Headless mode on ${server.url} with data in ${dataDir}`);
  console.log(
    `RPA Desk is running in headless mode.\n  Data folder: ${dataDir}\n  Bots: ${core.catalog.list().length}\n  Open this address in a browser on this machine:\n\n  ${url}\n`,
  );
  const setupCode = core.identity.setupCode();
  if (setupCode) {
    // The link is the only way in on a fresh install: it is printed, never logged to the file.
    console.log(`  No user exists yet. Open this one-time link to create the first admin:\n\n  ${url}&setup=${setupCode}\n`);
    console.log(`RPA_DESK_SETUP_URL=${url}&setup=${setupCode}`);
  }
  console.log(`RPA_DESK_URL=${url}`);

  let closing = false;
  async function shutdown(signal: string): Promise<void> {
    if (closing) return;
    closing = true;
    console.log(`Stopping (${signal})…`);
    await server.close();
    await core.close();
    await demoSites?.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`RPA Desk could not start: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.RPA_DESK_DEBUG) console.error(err);
  process.exit(1);
});
