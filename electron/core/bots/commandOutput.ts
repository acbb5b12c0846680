import { execFile } from 'node:child_process';

/**
 * Runs a short system command (ps, tasklist, PowerShell) and resolves with its stdout, or null when
 * it could not start, failed or took longer than `timeoutMs`. It never rejects and never throws
 * from a stream: a missing tool or a broken pipe must not crash the host.
 */
export function commandOutput(file: string, args: string[], timeoutMs = 10_000): Promise<string | null> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { windowsHide: true, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      resolve(err ? null : stdout);
    });
    // execFile reports a failed start through its callback; these listeners only keep a stray
    // 'error' (EPIPE, a stream torn down by a kill) from becoming an uncaught exception.
    child.on('error', () => undefined);
    child.stdout?.on('error', () => undefined);
    child.stderr?.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
  });
}
