import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ApprovalSummary } from '../common/approvalContract.js';
import type { AppInfo } from '../common/contract.js';
import type { BrowserSettings } from '../common/workerProtocol.js';
import { createHandlers } from './api/handlers.js';
import type { FileActions } from './api/fileActions.js';
import { CommandRouter } from './api/router.js';
import { BotPool } from './bots/botPool.js';
import { BotCatalog } from './bots/catalog.js';
import { installId, MarkingWorkerHost, ProcessMarkers } from './bots/processMarker.js';
import { WarmWorkerHost } from './bots/warmWorkerHost.js';
import type { SpawnOptions, WorkerHost } from './bots/workerHost.js';
import { EventBus } from './events/eventBus.js';
import { ApprovalService } from './approvals/approvalService.js';
import { ApprovalStore } from './approvals/approvalStore.js';
import { AuditLog } from './audit/auditLog.js';
import { UploadStore } from './files/uploads.js';
import { Dispatcher } from './jobs/dispatcher.js';
import { JobControl } from './jobs/jobControl.js';
import { recoverInterruptedJobs } from './jobs/recovery.js';
import { JobReporter } from './jobs/jobReporter.js';
import { JobStore } from './jobs/jobStore.js';
import { OutcomeQueue } from './jobs/outcomeQueue.js';
import { openDatabase, type Durability } from './store/database.js';
import { WalCheckpointer } from './store/walCheckpointer.js';
import { systemClock, type Clock } from './schedules/clock.js';
import type { Scheduler } from './schedules/scheduler.js';
import { createScheduler } from './schedules/startScheduler.js';
import { IdentityService, type FirstAdmin } from './identity/identityService.js';
import { CredentialStore, type SeedCredential } from './vault/credentialStore.js';
import { JobCredentials } from './vault/jobCredentials.js';
import { headlessKeySource } from './vault/keyFile.js';
import type { VaultKeySource } from './vault/keySource.js';
import { Vault } from './vault/vault.js';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from './identity/sessionStore.js';

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
  /**
   * Bot workers kept started and waiting, so a job starts without waiting for a process (default:
   * the concurrency, at most 2). Each is an idle process of some 40–80 MB; 0 starts one per job.
   */
  warmWorkers?: number;
  durability?: Durability;
  cancelGraceMs?: number;
  /** A worker silent this long is treated as hung and killed (default 15 s). */
  unresponsiveMs?: number;
  /** A bot asked a person something: the shell shows a desktop notification. */
  onApprovalRequested?: (approval: ApprovalSummary) => void;
  /** Largest input file an operator may give a job (default 100 MB). */
  maxInputFileBytes?: number;
  logError?: (message: string, err: unknown) => void;
  /** The scheduler's clock; tests pass a manual one. */
  clock?: Clock;
  /** The first admin, made when no user exists yet (headless: RPA_DESK_ADMIN_USER / _PASSWORD; desktop: the OS account). */
  firstAdmin?: FirstAdmin;
  /** Where the vault's key lives: Electron passes its safeStorage source; default `vault.key` in dataDir (or RPA_DESK_VAULT_KEY). */
  vaultKey?: VaultKeySource;
  /** Logins put in the vault once, with bot defaults, on first start (the demo sites' accounts). */
  seedCredentials?: readonly SeedCredential[];
  /** How long sessions last without activity and at most (default 1 h and 12 h). */
  sessionLimits?: SessionLimits;
  /** The clock of sessions and lockouts; tests pass their own. */
  now?: () => number;
}

