import { execFile } from 'node:child_process';

/**
 * Kills a process and everything in its process group. Playwright starts the browser as a
 * group leader, so killing the group takes its renderers and GPU processes with it; on Windows
 * taskkill /T walks the tree instead.
 */
export function killProcessTree(pid: number): void {
  if (process.platform === 'win32') {
    execFile('taskkill', ['/pid', String(pid), '/T', '/F'], () => undefined);
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Not a group leader, or already gone: fall back to the process itself.
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
