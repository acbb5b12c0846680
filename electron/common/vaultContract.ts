import { z } from 'zod';
import { BotScopeSchema } from './identityContract.js';
import type { BotScope } from './permissions.js';

const CredentialId = z.number().int().positive();
const BotId = z.string().min(1).max(100);
/** A slot name a bot declares, e.g. `portal`. */
export const CredentialSlotSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'A credential slot is a name of letters, digits and _');
/** Which vault entry fills each of a bot's credential slots, e.g. `{ portal: 3 }`. */
export const CredentialChoiceSchema = z.record(CredentialSlotSchema, CredentialId);
export type CredentialChoice = z.infer<typeof CredentialChoiceSchema>;

export const CREDENTIAL_KINDS = ['login', 'secret'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** A value kept in the vault: long enough that masking it in a log cannot hide ordinary words. */
const SecretValue = z.string().min(4, 'A stored value has at least 4 characters').max(4_096);
/** A TOTP seed as authenticator apps show it: base32 letters. */
const TotpSeed = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-7]{16,128}=*$/, 'A TOTP seed is 16 or more base32 letters (A–Z, 2–7)'));

/** A vault entry as the Credentials screen lists it: never its values. */
export interface CredentialSummary {
  id: number;
  name: string;
  kind: CredentialKind;
  description: string;
  hasTotp: boolean;
  bots: BotScope;
  /** Filled for users who manage credentials; empty for those who only pick them. */
  usedBy: { bots: string[]; schedules: { id: number; name: string }[] };
  lastUsed: { jobId: number; at: number } | null;
  createdAt: number;
  updatedAt: number;
}

/** Which entry a bot's slot gets when the Run form does not say. */
export interface CredentialDefault {
  botId: string;
  slot: string;
  credentialId: number;
}

/** How the vault's key is protected on this machine. */
export interface VaultStatus {
  protection: 'os-keychain' | 'key-file' | 'environment';
  /** Said to the admin when the protection is weaker than it should be. */
  warning: string | null;
  entries: number;
}

/** The credential vault; spread into `commands` of the contract. */
export const vaultCommands = {
  'credentials.list': { permission: 'credentials.use', input: z.object({}).strict(), output: [] as CredentialSummary[] },
  'credentials.create': {
    permission: 'credentials.manage',
    input: z
      .object({
        name: z.string().trim().min(1, 'Give the credential a name').max(100),
        kind: z.enum(CREDENTIAL_KINDS),
        description: z.string().trim().max(500).default(''),
        username: z.string().min(1).max(500).optional(),
        password: SecretValue.optional(),
        secret: SecretValue.optional(),
        totpSeed: TotpSeed.optional(),
        bots: BotScopeSchema.default({ all: true }),
      })
      .strict(),
    output: {} as CredentialSummary,
  },
  /** Renames or re-describes an entry, or replaces its values; a value left out is kept, never shown. */
  'credentials.update': {
    permission: 'credentials.manage',
    input: z
      .object({
        credentialId: CredentialId,
        name: z.string().trim().min(1).max(100).optional(),
        description: z.string().trim().max(500).optional(),
        username: z.string().min(1).max(500).optional(),
        password: SecretValue.optional(),
        secret: SecretValue.optional(),
        /** null removes the seed. */
        totpSeed: TotpSeed.nullable().optional(),
        bots: BotScopeSchema.optional(),
      })
      .strict(),
    output: {} as CredentialSummary,
  },
  'credentials.delete': { permission: 'credentials.manage', input: z.object({ credentialId: CredentialId }).strict(), output: {} as { deleted: true } },
  'credentials.defaults': { permission: 'credentials.use', input: z.object({}).strict(), output: [] as CredentialDefault[] },
  'credentials.setDefault': {
    permission: 'credentials.manage',
    input: z.object({ botId: BotId, slot: CredentialSlotSchema, credentialId: CredentialId.nullable() }).strict(),
    output: [] as CredentialDefault[],
  },
  'vault.status': { permission: 'credentials.manage', input: z.object({}).strict(), output: {} as VaultStatus },
  /** Makes a new data key and re-encrypts every value with it. */
  'vault.rotateKey': { permission: 'credentials.manage', input: z.object({}).strict(), output: {} as { reencrypted: number } },
} as const;

/** Events of the vault. */
export interface VaultEvents {
  'credentials.changed': { ids: number[] };
}
