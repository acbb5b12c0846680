import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { JobSummary } from '../electron/common/domain.js';
import { startHeadlessApp, type HeadlessApp, TEST_ADMIN } from './helpers/headlessApp.js';
import { fixtureBotsDir, tempDir } from './helpers/paths.js';
import { connectTimedClient, residentMb, type TimedClient } from './helpers/rawSockets.js';
import { call, startTestCore, waitForJob } from './helpers/testCore.js';

// Issue #10, 2: one client used to be able to exhaust the headless host for everyone. A client
// that asks for big log pages and never reads the replies pushed the host past 1 GB; a burst of
// small commands on one socket delayed every other client's replies by seconds. The host runs in
// a process of its own so its resident memory can be read from /proc, while a well-behaved client
// sends a cheap command every 50 ms and times the replies.

const LOG_LINES = 50_000;
/** Generous for a loaded 2-core machine; a client held up by another's burst waits seconds, not this. */
const WORST_REPLY_BOUND_MS = 250;
/** What one stalled client may make the host hold, on top of what it held before. */
const RSS_GROWTH_BOUND_MB = 200;

let app: HeadlessApp;
let jobId: number;

/** A job with a long log, made in a data folder the headless host then opens. */
async function seedJobWithLongLog(dataDir: string): Promise<number> {
  const core = await startTestCore({ dataDir, warmWorkers: 0 });
  try {
    // The host then starts on a data folder that has users already: the hostile clients sign in as this admin.
    await call(core, 'users.create', { username: TEST_ADMIN.username, displayName: 'Admin', role: 'admin', password: TEST_ADMIN.password });
    const job = await call<JobSummary>(core, 'jobs.create', { botId: 'echo', params: { text: 'seed' } });
    await waitForJob(core, job.id);
    const at = Date.now();
    for (let start = 0; start < LOG_LINES; start += 5_000) {
      const lines = Array.from({ length: 5_000 }, (_, i) => ({
        at: at + start + i,
        level: 'INFO' as const,
        message: `Line ${start + i} of a long job log, with enough text to look like a real bot's step`,
      }));
      core.store.appendLogs(job.id, 1, lines);
    }
    return job.id;
  } finally {
    await core.close();
  }
}

beforeAll(async () => {
  const dataDir = tempDir();
  jobId = await seedJobWithLongLog(dataDir);
  app = await startHeadlessApp({ dataDir, args: ['--bots-dir', fixtureBotsDir] });
}, 120_000);
afterAll(async () => {
  expect(await app.stop()).toBe(0);
});

function hostRssMb(): number {
  return residentMb(app.process.pid);
}

/** What the well-behaved client saw while `hostile` ran, and how much memory the host took. */
interface Measured {
  baselineRssMb: number;
  peakRssMb: number;
  worstReplyMs: number;
  medianReplyMs: number;
  replies: number;
}

/**
 * Sends `app.info` about every 50 ms from a well-behaved client while `hostile` runs, until at
 * least `minReplies` replies came back and `hostile` has finished (or `maxMs` passed).
 */
async function measureWhile(hostile: () => Promise<void>, minReplies: number, maxMs = 60_000): Promise<Measured> {
  const good = await connectTimedClient(app);
  const baselineRssMb = hostRssMb();
  let peakRssMb = baselineRssMb;
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, hostRssMb());
  }, 20);
  const times: number[] = [];
  const started = Date.now();
  let hostileDone = false;
  const hostileRun = hostile().finally(() => (hostileDone = true));
  try {
    while ((times.length < minReplies || !hostileDone) && Date.now() - started < maxMs) {
      const sent = performance.now();
      const reply = await good.request('app.info', {}, maxMs);
      times.push(performance.now() - sent);
      expect(reply.ok).toBe(true);
      // Pace the next command to ~50 ms after this one was sent, as a screen polling would.
      const wait = 50 - (performance.now() - sent);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await hostileRun;
  } finally {
    clearInterval(sampler);
    good.close();
  }
  peakRssMb = Math.max(peakRssMb, hostRssMb());
  const sorted = [...times].sort((a, b) => a - b);
  return {
    baselineRssMb: Math.round(baselineRssMb),
    peakRssMb: Math.round(peakRssMb),
    worstReplyMs: Math.round(sorted.at(-1) ?? 0),
    medianReplyMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    replies: times.length,
  };
}

