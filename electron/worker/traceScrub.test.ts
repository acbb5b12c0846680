import fs from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/paths.js';
import { maskedForms } from '../common/secretMask.js';
import { scrubBytes, scrubTrace } from './traceScrub.js';

describe('scrubTrace', () => {
  it('overwrites every form of a value in every entry, same length, and leaves the rest as it was', async () => {
    const password = 'Pä ss/w+rd"1';
    const forms = maskedForms(password);
    const file = path.join(tempDir(), 'trace.zip');
    const snapshot = JSON.stringify({ type: 'frame-snapshot', value: password, posted: new URLSearchParams({ password }).toString() });
    fs.writeFileSync(
      file,
      zipSync({
        'trace.trace': strToU8(`${snapshot}\n{"other":"line"}\n`),
        'trace.network': strToU8(`Authorization: Basic ${Buffer.from(`u:${password}`).toString('base64')} ${Buffer.from(password).toString('base64')}`),
        'resources/page.html': strToU8(`<input value="${password}">`),
      }),
    );
    const found = await scrubTrace(file, forms);
    expect(found).toBeGreaterThanOrEqual(4);
    const entries = unzipSync(fs.readFileSync(file));
    expect(Object.keys(entries).sort()).toEqual(['resources/page.html', 'trace.network', 'trace.trace']);
    for (const [name, data] of Object.entries(entries)) {
      const text = Buffer.from(data).toString('utf8');
      for (const form of forms) expect(text, `${name}: ${form}`).not.toContain(form);
    }
    const lines = Buffer.from(entries['trace.trace']!).toString('utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toHaveLength(2);
    expect(Buffer.byteLength(lines[0]!)).toBe(Buffer.byteLength(snapshot));
  });

  it('scrubs overlapping and repeated occurrences in place', () => {
    const data = Buffer.from('xxsecretsecretxx');
    expect(scrubBytes(data, [Buffer.from('secret')])).toBe(2);
    expect(data.toString()).toBe('xx************xx');
  });
});
