import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmCipher, VaultOpenError } from './cipher.js';

describe('AesGcmCipher', () => {
  const cipher = new AesGcmCipher(randomBytes(32));

  it('seals as v1:<iv>:<tag>:<ciphertext> with a fresh IV each time, and opens it again', () => {
    const plaintext = JSON.stringify({ username: 'ana', password: 'Pä ss/w+rd' });
    const a = cipher.seal(plaintext, 'row 1');
    const b = cipher.seal(plaintext, 'row 1');
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('ana');
    expect(cipher.open(a, 'row 1')).toBe(plaintext);
    expect(cipher.open(b, 'row 1')).toBe(plaintext);
  });

  it('refuses a changed byte of ciphertext, tag or IV', () => {
    const sealed = cipher.seal('secret value', 'row 1');
    const parts = sealed.split(':');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index]!, 'base64');
      bytes[0] = bytes[0]! ^ 1;
      const tampered = parts.map((p, i) => (i === index ? bytes.toString('base64') : p)).join(':');
      expect(() => cipher.open(tampered, 'row 1')).toThrow(VaultOpenError);
    }
    expect(() => cipher.open(`v2${sealed.slice(2)}`, 'row 1')).toThrow(/not in a format/);
  });

  it('refuses a blob opened for another row (the AAD) or with another key', () => {
    const sealed = cipher.seal('secret value', JSON.stringify(['credential', 1, 'Portal']));
    expect(() => cipher.open(sealed, JSON.stringify(['credential', 2, 'Portal']))).toThrow(VaultOpenError);
    expect(() => cipher.open(sealed, JSON.stringify(['credential', 1, 'Other']))).toThrow(VaultOpenError);
    expect(() => new AesGcmCipher(randomBytes(32)).open(sealed, JSON.stringify(['credential', 1, 'Portal']))).toThrow(VaultOpenError);
    expect(() => new AesGcmCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
