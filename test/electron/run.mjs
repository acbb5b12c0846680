// Runs the suite that needs the real Electron binary, or says in one line why it did not run.
// npm's electron package fetches its binary on first use; offline machines never have it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const pathFile = path.join(electronDir, 'path.txt');
const binary = fs.existsSync(pathFile) ? path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()) : null;

if (!binary || !fs.existsSync(binary)) {
  console.log('Electron suite: not run: the Electron binary is not installed here (node_modules/electron has no dist/; it cannot be downloaded offline).');
  process.exit(0);
}
const result = spawnSync('npx', ['vitest', 'run', '--config', 'test/electron/vitest.config.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RPA_ELECTRON_BINARY: binary },
});
process.exit(result.status ?? 1);
