// Bundles the benchmark suite, its peer worker and its bots into node_modules/.cache/rpa-desk-bench/, the way
// scripts/build.mjs bundles the app: packages stay external and load from node_modules. Its bots are then
// described into manifests by the app's describer (dist/describeBots.cjs, which `npm run bench` builds first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const here = import.meta.dirname;
const out = path.join(here, '..', 'node_modules', '.cache', 'rpa-desk-bench');
fs.mkdirSync(out, { recursive: true });
const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning', sourcemap: 'linked' };
await Promise.all([
  build({
    ...common,
    format: 'esm',
    entryPoints: { run: path.join(here, 'run.ts'), plainjobWorker: path.join(here, 'lib', 'plainjobWorker.ts') },
    outdir: out,
    outExtension: { '.js': '.mjs' },
  }),
  build({
    ...common,
    format: 'cjs',
    entryPoints: fs
      .readdirSync(path.join(here, 'bots'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(here, 'bots', f)),
    outdir: path.join(out, 'bots'),
    outExtension: { '.js': '.cjs' },
  }),
]);
const described = spawnSync(process.execPath, [path.join(here, '..', 'dist', 'describeBots.cjs'), path.join(out, 'bots')], { stdio: 'inherit' });
if (described.status !== 0) throw new Error('The benchmark bots could not all be described (see above)');
