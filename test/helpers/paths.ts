import { resolveBrowserSettings } from '../../electron/core/bots/browserSettings.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appPaths } from '../../electron/core/appPaths.js';

/** The repository root. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The built app (npm test builds it first). */
export const builtPaths = appPaths(path.join(repoRoot, 'dist'), repoRoot);

/** Test-only bots, compiled by the global setup. */
export const fixtureBotsDir = path.join(repoRoot, 'test-results', 'fixture-bots');

/** A fresh folder under the OS temp folder. */
export function tempDir(prefix = 'rpa-desk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Chromium switches for tests on this machine: as root it needs --no-sandbox; nothing may phone home. */
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'];

/**
 * How tests open a browser of their own: the one the product itself would drive (its settings:
 * RPA_BROWSER_PATH / RPA_BROWSER_CHANNEL, else what it finds on this machine), never a path
 * written into a test.
 */
export function testBrowser(): { executablePath?: string; channel?: string; args: string[] } {
  const settings = resolveBrowserSettings();
  return { executablePath: settings.executablePath, channel: settings.channel, args: [...new Set([...settings.args, ...chromiumArgs])] };
}
