import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AppInfo } from '../common/contract.js';
import type { BrowserSettings } from '../common/workerProtocol.js';
import { createHandlers } from './api/handlers.js';
import type { FileActions } from './api/fileActions.js';
import { CommandRouter } from './api/router.js';
import { BotPool } from './bots/botPool.js';
import { BotCatalog } from './bots/catalog.js';
import type { WorkerHost } from './bots/workerHost.js';
import { EventBus } from './events/eventBus.js';
import { Dispatcher } from './jobs/dispatcher.js';
import { JobReporter } from './jobs/jobReporter.js';
import { JobStore } from './jobs/jobStore.js';
import { openDatabase, type Durability } from './store/database.js';

/** What a shell (Electron or headless) hands the core. */
export interface CoreOptions {
  dataDir: string;
  migrationsDir: string;
  botsDir: string;
  workerHost: WorkerHost;
  files: FileActions;
  sites: Record<string, string>;
  browser: BrowserSettings;
  mode: AppInfo['mode'];
  version: string;
  user: string;
  concurrency?: number;
  durability?: Durability;
  cancelGraceMs?: number;
  logError?: (message: string, err: unknown) => void;
}

/** The running core: the router both transports call and the events they forward. */
export interface Core {
  router: CommandRouter;
  events: EventBus;
  store: JobStore;
  catalog: BotCatalog;
  dispatcher: Dispatcher;
  dataDir: string;
  jobsDir: string;
  /** Stops claiming jobs, ends running ones as interrupted and closes the database. */
  close(): Promise<void>;
}

const DEFAULT_CONCURRENCY = 2;

/** Opens the store (migrating it first), loads the bots, recovers from the last run and starts dispatching. */
export async function startCore(options: CoreOptions): Promise<Core> {
  const logError = options.logError ?? ((message, err) => console.error(message, err));
  const database = await openDatabase({
    file: path.join(options.dataDir, 'rpa-desk.sqlite'),
    migrationsDir: options.migrationsDir,
    durability: options.durability,
  });
  const catalog = BotCatalog.load(options.botsDir);
  for (const problem of catalog.problems) logError(`Bot ${problem.file} was not loaded: ${problem.message}`, null);
  const events = new EventBus();
  const store = new JobStore(database.db, database.sqlite, (id) => catalog.title(id));
  const reporter = new JobReporter(store, events);
  const jobsDir = path.join(options.dataDir, 'jobs');
  const pool = new BotPool(options.workerHost, reporter, {
    jobsDir,
    sites: options.sites,
    browser: options.browser,
    graceMs: options.cancelGraceMs,
  });
  const bootId = randomUUID();
  const dispatcher = new Dispatcher(store, catalog, pool, reporter, events, {
    bootId,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
  });

  // A job still marked running was cut off when the app last stopped; it cannot be running now.
  for (const leased of store.leasedJobs()) {
    reporter.finish(leased.id, {
      state: 'interrupted',
      reason: 'app_stopped',
      error: 'RPA Desk stopped while this job was running',
    });
  }

  const router = new CommandRouter(
    createHandlers({ store, catalog, dispatcher, events, files: options.files, jobsDir, info: {
      mode: options.mode,
      version: options.version,
      dataDir: options.dataDir,
      user: options.user,
    } }),
    (command, err) => logError(`Command ${command} failed`, err),
  );
  dispatcher.kick();

  return {
    router,
    events,
    store,
    catalog,
    dispatcher,
    dataDir: options.dataDir,
    jobsDir,
    async close() {
      const stopping = dispatcher.stop();
      await pool.stopAll('RPA Desk was closed while this job was running');
      await stopping;
      database.sqlite.close();
    },
  };
}