/** The running core: the router both transports call and the events they forward. */
export interface Core {
  router: CommandRouter;
  events: EventBus;
  store: JobStore;
  catalog: BotCatalog;
  dispatcher: Dispatcher;
  control: JobControl;
  scheduler: Scheduler;
  /** Users, sessions, sign-in: who each connection is. */
  identity: IdentityService;
  /** The vault's keys: `deriveKey(purpose)` gives other parts keys that survive key rotation. */
  vault: Vault;
  /** The vault's entries and the bots' default entries. */
  credentials: CredentialStore;
  /** Bot workers started ahead and waiting for a job; null when none are kept. */
  warmWorkers: { readonly waiting: number; readonly ready: number } | null;
  dataDir: string;
  jobsDir: string;
  /** Stops claiming jobs, ends running ones as interrupted and closes the database. */
  close(): Promise<void>;
}

const DEFAULT_CONCURRENCY = 2;
const DEFAULT_MAX_WARM_WORKERS = 2;
const DEFAULT_MAX_INPUT_FILE_BYTES = 100 * 1024 * 1024;

/**
 * What the first warm workers are started with, before any job says which bot runs: the memory limit
 * most bots have (a worker's heap limit is fixed at its start) and one of those bots to load, which
 * loads zod and the SDK every bot needs.
 */
