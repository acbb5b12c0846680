import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../electron/core/app.js';
import { serveContract, type FlowControlledPort } from '../electron/core/api/contractServer.js';
import { asTester, startTestCore } from './helpers/testCore.js';

// serveContract's limits do not depend on the WebSocket: any port that can pause, resume and say
// it is congested gets them (issue #10, 2). A real core behind it, a scripted port in front.

let core: Core;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.close();
});

/** Lets pending setImmediate rounds run, without waiting any fixed time. */
async function eventLoopTurns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

function scriptedPort() {
  const state = { congested: false, calls: [] as string[], replies: [] as { id: number }[] };
  let deliver: (text: string) => void = () => {};
  let drained: () => void = () => {};
  const port: FlowControlledPort = {
    send: (text) => state.replies.push(JSON.parse(text) as { id: number }),
    onMessage: (listener) => (deliver = listener),
    pause: () => state.calls.push('pause'),
    resume: () => state.calls.push('resume'),
    congested: () => state.congested,
    onDrain: (listener) => (drained = listener),
  };
  return { port, state, deliver: (text: string) => deliver(text), drain: () => drained() };
}

describe('serveContract flow control', () => {
  it('starts nothing for a congested client, stops reading when its queue is full, and catches up after a drain', async () => {
    const { port, state, deliver, drain } = scriptedPort();
    const disconnect = serveContract(core.router, core.events, port, asTester(core), { limits: { maxQueued: 4 }, mayReceiveEvents: () => true });
    state.congested = true;
    for (let id = 1; id <= 10; id++) deliver(JSON.stringify({ id, command: 'app.info', input: {} }));
    await eventLoopTurns(5);
    expect(state.replies).toEqual([]);
    expect(state.calls).toEqual(['pause']);

    state.congested = false;
    drain();
    await expect.poll(() => state.replies.length === 10, { timeout: 10_000 }).toBe(true);
    expect(state.replies.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(state.calls).toEqual(['pause', 'resume']);
    disconnect();
  });

  it('lets two clients take turns: a burst on one does not hold up the other', async () => {
    const busy = scriptedPort();
    const quiet = scriptedPort();
    const offBusy = serveContract(core.router, core.events, busy.port, asTester(core), { limits: { maxQueued: 10_000 }, mayReceiveEvents: () => true });
    const offQuiet = serveContract(core.router, core.events, quiet.port, core.identity.trustedConnection('tester', 'headless'), {
      mayReceiveEvents: () => true,
    });
    for (let id = 1; id <= 2_000; id++) busy.deliver(JSON.stringify({ id, command: 'app.info', input: {} }));
    quiet.deliver(JSON.stringify({ id: 1, command: 'app.info', input: {} }));
    await expect.poll(() => quiet.state.replies.length === 1, { timeout: 10_000, interval: 1 }).toBe(true);
    // Served within the first rounds, long before the burst is through.
    expect(busy.state.replies.length).toBeLessThan(100);
    await expect.poll(() => busy.state.replies.length === 2_000, { timeout: 20_000 }).toBe(true);
    offBusy();
    offQuiet();
  });
});
