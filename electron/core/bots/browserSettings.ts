import fs from 'node:fs';
import type { BrowserSettings } from '../../common/workerProtocol.js';

/** Where the browser choice can be overridden: environment first, then the platform's own browser. */
export interface BrowserOverrides {
  channel?: string;
  executablePath?: string;
}

const LINUX_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'];

/**
 * The workstation's own browser: Edge on Windows, Chrome on macOS, Chromium on Linux. An offline
 * site never downloads a browser, so there is no fallback to Playwright's bundled builds.
 */
export function resolveBrowserSettings(overrides: BrowserOverrides = {}, env: NodeJS.ProcessEnv = process.env): BrowserSettings {
  const executablePath = overrides.executablePath ?? env.RPA_BROWSER_PATH;
  const channel = overrides.channel ?? env.RPA_BROWSER_CHANNEL;
  // Background networking and component updates try to reach the internet: pointless offline, noisy in logs.
  const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run'];
  // Chromium refuses to start its sandbox as root (CI, containers).
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  const canShowWindow = process.platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  if (executablePath) return { executablePath, args, canShowWindow };
  if (channel) return { channel, args, canShowWindow };
  if (process.platform === 'win32') return { channel: 'msedge', args, canShowWindow };
  if (process.platform === 'darwin') return { channel: 'chrome', args, canShowWindow };
  const found = LINUX_CANDIDATES.find((p) => fs.existsSync(p));
  return found ? { executablePath: found, args, canShowWindow } : { channel: 'chromium', args, canShowWindow };
}
