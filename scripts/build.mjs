// Builds every Node-side bundle with esbuild: the headless entry, Electron main and preload, the bot
// worker and each sample bot. Dependencies stay external (node_modules ships with the app) except in
// the preload, which runs sandboxed and may require nothing but 'electron'. Then each bot is described
// in a child process of its own (dist/describeBots.cjs) into `<bot>.manifest.json`, all main reads of it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outdir = path.join(root, 'dist');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { 'process.env.RPA_DESK_VERSION': JSON.stringify(pkg.version) },
};

const botsDir = path.join(root, 'bots');
const bots = fs
  .readdirSync(botsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'sdk' && fs.existsSync(path.join(botsDir, d.name, 'index.ts')))
  .map((d) => d.name);

fs.rmSync(path.join(outdir, 'bots'), { recursive: true, force: true });
await Promise.all([
  build({ ...common, packages: 'external', entryPoints: { headless: 'electron/headless/index.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  build({ ...common, packages: 'external', entryPoints: { worker: 'electron/worker/index.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  build({ ...common, packages: 'external', entryPoints: { describeBots: 'electron/worker/describeBots.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  build({ ...common, packages: 'external', entryPoints: { main: 'electron/main/index.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  build({ ...common, external: ['electron'], entryPoints: { preload: 'electron/preload/index.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  ...bots.map((name) =>
    build({
      ...common,
      // zod and Playwright stay the app's own copies: the describer reads the bot's zod schema.
      packages: 'external',
      entryPoints: { [name]: `bots/${name}/index.ts` },
      outdir: path.join(outdir, 'bots'),
      outExtension: { '.js': '.cjs' },
    }),
  ),
]);
// Never in this process: a bot's top-level code runs only in the describer's child for it.
const described = spawnSync(process.execPath, [path.join(outdir, 'describeBots.cjs'), path.join(outdir, 'bots')], { stdio: 'inherit' });
if (described.status !== 0) {
  console.error('Some bots could not be described (see above): they would not appear in RPA Desk');
  process.exit(1);
}
console.log(`Built headless, main, preload, worker and ${bots.length} bots (${bots.join(', ')}) into dist/`);