/** A signed-in client that will then misbehave: the limits must hold for users, not only for strangers. */
function openHostile(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/ws?token=${encodeURIComponent(app.token)}`, { origin: app.origin });
    ws.once('open', () => {
      ws.send(JSON.stringify({ id: 0, command: 'session.signIn', input: TEST_ADMIN }));
      ws.once('message', (data: Buffer) => {
        const reply = JSON.parse(data.toString()) as { ok: boolean };
        if (reply.ok) resolve(ws);
        else reject(new Error(`Sign-in refused: ${data.toString()}`));
      });
    });
    ws.once('error', reject);
  });
}

/** Opens a WebSocket, or tells the HTTP status and body it was refused with. */
function openOrRefused(): Promise<{ ws: WebSocket } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/ws?token=${encodeURIComponent(app.token)}`, { origin: app.origin });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    ws.once('error', reject);
  });
}

describe('a hostile client', () => {
  it('that never reads the replies to 400 big log pages leaves the host bounded and others served', async () => {
    const hostile = await openHostile();
    hostile.on('error', () => {});
    // Never read: the replies pile up in the host unless it stops reading from this client.
    hostile.pause();
    const measured = await measureWhile(async () => {
      for (let id = 1; id <= 400; id++) hostile.send(JSON.stringify({ id, command: 'logs.tail', input: { jobId } }));
      await Promise.resolve();
    }, 60);
    hostile.terminate();
    console.log(`400 unread logs.tail pages: ${JSON.stringify(measured)}`);
    expect(measured.peakRssMb - measured.baselineRssMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(measured.worstReplyMs).toBeLessThan(WORST_REPLY_BOUND_MS);
    // What the host held for the stalled client is let go once it is gone.
    await expect.poll(() => hostRssMb() < measured.baselineRssMb + RSS_GROWTH_BOUND_MB, { timeout: 20_000, interval: 100 }).toBe(true);
  }, 120_000);

  it('that sends 20,000 small commands at once gets every answer without holding others up', async () => {
    const hostile = await openHostile();
    const total = 20_000;
    let answered = 0;
    const allAnswered = new Promise<void>((resolve, reject) => {
      hostile.on('message', (data: Buffer) => {
        if ((JSON.parse(data.toString()) as { id?: number }).id !== undefined && ++answered === total) resolve();
      });
      hostile.once('close', (code) => reject(new Error(`The bursting client was closed (${code}) after ${answered} answers`)));
    });
    const measured = await measureWhile(async () => {
      for (let id = 1; id <= total; id++) hostile.send(JSON.stringify({ id, command: 'logs.tail', input: { jobId, afterId: id, limit: 1 } }));
      await allAnswered;
    }, 40);
    hostile.close();
    console.log(`20,000 small commands on one socket: ${JSON.stringify(measured)}`);
    expect(answered).toBe(total);
    expect(measured.peakRssMb - measured.baselineRssMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(measured.worstReplyMs).toBeLessThan(WORST_REPLY_BOUND_MS);
  }, 120_000);

  it('cannot open connections without limit: extra upgrades get 503 and others get in again', async () => {
    const open: WebSocket[] = [];
    let refusal: { status: number; body: string } | undefined;
    try {
      // Bounded: far above what a workstation's tabs need, far below what would strain the host.
      for (let i = 0; i < 300 && !refusal; i++) {
        const outcome = await openOrRefused();
        if ('ws' in outcome) open.push(outcome.ws);
        else refusal = outcome;
      }
      expect(refusal, 'no upgrade was refused').toMatchObject({ status: 503, body: expect.stringMatching(/too many connections/i) });
      // The refused one never counted: still full.
      expect(await openOrRefused()).toMatchObject({ status: 503 });
    } finally {
      for (const ws of open) ws.terminate();
    }
    // Closed connections free their places (the host sees the closes a moment later).
    let client: TimedClient | undefined;
    for (let i = 0; i < 100 && !client; i++) client = await connectTimedClient(app).catch(() => undefined);
    expect(client, 'no connection accepted after the others closed').toBeDefined();
    expect(await client?.request('app.info', {})).toMatchObject({ ok: true });
    client?.close();
  }, 120_000);
});
