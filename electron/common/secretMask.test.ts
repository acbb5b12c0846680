import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { totpCodes } from '../core/vault/totp.js';
import { MASK, maskWorkerMessage, SecretMasker } from './secretMask.js';
import type { WorkerMessage } from './workerProtocol.js';

const PASSWORD = `Pä ss/w+rd"<1>&'!`;
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function everyForm(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64').replace(/=+$/, ''),
    Buffer.from(value).toString('base64url'),
    JSON.stringify(value).slice(1, -1),
    JSON.stringify(JSON.stringify({ value })),
  ];
}

describe('SecretMasker', () => {
  const masker = new SecretMasker([PASSWORD]);

  it('masks the value as it is and URL-, form-, base64- and JSON-encoded', () => {
    for (const form of everyForm(PASSWORD)) {
      const masked = masker.mask(`before ${form} after`);
      expect(masked, form).toContain(MASK);
      expect(masked, form).not.toContain(form);
    }
    expect(masker.mask('ordinary text')).toBe('ordinary text');
  });

  it('masks strings and keys deep in a result, keeping its shape and a __proto__ key a key', () => {
    const result = masker.maskDeep({ list: [PASSWORD, 3, null], [PASSWORD]: { json: JSON.stringify({ PASSWORD }) }, ['__proto__']: 'x' });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(result).toMatchObject({ list: [MASK, 3, null], [MASK]: { json: expect.stringContaining(MASK) } });
    expect(Object.keys(result)).toContain('__proto__');
  });

  it('leaves short values and an inactive masker alone, at no cost', () => {
    const short = new SecretMasker(['abc']);
    expect(short.active).toBe(false);
    expect(short.mask('abc abc')).toBe('abc abc');
    const message: WorkerMessage = { type: 'log', lines: [{ at: 1, level: 'INFO', message: PASSWORD }] };
    expect(maskWorkerMessage(SecretMasker.none, message)).toBe(message);
  });

  it('masks the previous, current and next TOTP code of a seed, as otpauth computes them', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 10);
    const totp = new TOTP({ secret: Secret.fromBase32(SEED), digits: 6, period: 30 });
    const withSeed = new SecretMasker([], { seeds: [SEED], codes: totpCodes }, () => now);
    const current = totp.generate({ timestamp: now });
    expect(totpCodes(SEED, now)).toEqual([totp.generate({ timestamp: now - 30_000 }), current, totp.generate({ timestamp: now + 30_000 })]);
    expect(withSeed.mask(`code ${current}`)).toBe(`code ${MASK}`);
    now += 120_000;
    // Two periods on, the old code is ordinary digits again, and the new one is masked.
    expect(withSeed.mask(`code ${current}`)).toBe(`code ${current}`);
    expect(withSeed.mask(`code ${totp.generate({ timestamp: now })}`)).toBe(`code ${MASK}`);
  });

  it('masks every text of a worker message but keeps file paths', () => {
    const approval = maskWorkerMessage(masker, {
      type: 'approval',
      key: 1,
      release: false,
      request: {
        title: PASSWORD,
        summary: null,
        fields: [{ label: 'p', value: PASSWORD }],
        table: null,
        files: ['/jobs/1/output-1-0001.txt'],
        choices: [],
        timeoutMs: null,
        allowBulk: false,
      },
    });
    expect(JSON.stringify(approval)).not.toContain(PASSWORD);
    expect(approval).toMatchObject({ request: { files: ['/jobs/1/output-1-0001.txt'] } });
    const failed = maskWorkerMessage(masker, { type: 'failed', message: `no ${PASSWORD}`, stack: `Error: no ${PASSWORD}\n  at x`, business: false });
    expect(failed).toEqual({ type: 'failed', message: `no ${MASK}`, stack: `Error: no ${MASK}\n  at x`, business: false });
  });
});
