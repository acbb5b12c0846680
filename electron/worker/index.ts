import { createRequire } from 'node:module';
import { BusinessError, type BotDefinition } from '../../bots/sdk/index.js';
import { maskWorkerMessage, SecretMasker } from '../common/secretMask.js';
import { HEARTBEAT_MS, type StartJob, type WorkerMessage } from '../common/workerProtocol.js';
import { createBotContext } from './botContext.js';
import { JobBrowser, loadPlaywright } from './browser.js';
import { connectToHost } from './channel.js';
import { createJobCredentials } from './credentials.js';
import { captureEvidence } from './evidence.js';
import { HumanRequests } from './humanRequests.js';
import { JobFileWriter } from './jobFiles.js';
import { LogBuffer } from './logBuffer.js';

// The bot worker: one process per job. It loads the bot, runs it with its context and reports
// back; whatever the bot does wrong stays in this process.

const host = connectToHost();
// Everything the worker says passes the job's masker: no value of its credentials leaves in clear
// (main masks it all again, as a bot could get around this one).
let masker = SecretMasker.none;
function send(message: WorkerMessage): void {
  host.send(maskWorkerMessage(masker, message));
}
const logs = new LogBuffer((lines) => send({ type: 'log', lines }));
const abort = new AbortController();
let browser: JobBrowser | null = null;
let files: JobFileWriter | null = null;
const human = new HumanRequests(send);
let ending = false;
let warmBrowser: NodeJS.Timeout | undefined;

/** A warm worker that waited this long for a job loads Playwright meanwhile: most bots drive a browser. */
const WARM_BROWSER_AFTER_MS = 1_000;

// A bot's console output belongs in its job log, not on a terminal nobody reads.
console.log = (...args: unknown[]) => logs.write('INFO', args.map(String).join(' '));
console.info = console.log;
console.debug = (...args: unknown[]) => logs.write('DEBUG', args.map(String).join(' '));
console.warn = (...args: unknown[]) => logs.write('WARNING', args.map(String).join(' '));
console.error = (...args: unknown[]) => logs.write('ERROR', args.map(String).join(' '));

// The heartbeat runs on this process's event loop: a bot stuck in a synchronous loop stops it,
// and the host kills the worker.
setInterval(() => send({ type: 'heartbeat' }), HEARTBEAT_MS);

function loadBot(file: string): BotDefinition {
  const loaded = createRequire(file)(file) as { default?: BotDefinition };
  if (!loaded.default || typeof loaded.default.run !== 'function') throw new Error(`${file} does not export a bot`);
  return loaded.default;
}

/**
 * A worker started ahead of its job warms up while it waits, so the job's start loads and compiles
 * nothing: the bot it will most likely run (and with it zod and the SDK, ~70 ms), the bot's
 * parameter schema (zod compiles a parser on first use, ~1 ms) and the clock bots read (Node loads
 * `performance` on first use, ~1 ms). A bot that fails to load is reported by the job that runs it.
 */
function warmUp(botFile: string | null): void {
  performance.now();
  if (!botFile) return;
  try {
    loadBot(botFile).params.safeParse({});
  } catch {
    // Loaded again, and reported, when a job runs it.
  }
}

function preloadPlaywright(): void {
  try {
    loadPlaywright();
  } catch {
    // The bot that needs a browser will say why there is none.
  }
}

async function finish(
  message: { type: 'done'; result: unknown } | { type: 'failed'; message: string; stack: string | null; business: boolean },
): Promise<void> {
  if (ending) return;
  ending = true;
  if (message.type === 'failed') {
    logs.write('ERROR', message.business ? message.message : (message.stack ?? message.message));
    if (browser && files) await captureEvidence(browser, files, logs, masker);
  }
  await browser?.close();
  await logs.drain();
  await host.sendLast(maskWorkerMessage(masker, message));
  process.exit(0);
}

/** Closes the browser and exits while an approval waits: nothing runs until a person decides. */
async function release(flush: () => void): Promise<never> {
  ending = true;
  logs.write('INFO', 'Released the worker while the approval waits; the job resumes when it is decided');
  flush();
  await browser?.close();
  await logs.drain();
  await host.sendLast({ type: 'released' });
  process.exit(0);
}

function failWith(err: unknown): Promise<void> {
  const error = err instanceof Error ? err : new Error(String(err));
  // By name, not instanceof: the bot bundles its own copy of the SDK.
  const business = error.name === 'BusinessError';
  return finish({ type: 'failed', message: error.message, stack: error.stack ?? null, business });
}

async function runJob(job: StartJob): Promise<void> {
  const bot = loadBot(job.botFile);
  // Main checked the parameters against the bot's manifest; the bot's own schema has the last word
  // (refinements, transforms), and a refusal fails the job with the field's message, not retried.
  const parsed = bot.params.safeParse(job.params);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || 'parameters'}: ${issue.message}`);
    throw new BusinessError(`The parameters are not valid: ${problems.join('; ')}`);
  }
  const params = parsed.data;
  const credentials = createJobCredentials(job.credentials, bot.id);
  masker = credentials.masker;
  browser = new JobBrowser(
    job.browser,
    { visible: bot.browser?.visible ?? false, trace: job.trace },
    (pid) => send({ type: 'browser', pid }),
    (message) => logs.write('WARNING', message),
  );
  files = new JobFileWriter(job.outputDir, job.attempt, send, logs);
  const { ctx, flush } = createBotContext({
    job,
    params,
    credentials: credentials.credentials,
    logs,
    browser,
    files,
    human,
    release: () => release(flush),
    signal: abort.signal,
    send,
  });
  logs.write('DEBUG', `Worker ${process.pid} started ${bot.id} (attempt ${job.attempt})`);
  const result = await bot.run(ctx);
  flush();
  await finish({ type: 'done', result: result ?? null });
}

host.onMessage((message) => {
  switch (message.type) {
    case 'start':
      clearTimeout(warmBrowser);
      void runJob(message.job).catch(failWith);
      break;
    case 'logAck':
      logs.acked();
      break;
    case 'warm':
      warmUp(message.botFile);
      send({ type: 'warmed' });
      warmBrowser = setTimeout(preloadPlaywright, WARM_BROWSER_AFTER_MS);
      break;
    case 'decision':
      human.answer(message.key, { kind: 'decision', decision: message.decision });
      break;
    case 'release':
      human.answer(message.key, { kind: 'release' });
      break;
    case 'cancel':
      logs.write('WARNING', `Stopping: ${message.reason}`);
      void (async () => {
        if (message.evidence && browser && files) await captureEvidence(browser, files, logs, masker);
        abort.abort(new Error(message.reason));
        human.abandonAll(new Error(message.reason));
      })();
      break;
  }
});
// The host is gone (it crashed or was killed): close the browser rather than leave it running.
process.on('disconnect', () => {
  void browser?.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
});
process.on('uncaughtException', (err) => void failWith(err));
process.on('unhandledRejection', (err) => void failWith(err));
send({ type: 'ready' });
