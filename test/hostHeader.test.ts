import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessApp, type HeadlessApp } from './helpers/headlessApp.js';
import { rawHttp, upgradeRequest } from './helpers/rawSockets.js';

// Issue #10, 3: DNS rebinding. A page on evil.example whose name is re-pointed at 127.0.0.1 reaches
// the headless server as same-origin, with `Host: evil.example:<port>`. Only the names the operator's
// own browser uses for this server may pass, for every request and for the WebSocket upgrade.

let app: HeadlessApp;
let port: number;

beforeAll(async () => {
  app = await startHeadlessApp();
  port = Number(new URL(app.origin).port);
});
afterAll(async () => {
  expect(await app.stop()).toBe(0);
});

function get(path: string, host: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
}

describe('the Host header', () => {
  it.each(['127.0.0.1:{port}', 'localhost:{port}', 'LOCALHOST:{port}', '[::1]:{port}'])('%s is served', async (template) => {
    const response = await rawHttp(port, get('/', template.replace('{port}', String(port))));
    expect(response.status).toBe(200);
  });

  const forged = [
    'evil.example:{port}',
    'evil.example',
    '127.0.0.1',
    'localhost',
    '127.0.0.1:1',
    'localhost.evil.example:{port}',
    '127.0.0.1:{port}.evil.example',
    '0.0.0.0:{port}',
  ];

  it.each(forged)('%s is refused for the renderer and for job files', async (template) => {
    const host = template.replace('{port}', String(port));
    for (const path of ['/', '/index.html', `/files/1?token=${app.token}`]) {
      const response = await rawHttp(port, get(path, host));
      expect(response.status, `${host} ${path}`).toBe(421);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.body).toMatch(/not served under the name/i);
    }
  });

  it.each(forged)('%s is refused for the WebSocket upgrade, even with the token', async (template) => {
    const response = await rawHttp(port, upgradeRequest(app, template.replace('{port}', String(port))));
    expect(response.status).toBe(421);
    expect(response.body).toMatch(/not served under the name/i);
  });

  it('a request without a Host header is refused', async () => {
    const response = await rawHttp(port, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(response.status).toBe(400);
  });

  it('the WebSocket upgrade with our own Host still works', async () => {
    expect((await rawHttp(port, upgradeRequest(app))).status).toBe(101);
  });
});
