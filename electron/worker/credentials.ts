import { Secret, TOTP } from 'otpauth';
import type { BotCredential } from '../../bots/sdk/index.js';
import { credentialValues, SecretMasker, TOTP_PERIOD_MS } from '../common/secretMask.js';
import type { WireCredential } from '../common/workerProtocol.js';

// The same few lines as core/vault/totp.ts: the worker may not import the core.
function totpOf(seed: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_MS / 1000 });
}

/** Previous, current and next code of a seed around `at`. */
export function totpCodes(seed: string, at: number): string[] {
  const totp = totpOf(seed);
  return [-1, 0, 1].map((step) => totp.generate({ timestamp: at + step * TOTP_PERIOD_MS }));
}

/** Names code asks any object for (await, JSON, printing): they read as absent rather than as a wrong slot. */
const NOT_SLOTS = new Set(['then', 'toJSON', 'toString', 'valueOf', 'constructor', 'inspect', 'asymmetricMatch', '$$typeof', 'nodeType']);

/** The job's credentials as `ctx.credentials`, and the masker for everything the worker sends. */
export interface JobCredentials {
  credentials: Readonly<Record<string, BotCredential>>;
  masker: SecretMasker;
}

/**
 * Builds `ctx.credentials` from what main delivered: one object per declared slot, whose getters
 * say plainly when a value is not part of the entry, and a slot the bot did not declare throws
 * instead of reading as undefined. Every code `totp()` hands out is masked for the rest of the job.
 */
export function createJobCredentials(delivered: Record<string, WireCredential>, botId: string): JobCredentials {
  const { values, totpSeeds } = credentialValues(delivered);
  const masker = new SecretMasker(values, { seeds: totpSeeds, codes: totpCodes });
  const bySlot = new Map<string, BotCredential>();
  for (const [slot, wire] of Object.entries(delivered)) bySlot.set(slot, credentialOf(slot, wire, masker));
  const credentials = new Proxy<Record<string, BotCredential>>(
    {},
    {
      get(_target, key) {
        if (typeof key !== 'string' || NOT_SLOTS.has(key)) return undefined;
        const credential = bySlot.get(key);
        if (!credential) {
          const known = [...bySlot.keys()];
          throw new Error(
            `The bot ${botId} declares no credential slot "${key}" (${known.length ? `it has ${known.join(', ')}` : 'it declares none: add credentials to defineBot()'})`,
          );
        }
        return credential;
      },
      has: (_target, key) => typeof key === 'string' && bySlot.has(key),
      ownKeys: () => [...bySlot.keys()],
      getOwnPropertyDescriptor: (_target, key) =>
        typeof key === 'string' && bySlot.has(key) ? { enumerable: true, configurable: true, value: bySlot.get(key) } : undefined,
    },
  );
  return { credentials, masker };
}

function credentialOf(slot: string, wire: WireCredential, masker: SecretMasker): BotCredential {
  const value = (part: 'username' | 'password' | 'secret'): string => {
    const v = wire[part];
    if (v === null) {
      const kind = wire.secret !== null ? 'a secret' : 'a login';
      throw new Error(`The credential in slot "${slot}" is ${kind} and has no ${part === 'username' ? 'user name' : part}`);
    }
    return v;
  };
  const seed = wire.totpSeed;
  const totp = seed ? totpOf(seed) : null;
  return {
    get username() {
      return value('username');
    },
    get password() {
      return value('password');
    },
    get secret() {
      return value('secret');
    },
    hasTotp: totp !== null,
    totp() {
      if (!totp) throw new Error(`The credential in slot "${slot}" has no TOTP seed: an admin can add one in Credentials`);
      const code = totp.generate();
      masker.add(code);
      return code;
    },
    // A credential printed whole (console.log(ctx.credentials.portal)) shows no value.
    toJSON: () => ({ slot, values: '••••' }),
  } as BotCredential;
}
