import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeadlessApp, type HeadlessApp } from './helpers/headlessApp.js';
import { connectTimedClient, frame, openRawWebSocket, residentMb, upgradeRequest, type FrameParts, type TimedClient } from './helpers/rawSockets.js';

// Issue #10, 1: one broken frame from an authenticated client used to make the headless host exit
// with "Unhandled 'error' event", interrupting every running job. The host runs in its own process
// here so that an exit shows; each frame must cost only its own connection, with the close code
// RFC 6455 gives for it.

let app: HeadlessApp;
let bystander: TimedClient;

function hostIsRunning(): boolean {
  return app.process.exitCode === null && app.process.signalCode === null;
}

beforeAll(async () => {
  app = await startHeadlessApp();
  bystander = await connectTimedClient(app);
});
// A host that died in one case is started again, so every case shows its own outcome.
beforeEach(async () => {
  if (
    await bystander.request('app.info', {}, 5_000).then(
      () => true,
      () => false,
    )
  )
    return;
  await vi
    .waitFor(
      () => {
        if (hostIsRunning()) throw new Error('The host is still running');
      },
      { timeout: 10_000 },
    )
    .catch(() => app.stop('SIGKILL'));
  app = await startHeadlessApp();
  bystander = await connectTimedClient(app);
});
afterAll(async () => {
  bystander.close();
  expect(await app.stop()).toBe(0);
});

const hello = Buffer.from('{"id":1,"command":"app.info","input":{}}');

const cases: { kind: string; parts: FrameParts; code: number }[] = [
  // Only the header's claim is needed; ws refuses before buffering the payload.
  { kind: 'a frame over the 1 MiB limit', parts: { declaredLength: 2 * 1024 * 1024, payload: Buffer.alloc(64 * 1024, 0x61) }, code: 1009 },
  { kind: 'invalid UTF-8 in a text frame', parts: { payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }, code: 1007 },
  { kind: 'an unmasked client frame', parts: { masked: false, payload: hello }, code: 1002 },
  { kind: 'RSV1 set without an extension', parts: { rsv1: true, payload: hello }, code: 1002 },
  { kind: 'an unknown opcode', parts: { opcode: 0x3, payload: hello }, code: 1002 },
  { kind: 'an orphan continuation frame', parts: { opcode: 0x0, payload: hello }, code: 1002 },
];

describe('a malformed WebSocket frame', () => {
  it.each(cases)('$kind closes that connection with $code and the host serves on', async ({ kind, parts, code }) => {
    const raw = await openRawWebSocket(app);
    raw.socket.write(frame(parts));
    expect(await raw.closeCode).toBe(code);

    // The host must still be there, for the client that was already connected and for a new one.
    const asked = performance.now();
    const reply = await bystander.request('app.info', {});
    expect(reply).toMatchObject({ ok: true, result: { mode: 'headless' } });
    console.log(
      `${kind}: closed with ${code}; the other client's reply took ${(performance.now() - asked).toFixed(1)} ms; host resident ${residentMb(app.process.pid).toFixed(0)} MiB`,
    );
    const newcomer = await connectTimedClient(app);
    expect(await newcomer.request('bots.list', {})).toMatchObject({ ok: true });
    newcomer.close();
    expect(hostIsRunning()).toBe(true);
  });

  it('a client that resets its connection while its upgrade is refused does not take the host down', async () => {
    // Once 'upgrade' fires, http no longer listens for errors on the socket: writing the 401 to a
    // peer that has reset the connection emits ECONNRESET/EPIPE on it.
    const port = Number(new URL(app.origin).port);
    for (let i = 0; i < 20; i++) {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('error', reject);
      });
      socket.write(upgradeRequest({ ...app, token: 'wrong' }));
      socket.resetAndDestroy();
    }
    expect(await bystander.request('app.info', {})).toMatchObject({ ok: true });
    expect(hostIsRunning()).toBe(true);
  });
});
