import fs from 'node:fs';
import { commandOutput } from './commandOutput.js';

/**
 * A string that identifies when a process started, so a pid recorded before a crash is killed only
 * if it is still the same process (pids are reused). Null when the process is gone or unreadable.
 */
export async function processStartTime(pid: number): Promise<string | null> {
  try {
    if (process.platform === 'linux') {
      const stat = await fs.promises.readFile(`/proc/${pid}/stat`, 'utf8');
      // Field 22 (start time in clock ticks since boot) follows the ")" that ends the command name.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const bootId = await fs.promises.readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '');
      return fields[19] ? `${bootId.trim()}:${fields[19]}` : null;
    }
    if (process.platform === 'win32') {
      const stdout = await commandOutput('powershell.exe', ['-NoProfile', '-Command', `(Get-Process -Id ${pid}).StartTime.ToUniversalTime().Ticks`]);
      return stdout?.trim() || null;
    }
    const stdout = await commandOutput('ps', ['-o', 'lstart=', '-p', String(pid)]);
    return stdout?.trim() || null;
  } catch {
    return null;
  }
}

/** True when `pid` is alive and still the process that started at `start`. */
export async function isSameProcess(pid: number, start: string | null): Promise<boolean> {
  if (!start) return false;
  return (await processStartTime(pid)) === start;
}
