import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/paths.js';
import { UploadStore } from './uploads.js';

// Uploads an operator started and never finished (a closed tab, a crashed browser) must not pile
// up: they expire after a quiet spell, and only so many may be open at once.

const MINUTE = 60_000;

function storeWithClock({ maxBytes = 100 * 1024 * 1024, ...limits }: { maxBytes?: number; maxOpen?: number; maxOpenBytes?: number } = {}) {
  const dir = path.join(tempDir(), 'uploads');
  let now = 1_000;
  const store = new UploadStore(dir, maxBytes, { now: () => now, ...limits });
  return {
    store,
    dir,
    advance: (ms: number) => {
      now += ms;
    },
    partFiles: () => fs.readdirSync(dir).filter((f) => f.endsWith('.part')),
  };
}

describe('UploadStore', () => {
  it('expires an upload that got no chunk for 15 minutes and deletes its .part file', () => {
    const { store, advance, partFiles } = storeWithClock();
    const quiet = store.begin('quiet.pdf', 10);
    const busy = store.begin('busy.pdf', 10);
    store.chunk(quiet.uploadId, 0, Buffer.from('12345').toString('base64'));
    expect(partFiles()).toHaveLength(2);

    advance(10 * MINUTE);
    store.chunk(busy.uploadId, 0, Buffer.from('12345').toString('base64'));
    advance(5 * MINUTE + 1);
    // Any activity sweeps: here the busy upload's next chunk.
    expect(store.chunk(busy.uploadId, 5, Buffer.from('67890').toString('base64'))).toEqual({ received: 10, complete: true });

    expect(partFiles()).toEqual([`${busy.uploadId}.part`]);
    expect(() => store.chunk(quiet.uploadId, 5, Buffer.from('67890').toString('base64'))).toThrow(/"quiet\.pdf".*expired.*15 minutes/);
    expect(() => store.take(quiet.uploadId)).toThrow(/expired/);
    expect(store.take(busy.uploadId)).toMatchObject({ name: 'busy.pdf', size: 10 });
  });

  it('keeps an upload alive while chunks keep coming, however long it takes', () => {
    const { store, advance } = storeWithClock();
    const slow = store.begin('slow.pdf', 4);
    for (let offset = 0; offset < 4; offset++) {
      advance(14 * MINUTE);
      store.chunk(slow.uploadId, offset, Buffer.from('x').toString('base64'));
    }
    expect(store.take(slow.uploadId).size).toBe(4);
  });

  it('gives a finished upload an hour for a job to take it, then deletes it', () => {
    const { store, advance, partFiles } = storeWithClock();
    const kept = store.begin('kept.pdf', 1);
    const left = store.begin('left.pdf', 1);
    store.chunk(kept.uploadId, 0, Buffer.from('k').toString('base64'));
    store.chunk(left.uploadId, 0, Buffer.from('l').toString('base64'));
    advance(59 * MINUTE);
    expect(store.take(kept.uploadId).name).toBe('kept.pdf');
    advance(2 * MINUTE);
    expect(() => store.take(left.uploadId)).toThrow(/"left\.pdf" expired after 60 minutes without a job taking it/);
    expect(partFiles()).toEqual([`${kept.uploadId}.part`]);
  });

  it('refuses more unfinished uploads than the limit, and takes new ones once old ones expire', () => {
    const { store, advance, partFiles } = storeWithClock({ maxOpen: 3 });
    for (let i = 0; i < 3; i++) store.begin(`file-${i}.pdf`, 10);
    expect(() => store.begin('one-too-many.pdf', 10)).toThrow(/"one-too-many\.pdf".*3 files are already uploading/);
    expect(partFiles()).toHaveLength(3);
    advance(15 * MINUTE + 1);
    expect(store.begin('later.pdf', 10).uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(partFiles()).toHaveLength(1);
  });

  it('refuses an upload that would take the bytes announced by waiting uploads past the limit', () => {
    const { store, partFiles } = storeWithClock({ maxBytes: 1_000, maxOpenBytes: 1_000 });
    const first = store.begin('first.pdf', 600);
    expect(() => store.begin('second.pdf', 500)).toThrow(/"second\.pdf".*1000 bytes/);
    expect(partFiles()).toHaveLength(1);
    store.discard(first.uploadId);
    expect(store.begin('second.pdf', 500).uploadId).toBeTruthy();
  });

  it('refuses chunk data that is not base64 and keeps what it had', () => {
    const { store } = storeWithClock();
    const upload = store.begin('a.txt', 6);
    store.chunk(upload.uploadId, 0, Buffer.from('abc').toString('base64'));
    for (const junk of ['!!!!', 'YWJj ZGVm', 'YWJ', '####YWJj']) {
      expect(() => store.chunk(upload.uploadId, 3, junk), junk).toThrow(/base64/);
    }
    expect(store.chunk(upload.uploadId, 3, Buffer.from('def').toString('base64'))).toEqual({ received: 6, complete: true });
  });
});
