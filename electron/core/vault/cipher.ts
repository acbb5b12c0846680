import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Bytes of a vault key (AES-256). */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/** Seals and opens the vault's values; the key stays inside the implementation. */
export interface Cipher {
  /** Encrypts `plaintext` bound to `aad` (which row it belongs to) as `v1:<iv>:<tag>:<ciphertext>`, each base64. */
  seal(plaintext: string, aad: string): string;
  /** The plaintext of what seal() made with the same key and `aad`; throws VaultOpenError for anything else. */
  open(sealed: string, aad: string): string;
}

/** A sealed value did not open: another key, another row's blob, or changed bytes. Never says which. */
export class VaultOpenError extends Error {
  override name = 'VaultOpenError';
}

/**
 * AES-256-GCM with node:crypto: a random 12-byte IV per seal (a key seals far fewer than the 2^32
 * values random IVs allow), a 16-byte tag, and the AAD authenticated with the ciphertext, so a blob
 * copied onto another row does not open there.
 */
export class AesGcmCipher implements Cipher {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new Error(`A vault key is ${KEY_BYTES} bytes, not ${key.length}`);
    this.key = Buffer.from(key);
  }

  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  open(sealed: string, aad: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== FORMAT) throw new VaultOpenError(`A vault value is not in a format this version reads (expected ${FORMAT}:…)`);
    const iv = Buffer.from(parts[1] ?? '', 'base64');
    const tag = Buffer.from(parts[2] ?? '', 'base64');
    const ciphertext = Buffer.from(parts[3] ?? '', 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new VaultOpenError('A vault value is damaged (its IV or tag has the wrong length)');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultOpenError('A vault value could not be decrypted: it was sealed with another key or for another entry, or it was changed');
    }
  }
}
