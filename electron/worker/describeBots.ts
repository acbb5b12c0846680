import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { manifestOf } from './botManifest.js';

// Writes `<bot>.manifest.json` next to each bot bundle of a folder: what main knows of a bot, so
// main never loads a bot's code. Each bot is loaded in a throwaway child process of its own, with
// a time limit, so a bot whose top-level code never ends is reported and the build goes on.
//
//   node describeBots.cjs <folder> [--timeout <ms>]   describe every *.cjs bundle of the folder
//   node describeBots.cjs --one <bundle>              (the child) load one bundle, send its manifest
//
// Exit code: 0 all described, 2 some bots could not be (each has `<bot>.manifest-error.txt`), 1 otherwise.

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_OUTPUT_CHARS = 4_000;

/** The file the catalog reads for a bundle. */
function manifestFile(bundle: string): string {
  return bundle.replace(/\.cjs$/, '.manifest.json');
}

/** Why a bundle has no manifest, for the Bots screen. */
function problemFile(bundle: string): string {
  return bundle.replace(/\.cjs$/, '.manifest-error.txt');
}

function describeOne(bundle: string): void {
  // Whatever the bot prints while it loads is not its manifest.
  console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.info = console.log;
  try {
    const loaded: unknown = createRequire(bundle)(bundle);
    const manifest = manifestOf(loaded, path.basename(bundle));
    process.send?.({ manifest }, () => process.exit(0));
  } catch (err) {
    process.send?.({ error: err instanceof Error ? err.message : String(err) }, () => process.exit(0));
  }
}

/** Loads one bundle in a child process and returns its manifest (as JSON text) or why there is none. */
function describeInChild(script: string, bundle: string, timeoutMs: number): Promise<{ manifest: string } | { error: string }> {
  return new Promise((resolve) => {
    const child = fork(script, ['--one', bundle], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: ['--max-old-space-size=512'] });
    let stderr = '';
    let answer: { manifest: string } | { error: string } | null = null;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT_CHARS) stderr += chunk;
    });
    const timer = setTimeout(() => {
      answer ??= { error: `loading it did not finish within ${timeoutMs / 1000} s: its top-level code may never end (an endless loop?)` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (message: { manifest?: unknown; error?: string }) => {
      answer ??= message.error !== undefined ? { error: message.error } : { manifest: `${JSON.stringify(message.manifest, null, 2)}\n` };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const last = stderr.trim().split('\n').at(-1) ?? '';
      resolve(answer ?? { error: `loading it stopped the process (${signal ?? `exit code ${code}`})${last ? `: ${last}` : ''}` });
    });
  });
}

async function describeFolder(folder: string, timeoutMs: number): Promise<number> {
  const bundles = fs.existsSync(folder)
    ? fs
        .readdirSync(folder)
        .filter((f) => f.endsWith('.cjs'))
        .sort()
        .map((f) => path.join(folder, f))
    : [];
  const problems: string[] = [];
  const queue = [...bundles];
  const script = path.resolve(process.argv[1] ?? '');
  async function next(): Promise<void> {
    for (let bundle = queue.shift(); bundle; bundle = queue.shift()) {
      fs.rmSync(manifestFile(bundle), { force: true });
      fs.rmSync(problemFile(bundle), { force: true });
      const result = await describeInChild(script, bundle, timeoutMs);
      if ('manifest' in result) fs.writeFileSync(manifestFile(bundle), result.manifest);
      else {
        fs.writeFileSync(problemFile(bundle), `${result.error}\n`);
        problems.push(`${path.basename(bundle)}: ${result.error}`);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(os.availableParallelism(), bundles.length)) }, next));
  console.log(`Described ${bundles.length - problems.length} of ${bundles.length} bots in ${folder}`);
  for (const problem of problems) console.error(`  could not describe ${problem}`);
  return problems.length > 0 ? 2 : 0;
}

const args = process.argv.slice(2);
if (args[0] === '--one' && args[1]) describeOne(path.resolve(args[1]));
else if (args[0] && !args[0].startsWith('--')) {
  const at = args.indexOf('--timeout');
  const timeoutMs = at >= 0 ? Number(args[at + 1]) : DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    console.error('--timeout takes a number of milliseconds');
    process.exit(1);
  }
  describeFolder(path.resolve(args[0]), timeoutMs).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
} else {
  console.error('Usage: describeBots <folder> [--timeout <ms>]');
  process.exit(1);
}
