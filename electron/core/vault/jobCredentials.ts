import type { CredentialChoice } from '../../common/vaultContract.js';
import { RpaError } from '../../common/errors.js';
import { credentialValues, SecretMasker } from '../../common/secretMask.js';
import type { WireCredential } from '../../common/workerProtocol.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { BotCatalog, CatalogBot } from '../bots/catalog.js';
import type { CredentialStore } from './credentialStore.js';
import { totpCodes } from './totp.js';

/** How strictly a stored choice is taken. */
export interface ResolveOptions {
  /** Skip slots the bot no longer declares (a job or rerun made before the bot changed). */
  dropUndeclared?: boolean;
  /** Fall back to the default for an entry that is gone or no longer allows the bot (a rerun of an old job). */
  replaceInvalid?: boolean;
}

/** What a job's worker gets, and the masker main applies to everything that worker reports. */
export interface DeliveredCredentials {
  credentials: Record<string, WireCredential>;
  masker: SecretMasker;
}

/** A job as delivery needs it. */
export interface JobForCredentials {
  id: number;
  botId: string;
  attempt: number;
  credentials: CredentialChoice;
}

const NOTHING: DeliveredCredentials = { credentials: {}, masker: SecretMasker.none };

/**
 * Which vault entry fills each credential slot a bot declares, decided when a job is made (and a
 * schedule saved): the job's choice, else the bot's default, else the job is refused naming the
 * slot. The decision is stored with the job; its retries, reruns and re-queues reuse it. When the
 * job's worker starts, only those entries are opened, and their use is audited.
 */
export class JobCredentials {
  constructor(
    private readonly deps: {
      store: CredentialStore;
      catalog: BotCatalog;
      audit: AuditLog;
      now?: () => number;
    },
  ) {}

  /** The entry of every slot the bot declares; throws invalid_input naming a slot that cannot be filled. */
  resolve(botId: string, choice: CredentialChoice = {}, options: ResolveOptions = {}): CredentialChoice {
    const bot = this.deps.catalog.get(botId);
    const slots = bot.summary.credentials;
    const chosen = Object.entries(choice);
    if (slots.length === 0 && chosen.length === 0) return {};
    const declared = new Set(slots.map((s) => s.slot));
    for (const [slot] of chosen) {
      if (declared.has(slot) || options.dropUndeclared) continue;
      const message = `${bot.summary.title} has no credential slot "${slot}" (${slots.length === 0 ? 'it uses no credentials' : `it has ${[...declared].join(', ')}`})`;
      throw new RpaError('invalid_input', message, { [`credentials.${slot}`]: 'This bot has no such slot' });
    }
    const resolved: CredentialChoice = {};
    for (const { slot, title } of slots) {
      let id = choice[slot];
      if (id !== undefined && options.replaceInvalid && this.problem(id, bot, slot, title)) id = undefined;
      id ??= this.deps.store.defaultFor(botId, slot) ?? undefined;
      if (id === undefined) {
        const message = `${title} (${slot}) has no vault entry: choose one in the Run form or set a default`;
        throw new RpaError('invalid_input', message, { [`credentials.${slot}`]: message });
      }
      const problem = this.problem(id, bot, slot, title);
      if (problem) throw new RpaError('invalid_input', problem, { [`credentials.${slot}`]: problem });
      resolved[slot] = id;
    }
    return resolved;
  }

  /**
   * Opens the entries of the job's slots for its worker and records their use (audit row per slot,
   * last use on the entry). An entry that went away or no longer allows the bot fails the job
   * rather than being swapped for another behind the operator's back.
   */
  deliver(job: JobForCredentials, bot: CatalogBot): DeliveredCredentials {
    if (bot.summary.credentials.length === 0) return NOTHING;
    const mapping = this.resolve(job.botId, job.credentials, { dropUndeclared: true });
    const credentials: Record<string, WireCredential> = {};
    const at = (this.deps.now ?? Date.now)();
    const { store, audit } = this.deps;
    for (const [slot, id] of Object.entries(mapping)) {
      const values = store.openValues(store.get(id));
      credentials[slot] = {
        username: values.username ?? null,
        password: values.password ?? null,
        secret: values.secret ?? null,
        totpSeed: values.totpSeed ?? null,
      };
    }
    store.transaction(() => {
      for (const [slot, id] of Object.entries(mapping)) {
        audit.record(`job:${job.id}`, 'credential.used', { type: 'credential', id }, { jobId: job.id, botId: job.botId, slot, attempt: job.attempt });
      }
      store.markUsed([...new Set(Object.values(mapping))], job.id, at);
    });
    const { values, totpSeeds } = credentialValues(credentials);
    return { credentials, masker: new SecretMasker(values, { seeds: totpSeeds, codes: totpCodes }) };
  }

  /** Why an entry cannot fill a bot's slot, or null when it can. */
  private problem(id: number, bot: CatalogBot, slot: string, title: string): string | null {
    const row = this.deps.store.find(id);
    if (!row) return `There is no vault entry ${id} for ${title} (${slot}): choose another one`;
    if (!this.deps.store.allows(row, bot.summary.id)) {
      return `Credential "${row.name}" may not be used by ${bot.summary.title}: choose another entry for ${title} (${slot}), or let an admin add the bot to it`;
    }
    return null;
  }
}
