import { commandOutput } from './commandOutput.js';

/**
 * Kills a process and everything in its process group. Playwright starts the browser as a
 * group leader, so killing the group takes its renderers and GPU processes with it; on Windows
 * taskkill /T walks the tree instead. `then` runs once the kill was sent (on Windows once taskkill
 * has walked the tree, which needs the root still alive).
 */
export function killProcessTree(pid: number, then?: () => void): void {
  if (process.platform === 'win32') {
    void commandOutput('taskkill', ['/pid', String(pid), '/T', '/F']).then(() => then?.());
    return;
  }
  killProcessGroup(pid);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  then?.();
}

/**
 * Kills the POSIX process group `pgid` (a worker started as its own group leader, and every child
 * that did not leave the group). A group's id is never reused as a pid while the group has a member,
 * so a group that still exists is the one we started.
 */
export function killProcessGroup(pgid: number): void {
  if (process.platform === 'win32') return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // The group is gone (or `pgid` never led one).
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

/**
 * Windows only: the processes started, directly or not, by `rootPid`, which started at `rootStart`
 * (.NET ticks, as processStartTime gives on Windows). Windows keeps a dead parent's id in
 * ParentProcessId, and ids are reused, so a process counts as a descendant only if it started after
 * its parent did. Empty elsewhere, or when PowerShell cannot answer.
 */
export async function windowsDescendants(rootPid: number, rootStart: string): Promise<number[]> {
  if (process.platform !== 'win32') return [];
  const script = 'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId),$($_.ParentProcessId),$($_.CreationDate.ToUniversalTime().Ticks)" }';
  const out = await commandOutput('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], 20_000);
  if (!out) return [];
  const children = new Map<number, { pid: number; start: bigint }[]>();
  for (const line of out.split(/\r?\n/)) {
    const [pid, parent, start] = line.trim().split(',');
    if (!pid || !parent || !start || !/^\d+$/.test(start)) continue;
    const list = children.get(Number(parent)) ?? [];
    list.push({ pid: Number(pid), start: BigInt(start) });
    children.set(Number(parent), list);
  }
  if (!/^\d+$/.test(rootStart)) return [];
  const found: number[] = [];
  const queue: { pid: number; start: bigint }[] = [{ pid: rootPid, start: BigInt(rootStart) }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const child of children.get(next.pid) ?? []) {
      if (child.start < next.start || child.pid === next.pid || found.includes(child.pid)) continue;
      found.push(child.pid);
      queue.push(child);
    }
  }
  return found;
}
