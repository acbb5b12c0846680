import { createRequire } from 'node:module';
import type { BotDefinition } from '../../bots/sdk/index.js';
import type { StartJob } from '../common/workerProtocol.js';
import { createBotContext } from './botContext.js';
import { JobBrowser } from './browser.js';
import { connectToHost } from './channel.js';
import { LogBuffer } from './logBuffer.js';

// The bot worker: one process per job. It loads the bot, runs it with its context and reports
// back; whatever the bot does wrong stays in this process.

const host = connectToHost();
const logs = new LogBuffer((lines) => host.send({ type: 'log', lines }));
const abort = new AbortController();
let browser: JobBrowser | null = null;
let ending = false;

// A bot's console output belongs in its job log, not on a terminal nobody reads.
console.log = (...args: unknown[]) => logs.write('INFO', args.map(String).join(' '));
console.info = console.log;
console.debug = (...args: unknown[]) => logs.write('DEBUG', args.map(String).join(' '));
console.warn = (...args: unknown[]) => logs.write('WARNING', args.map(String).join(' '));
console.error = (...args: unknown[]) => logs.write('ERROR', args.map(String).join(' '));

function loadBot(file: string): BotDefinition {
  const loaded = createRequire(file)(file) as { default?: BotDefinition };
  if (!loaded.default || typeof loaded.default.run !== 'function') throw new Error(`${file} does not export a bot`);
  return loaded.default;
}

async function end(message: { type: 'done'; result: unknown } | { type: 'failed'; message: string; stack: string | null }): Promise<void> {
  if (ending) return;
  ending = true;
  if (message.type === 'failed') logs.write('ERROR', message.stack ?? message.message);
  await browser?.close();
  logs.flush();
  await host.sendLast(message);
  process.exit(0);
}

function failWith(err: unknown): Promise<void> {
  const error = err instanceof Error ? err : new Error(String(err));
  return end({ type: 'failed', message: error.message, stack: error.stack ?? null });
}

async function runJob(job: StartJob): Promise<void> {
  const bot = loadBot(job.botFile);
  // Main validated the parameters already; parsing again applies the schema's defaults and transforms here.
  const params = bot.params.parse(job.params);
  browser = new JobBrowser(
    job.browser,
    bot.browser?.visible ?? false,
    (pid) => host.send({ type: 'browser', pid }),
    (message) => logs.write('WARNING', message),
  );
  const { ctx, flush } = createBotContext({ job, params, logs, browser, signal: abort.signal, send: (m) => host.send(m) });
  logs.write('DEBUG', `Worker ${process.pid} started ${bot.id} (attempt ${job.attempt})`);
  const result = await bot.run(ctx);
  flush();
  await end({ type: 'done', result: result ?? null });
}

host.onMessage((message) => {
  switch (message.type) {
    case 'start':
      void runJob(message.job).catch(failWith);
      break;
    case 'cancel':
      logs.write('WARNING', `Stopping: ${message.reason}`);
      abort.abort(new Error(message.reason));
      break;
  }
});
process.on('uncaughtException', (err) => void failWith(err));
process.on('unhandledRejection', (err) => void failWith(err));
host.send({ type: 'ready' });
