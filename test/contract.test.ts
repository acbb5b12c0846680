import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events, RpaBridge } from '../electron/common/contract.js';
import { createContractClient } from '../electron/common/contractClient.js';
import type { TextPort } from '../electron/common/wire.js';
import type { Core } from '../electron/core/app.js';
import { serveContract } from '../electron/core/api/contractServer.js';
import { asTester, startTestCore, waitForJob } from './helpers/testCore.js';

// The contract end to end over an in-memory pair of text ports: what the renderer sends is
// serialised exactly as over the WebSocket, and nothing bad gets past the router.

/** Two connected ports; messages cross asynchronously, as on a real socket. */
function portPair(): [TextPort, TextPort] {
  const listeners: [((t: string) => void)[], ((t: string) => void)[]] = [[], []];
  const make = (me: 0 | 1): TextPort => ({
    send: (text) => queueMicrotask(() => listeners[me === 0 ? 1 : 0].forEach((l) => l(text))),
    onMessage: (l) => listeners[me].push(l),
  });
  return [make(0), make(1)];
}

let core: Core;
let client: RpaBridge;

beforeAll(async () => {
  core = await startTestCore();
  const [clientPort, serverPort] = portPair();
  serveContract(core.router, core.events, serverPort, asTester(core), { mayReceiveEvents: (c, event) => core.identity.mayReceive(c, event) });
  client = createContractClient(clientPort);
});
afterAll(async () => {
  await core.close();
});

function jobCount(): number {
  return core.store.listJobs({ limit: 500 }).jobs.length;
}

describe('the contract over an in-memory transport', () => {
  it('lists the bots with their parameter schemas as JSON Schema', async () => {
    const reply = await client.invoke('bots.list', {});
    expect(reply.ok).toBe(true);
    const echo = reply.ok ? reply.result.find((b) => b.id === 'echo') : undefined;
    expect(echo?.paramsSchema.properties.count).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 3 });
    expect(echo?.paramsSchema.properties.when).toMatchObject({ type: 'string', format: 'date' });
    expect(echo?.paramsSchema.properties.mode).toMatchObject({ enum: ['fast', 'careful'] });
    expect(echo?.paramsSchema.required).toEqual(['text']);
  });

  it('creates a job, records who started it and pushes job.updated events until it ends', async () => {
    const updates: Events['job.updated'][] = [];
    const off = client.on('job.updated', (job) => updates.push(job));
    const reply = await client.invoke('jobs.create', { botId: 'echo', params: { text: 'hi' } });
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.result.createdBy).toBe('tester');
    await waitForJob(core, reply.result.id);
    await new Promise((r) => setTimeout(r, 20));
    off();
    const states = updates.filter((u) => u.id === reply.result.id).map((u) => u.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('succeeded');
  });

  it('refuses parameters that do not match the bot schema, per field, and creates nothing', async () => {
    const before = jobCount();
    const reply = await client.invoke('jobs.create', { botId: 'echo', params: { text: '', count: 1000, when: '2026-13-45', extra: 1 } });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid_params');
    expect(Object.keys(reply.error.fields ?? {}).sort()).toEqual(['count', 'extra', 'text', 'when']);
    expect(reply.error.fields?.count).toMatch(/100/);
    expect(reply.error.message).toMatch(/^The parameters for Echo \(test\) are not valid/);
    expect(jobCount()).toBe(before);
  });

  it('refuses unknown commands, malformed inputs and unknown bots with clear errors and creates nothing', async () => {
    const before = jobCount();
    const unknown = await client.invoke('jobs.explode' as 'jobs.create', { botId: 'echo', params: {} });
    expect(unknown).toEqual({ ok: false, error: { code: 'unknown_command', message: 'Unknown command "jobs.explode"' } });
    const malformed = await client.invoke('jobs.create', { botId: 42, params: 'x' } as never);
    expect(malformed.ok ? null : malformed.error.code).toBe('invalid_input');
    expect(malformed.ok ? '' : malformed.error.message).toMatch(/^Invalid input for jobs.create: botId: .*; params: /);
    const extraKey = await client.invoke('jobs.list', { limit: 5, dropTables: true } as never);
    expect(extraKey.ok ? null : extraKey.error.code).toBe('invalid_input');
    const noBot = await client.invoke('jobs.create', { botId: 'nope', params: {} });
    expect(noBot).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no bot "nope"' } });
    const missing = await client.invoke('jobs.get', { jobId: 999_999 });
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: 'Job 999999 not found' } });
    expect(jobCount()).toBe(before);
  });

  it('answers a message that is not an envelope at all with a clear error', async () => {
    const [clientPort, serverPort] = portPair();
    const off = serveContract(core.router, core.events, serverPort, asTester(core), { mayReceiveEvents: (c, event) => core.identity.mayReceive(c, event) });
    const replies: string[] = [];
    clientPort.onMessage((t) => replies.push(t));
    clientPort.send('{not json');
    clientPort.send(JSON.stringify({ command: 'jobs.list' }));
    await new Promise((r) => setTimeout(r, 20));
    off();
    expect(replies.map((r) => JSON.parse(r) as { id: null; error: { code: string } })).toEqual([
      expect.objectContaining({ id: null, ok: false, error: expect.objectContaining({ code: 'invalid_input' }) }),
      expect.objectContaining({ id: null, ok: false, error: expect.objectContaining({ code: 'invalid_input' }) }),
    ]);
  });
});
