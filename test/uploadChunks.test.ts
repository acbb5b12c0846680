import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadTicket } from '../electron/common/contract.js';
import type { Core } from '../electron/core/app.js';
import { asTester, call, startTestCore } from './helpers/testCore.js';

// A chunk whose data is not base64 used to count as 0 bytes (Buffer.from ignores junk): the
// operator's file would then stall or arrive short without a word.

let core: Core;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.close();
});

describe('uploads.chunk over the router', () => {
  it('refuses data that is not base64 with invalid_input and changes nothing', async () => {
    const ticket = await call<UploadTicket>(core, 'uploads.begin', { name: 'notes.txt', size: 6 });
    expect(await call(core, 'uploads.chunk', { uploadId: ticket.uploadId, offset: 0, data: Buffer.from('abc').toString('base64') })).toEqual({
      received: 3,
      complete: false,
    });

    for (const junk of ['not base64 at all!', '@@@@', 'YWJ', 'ZGVm\n']) {
      const reply = await core.router.handle('uploads.chunk', { uploadId: ticket.uploadId, offset: 3, data: junk }, asTester(core));
      expect(reply, junk).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/base64/) } });
    }

    // Still expecting byte 3: the refused chunks added nothing.
    expect(await call(core, 'uploads.chunk', { uploadId: ticket.uploadId, offset: 3, data: Buffer.from('def').toString('base64') })).toEqual({
      received: 6,
      complete: true,
    });
  });
});
