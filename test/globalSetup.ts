import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { builtPaths, fixtureBotsDir, repoRoot } from './helpers/paths.js';

/** Fixture bots the describer must refuse (their manifest problem is what their tests check). */
const UNDESCRIBABLE = ['top-level-loop.cjs'];

/** Compiles the test-only bots, and writes their manifests, the way the app's build does for the sample bots. */
export default async function setup(): Promise<void> {
  if (!fs.existsSync(builtPaths.workerEntry)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const sourceDir = path.join(repoRoot, 'test', 'fixtures', 'bots');
  fs.rmSync(fixtureBotsDir, { recursive: true, force: true });
  const entries = fs.readdirSync(sourceDir).filter((f) => f.endsWith('.ts'));
  await build({
    entryPoints: entries.map((f) => path.join(sourceDir, f)),
    outdir: fixtureBotsDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  // In child processes, as the app's build: a fixture that loops at top level is reported, not a hang.
  const report = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'dist', 'describeBots.cjs'), fixtureBotsDir, '--timeout', '5000'], (err, _stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr });
    });
  });
  const refused = fs
    .readdirSync(fixtureBotsDir)
    .filter((f) => f.endsWith('.manifest-error.txt'))
    .map((f) => f.replace('.manifest-error.txt', '.cjs'));
  if (report.code === 1 || refused.some((f) => !UNDESCRIBABLE.includes(f))) throw new Error(`The fixture bots could not be described:\n${report.stderr}`);
}
