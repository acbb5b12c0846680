import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import log from 'electron-log/node';
import { startCore } from '../core/app.js';
import { appPaths } from '../core/appPaths.js';
import { resolveBrowserSettings } from '../core/bots/browserSettings.js';
import { startDemoSites } from '../core/demoSites/server.js';
import { ChildProcessHost } from './childProcessHost.js';
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
  --bots-dir DIR     load compiled bots (*.cjs) from DIR instead of the sample bots`;

function parsePositiveInt(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      concurrency: { type: 'string' },
      'bots-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
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

  const demoSites = await startDemoSites({ resourcesDir: paths.demoSitesDir });
  const core = await startCore({
    dataDir,
    migrationsDir: paths.migrationsDir,
    botsDir: values['bots-dir'] ? path.resolve(values['bots-dir']) : paths.botsDir,
    workerHost: new ChildProcessHost(paths.workerEntry),
    files: headlessFileActions(token),
    sites: demoSites.sites,
    browser: resolveBrowserSettings(),
    mode: 'headless',
    version: process.env.RPA_DESK_VERSION ?? '0.0.0-dev',
    user,
    concurrency,
    logError: (message, err) => log.error(message, err ?? ''),
  });
  const server = await startHeadlessServer({ core, rendererDir: paths.rendererDir, token, port, user, logError: (message, err) => log.error(message, err) });
  const url = `${server.url}#token=${token}`;
  log.info(`Headless mode on ${server.url} with data in ${dataDir}`);
  console.log(`RPA Desk is running in headless mode.\n  Data folder: ${dataDir}\n  Bots: ${core.catalog.list().length}\n  Open this address in a browser on this machine:\n\n  ${url}\n`);
  console.log(`RPA_DESK_URL=${url}`);

  let closing = false;
  async function shutdown(signal: string): Promise<void> {
    if (closing) return;
    closing = true;
    console.log(`Stopping (${signal})…`);
    await server.close();
    await core.close();
    await demoSites.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`RPA Desk could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
