import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { builtPaths, fixtureBotsDir, repoRoot } from './helpers/paths.js';

/** Compiles the test-only bots the way the app's build compiles the sample bots. */
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
}
