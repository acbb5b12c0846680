import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessApp, TEST_ADMIN, type HeadlessApp } from './helpers/headlessApp.js';

// Headless mode's guard: only a client with this launch's token, from our own origin, reaches the
// contract, and then only to sign in; the static server never leaves its folder; job files need a
// ticket that a signed-in user was handed.

let app: HeadlessApp;

beforeAll(async () => {
  app = await startHeadlessApp();
});
afterAll(async () => {
  expect(await app.stop()).toBe(0);
});

function connect(query: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${app.origin.replace('http', 'ws')}/ws${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function request(ws: WebSocket, message: string): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
    ws.send(message);
  });
}

describe('headless mode', () => {
  it('listens on 127.0.0.1 only and prints the address with a long per-launch token', () => {
    expect(app.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a WebSocket without the token, with a wrong one, or from another origin', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect('?token=wrong')).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${app.token}`, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('lets the token only ask to sign in: every other command needs a user, and a wrong password gets in nowhere', async () => {
    const ws = await connect(`?token=${app.token}`, app.origin);
    expect(await request(ws, JSON.stringify({ id: 1, command: 'jobs.list', input: {} }))).toMatchObject({
      id: 1,
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await request(ws, JSON.stringify({ id: 2, command: 'session.state', input: {} }))).toMatchObject({
      id: 2,
      ok: true,
      result: { user: null, setupRequired: false },
    });
    expect(
      await request(ws, JSON.stringify({ id: 3, command: 'session.signIn', input: { username: TEST_ADMIN.username, password: 'not the password' } })),
    ).toMatchObject({
      id: 3,
      ok: false,
      error: { code: 'forbidden', message: 'Wrong user name or password' },
    });
    expect(
      await request(ws, JSON.stringify({ id: 4, command: 'session.signIn', input: { username: 'nobody-here', password: TEST_ADMIN.password } })),
    ).toMatchObject({
      id: 4,
      ok: false,
      error: { code: 'forbidden', message: 'Wrong user name or password' },
    });
    expect(await request(ws, JSON.stringify({ id: 5, command: 'bots.list', input: {} }))).toMatchObject({
      id: 5,
      ok: false,
      error: { code: 'unauthenticated' },
    });
    ws.close();
  });

  it('serves the contract to our own page, and answers malformed messages with a clear error', async () => {
    const ws = await connect(`?token=${app.token}`, app.origin);
    expect(await request(ws, JSON.stringify({ id: 0, command: 'session.signIn', input: TEST_ADMIN }))).toMatchObject({
      id: 0,
      ok: true,
      result: { user: { username: 'admin', role: 'admin' } },
    });
    expect(await request(ws, JSON.stringify({ id: 1, command: 'bots.list', input: {} }))).toMatchObject({
      id: 1,
      ok: true,
      result: expect.arrayContaining([expect.objectContaining({ id: 'invoice-download' })]),
    });
    expect(await request(ws, 'not json at all')).toMatchObject({ id: null, ok: false, error: { code: 'invalid_input' } });
    expect(
      await request(ws, JSON.stringify({ id: 2, command: 'jobs.create', input: { botId: 'invoice-download', params: { month: '13/2026' } } })),
    ).toMatchObject({
      id: 2,
      ok: false,
      error: { code: 'invalid_params', fields: { month: 'Use the form YYYY-MM, e.g. 2026-10' } },
    });
    expect(await request(ws, JSON.stringify({ id: 3, command: 'jobs.list', input: {} }))).toMatchObject({ id: 3, ok: true, result: { jobs: [] } });
    ws.close();
  });

  it('serves the renderer with a strict CSP and never a file outside its folder', async () => {
    const index = await fetch(`${app.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const probe of ['/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%5c..%5cpackage.json', '/%00']) {
      const res = await fetch(`${app.origin}${probe}`);
      expect(res.status, probe).toBe(404);
    }
    expect((await fetch(`${app.origin}/files/1`)).status).toBe(401);
    // The launch token is not a way to files: only a ticket that files.open handed a signed-in user.
    expect((await fetch(`${app.origin}/files/1?token=${app.token}`)).status).toBe(401);
    expect((await fetch(`${app.origin}/files/1?ticket=made-up`)).status).toBe(401);
  });
});
