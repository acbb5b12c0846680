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

/** The first admin every test app gets (as an unattended install would, from its environment). */
export const TEST_ADMIN = { username: 'admin', password: 'admin-password-for-tests' } as const;

/** Starts headless mode on a free port and waits for the address it prints. */
export function startHeadlessApp(options: { dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv; withoutAdmin?: boolean } = {}): Promise<HeadlessApp> {
  const dataDir = options.dataDir ?? tempDir();
  const env = {
    ...process.env,
    ...(options.withoutAdmin ? {} : { RPA_DESK_ADMIN_USER: TEST_ADMIN.username, RPA_DESK_ADMIN_PASSWORD: TEST_ADMIN.password }),
    ...options.env,
  };
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'headless.cjs'), '--data-dir', dataDir, '--port', '0', ...(options.args ?? [])], {
    cwd: repoRoot,
    env,
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

/**
 * A contract client over the app's WebSocket, as the renderer has, for tests that drive headless
 * mode without a page; signed in as the test admin unless `signIn` is false.
 */
export async function connectClient(
  app: HeadlessApp,
  signIn: { username: string; password: string } | false = TEST_ADMIN,
): Promise<ContractClient & { close(): void }> {
  const client = await openClient(app);
  if (signIn) {
    const reply = await client.invoke('session.signIn', signIn);
    if (!reply.ok) throw new Error(`Could not sign in as ${signIn.username}: ${reply.error.message}`);
  }
  return client;
}

function openClient(app: HeadlessApp): Promise<ContractClient & { close(): void }> {
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
