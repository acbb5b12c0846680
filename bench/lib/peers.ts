import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sleep } from './stats.js';

/** The three Redis durability modes BullMQ is measured in. */
export type RedisMode = 'none' | 'everysec' | 'always';

export const REDIS_LABEL: Record<RedisMode, string> = {
  none: 'BullMQ, Redis no persistence',
  everysec: 'BullMQ, Redis AOF everysec',
  always: 'BullMQ, Redis AOF always',
};

function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Installs redis-server from apt only when it is missing (idempotent). */
export function ensureRedisServer(): string {
  const found = which('redis-server');
  if (found) return found;
  console.log('redis-server is missing: installing it with apt-get (once)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: 'inherit', env });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: 'inherit', env });
  }
  const installed = which('redis-server');
  if (!installed) throw new Error('redis-server could not be installed');
  return installed;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RedisServer {
  mode: RedisMode;
  port: number;
  stop(): Promise<void>;
}

/** Starts a private redis-server on 127.0.0.1 with its data in `dir`, in one durability mode. */
export async function startRedis(bin: string, mode: RedisMode, dir: string): Promise<RedisServer> {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const persistence = mode === 'none' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', mode, '--appendfilename', 'bench.aof'];
  const child: ChildProcess = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
      ...persistence,
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200 && !(await canConnect(port)); i++) await sleep(25);
  if (!(await canConnect(port))) throw new Error(`redis-server (${mode}) did not start on port ${port}`);
  return {
    mode,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function tmpPath(root: string, ...parts: string[]): string {
  const p = path.join(root, ...parts);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}