function warmStartOptions(catalog: BotCatalog): SpawnOptions {
  const bots = catalog.list().map((b) => catalog.get(b.id));
  const count = new Map<number, number>();
  for (const bot of bots) count.set(bot.policy.memoryLimitMb, (count.get(bot.policy.memoryLimitMb) ?? 0) + 1);
  const commonest = [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const bot = bots.find((b) => b.policy.memoryLimitMb === commonest);
  return { name: 'warm bot worker', memoryLimitMb: bot?.policy.memoryLimitMb, botFile: bot?.file };
}

/** Opens the store (migrating it first), loads the bots, recovers from the last run and starts dispatching. */
export async function startCore(options: CoreOptions): Promise<Core> {
  const logError = options.logError ?? ((message, err) => console.error(message, err));
  const databaseFile = path.join(options.dataDir, 'rpa-desk.sqlite');
  const database = await openDatabase({
    file: databaseFile,
    migrationsDir: options.migrationsDir,
    durability: options.durability,
  });
  const catalog = BotCatalog.load(options.botsDir);
  for (const problem of catalog.problems) logError(`Bot ${problem.file} was not loaded: ${problem.message}`, null);
  const events = new EventBus();
  // The dispatcher knows why queued jobs wait; the store asks it when it describes a job.
  let dispatcher: Dispatcher | null = null;
  const store = new JobStore(
    database.db,
    database.sqlite,
    (id) => catalog.title(id),
    Date.now,
    (id) => dispatcher?.waitReason(id) ?? null,
  );
  const policyOf = (botId: string) => {
    try {
      return catalog.get(botId).policy;
    } catch {
      return null;
    }
  };
  const checkpointer = new WalCheckpointer(database.sqlite, databaseFile, logError);
  const reporter = new JobReporter(store, events, policyOf, { logError, checkpointWal: () => checkpointer.checkpoint() });
  const jobsDir = path.join(options.dataDir, 'jobs');
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const warmWorkers = options.warmWorkers ?? Math.min(concurrency, DEFAULT_MAX_WARM_WORKERS);
  const bootId = randomUUID();
  // Every worker, and all it starts, carries a marker of this install and run: a job's end and the
  // next start-up find its processes by it (never another install's).
  const markers = new ProcessMarkers(installId(options.dataDir), bootId);
  const workerHost = new MarkingWorkerHost(options.workerHost, markers);
  const warmHost = warmWorkers > 0 ? new WarmWorkerHost(workerHost, warmWorkers, warmStartOptions(catalog)) : null;
  const outcomes = new OutcomeQueue(reporter);
  const pool = new BotPool(warmHost ?? workerHost, outcomes, {
    jobsDir,
    sites: options.sites,
    browser: options.browser,
    graceMs: options.cancelGraceMs,
    unresponsiveMs: options.unresponsiveMs,
  });
  dispatcher = new Dispatcher(store, catalog, pool, reporter, events, {
    bootId,
    concurrency,
    jobsDir,
    outcomes,
    logError,
  });
  const uploads = new UploadStore(path.join(options.dataDir, 'uploads'), options.maxInputFileBytes ?? DEFAULT_MAX_INPUT_FILE_BYTES);
  const vault = await Vault.open({ sqlite: database.sqlite, source: options.vaultKey ?? headlessKeySource(options.dataDir), logError });
  const audit = new AuditLog(database.db, vault.deriveKey('audit-mac'));
  const credentials = new CredentialStore({ db: database.db, sqlite: database.sqlite, vault, catalog, audit, events });
  credentials.seed(options.seedCredentials ?? []);
  const jobCredentials = new JobCredentials({ store: credentials, catalog, audit });
  pool.connectCredentials(jobCredentials);
  const control = new JobControl({ store, catalog, dispatcher, pool, reporter, events, uploads, audit, jobsDir, credentials: jobCredentials });
  const approvalStore = new ApprovalStore(database.db, database.sqlite, (id) => catalog.title(id));
  const approvals = new ApprovalService({
    approvals: approvalStore,
    jobs: store,
    audit,
    events,
    jobsDir,
    kick: () => dispatcher?.kick(),
    onRequested: options.onApprovalRequested,
  });
  pool.connectHuman(approvals);
  approvals.connect(pool);

  // Jobs that held a worker when the app last stopped: kill leftovers; end running ones, keep approvals waiting.
  const recovery = await recoverInterruptedJobs({ store, catalog, reporter, control, keepWaiting: (jobId) => approvals.released(jobId), markers });
  if (recovery.leftoverPids.length > 0) {
    logError(`Killed processes that bots of the last run left running: ${recovery.leftoverPids.join(', ')}`, null);
  }
  if (recovery.interrupted.length > 0) {
    logError(
      `Recovered from an unclean stop: interrupted jobs ${recovery.interrupted.join(', ')}; killed leftover processes ${recovery.killedPids.join(', ') || 'none'}; re-queued ${recovery.requeued.map((r) => `${r.from}→${r.to}`).join(', ') || 'none'}`,
      null,
    );
  }

  const clock = options.clock ?? systemClock;
  const scheduler = createScheduler({
    db: database.db,
    sqlite: database.sqlite,
    control,
    catalog,
    dispatcher,
    events,
    dataDir: options.dataDir,
    jobsDir,
    clock,
    logError,
    resolveCredentials: (botId, choice) => jobCredentials.resolve(botId, choice),
  });
  const identity = new IdentityService({
    db: database.db,
    audit,
    events,
    now: options.now ?? Date.now,
    limits: options.sessionLimits ?? DEFAULT_SESSION_LIMITS,
    botIds: () => catalog.list().map((b) => b.id),
  });
  if (options.firstAdmin) await identity.ensureFirstAdmin(options.firstAdmin);
  identity.sessions.prune();
  const router = new CommandRouter(
    createHandlers({
      vault: { vault, credentials, audit, events },
      identity,
      audit,
      store,
      catalog,
      control,
      uploads,
      events,
      files: options.files,
      jobsDir,
      schedules: { scheduler, catalog, clock, audit },
      approvals: { service: approvals, approvals: approvalStore, audit },
      info: {
        mode: options.mode,
        version: options.version,
        dataDir: options.dataDir,
        user: options.user,
      },
    }),
    identity,
    (command, err) => logError(`Command ${command} failed`, err),
  );
  dispatcher.kick();
  scheduler.start();

  return {
    router,
    events,
    store,
    catalog,
    dispatcher,
    control,
    scheduler,
    identity,
    vault,
    credentials,
    warmWorkers: warmHost,
    dataDir: options.dataDir,
    jobsDir,
    async close() {
      scheduler.stop();
      approvals.stop();
      const stopping = dispatcher.stop();
      warmHost?.close();
      await pool.stopAll('RPA Desk was closed while this job was running');
      await stopping;
      reporter.close();
      await checkpointer.close();
      database.sqlite.close();
    },
  };
}
