import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { createContractClient, type ContractClient } from '../../electron/common/contractClient.js';
import { repoRoot, tempDir } from './paths.js';

/** RPA Desk started as an operator starts it: `node dist/headless.cjs`, in a process of its own. */
export interface HeadlessApp {
  /** The address printed at start-up, with the token in its hash. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts headless mode on a free port and waits for the address it prints. */
export function startHeadlessApp(options: { dataDir?: string; args?: string[] } = {}): Promise<HeadlessApp> {
  const dataDir = options.dataDir ?? tempDir();
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'headless.cjs'), '--data-dir', dataDir, '--port', '0', ...(options.args ?? [])], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Headless mode did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^RPA_DESK_URL=(\S+)$/m.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const url = match[1];
      const parsed = new URL(url);
      resolve({
        url,
        origin: parsed.origin,
        token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
        dataDir,
        process: child,
        output: () => output,
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill(signal);
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Headless mode exited with code ${code}:\n${output}`));
    });
  });
}

/** A contract client over the app's WebSocket, as the renderer has, for tests that drive headless mode without a page. */
export function connectClient(app: HeadlessApp): Promise<ContractClient & { close(): void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/ws?token=${encodeURIComponent(app.token)}`, { origin: app.origin });
    const listeners: ((text: string) => void)[] = [];
    ws.on('message', (data: Buffer) => listeners.forEach((l) => l(data.toString())));
    ws.once('error', reject);
    ws.once('open', () => {
      const client = createContractClient({ send: (text) => ws.send(text), onMessage: (l) => listeners.push(l) });
      resolve(Object.assign(client, { close: () => ws.close() }));
    });
  });
}
