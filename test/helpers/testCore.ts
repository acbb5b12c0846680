import type { JobState, JobSummary } from '../../electron/common/domain.js';
import { FINAL_STATES } from '../../electron/common/domain.js';
import { startCore, type Core, type CoreOptions } from '../../electron/core/app.js';
import { resolveBrowserSettings } from '../../electron/core/bots/browserSettings.js';
import { demoCredentialSeeds } from '../../demo-sites/demoAccounts.js';
import { ChildProcessHost } from '../../electron/headless/childProcessHost.js';
import { headlessFileActions } from '../../electron/headless/fileActions.js';
import { FileTickets } from '../../electron/headless/fileTickets.js';
import type { Connection } from '../../electron/core/api/caller.js';
import { builtPaths, fixtureBotsDir, tempDir } from './paths.js';

/** A real core: a SQLite file in a temp folder and real worker processes. */
export async function startTestCore(options: Partial<CoreOptions> = {}): Promise<Core> {
  return startCore({
    dataDir: tempDir(),
    migrationsDir: builtPaths.migrationsDir,
    botsDir: fixtureBotsDir,
    workerHost: new ChildProcessHost(builtPaths.workerEntry),
    files: headlessFileActions(new FileTickets()),
    sites: {},
    browser: resolveBrowserSettings(),
    mode: 'headless',
    version: 'test',
    user: 'tester',
    durability: 'NORMAL',
    // As the shells do: the sample bots sign in to the demo sites with logins seeded into the vault.
    seedCredentials: demoCredentialSeeds(),
    // An admin without a password: tests act as them through a trusted connection, as the desktop shell does.
    firstAdmin: { username: 'tester', displayName: 'Tess Tester' },
    ...options,
  });
}

const testerConnections = new WeakMap<Core, Connection>();

/** A connection signed in as the test admin `tester` (made once per core). */
export function asTester(core: Core): Connection {
  let connection = testerConnections.get(core);
  // A test that moves the clock past the session's end gets a fresh one, as a person signing in again.
  if (!connection || !core.identity.isSignedIn(connection)) {
    connection = core.identity.trustedConnection('tester', 'headless');
    testerConnections.set(core, connection);
  }
  return connection;
}

/** Calls a command as the renderer would and returns its result, failing the test on an error. */
export async function call<T = unknown>(core: Core, command: string, input: unknown): Promise<T> {
  const reply = await core.router.handle(command, input, asTester(core));
  if (!reply.ok) throw new Error(`${command} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.result as T;
}

/** Resolves with the job's summary once it reaches one of `states` (default: any final state). */
export function waitForJob(core: Core, jobId: number, states: readonly JobState[] = FINAL_STATES, timeoutMs = 45_000): Promise<JobSummary> {
  return new Promise((resolve, reject) => {
    const current = core.store.getSummary(jobId);
    if (current && states.includes(current.state)) {
      resolve(current);
      return;
    }
    const timer = setTimeout(() => {
      off();
      reject(new Error(`Job ${jobId} did not reach ${states.join('/')} within ${timeoutMs} ms (now ${core.store.getSummary(jobId)?.state})`));
    }, timeoutMs);
    const off = core.events.on('job.updated', (job) => {
      if (job.id === jobId && states.includes(job.state)) {
        clearTimeout(timer);
        off();
        resolve(job);
      }
    });
  });
}
