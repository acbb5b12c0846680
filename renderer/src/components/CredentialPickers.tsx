import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { BotSummary } from '../../../electron/common/domain';
import type { CredentialChoice, CredentialDefault, CredentialSummary } from '../../../electron/common/vaultContract';
import { credentialsFor, defaultFor, loadedCredentials, useCredentials } from '../queries/credentials';
import '../styles/admin.css';

/** What the person picked per slot; a slot left out (undefined) shows and sends the bot's default. */
export type CredentialPicks = Record<string, number | null | undefined>;

/** The entry each slot will get: the pick, else the bot's default while it may use it. */
function effectivePick(
  bot: BotSummary,
  slot: string,
  picks: CredentialPicks,
  credentials: readonly CredentialSummary[],
  defaults: readonly CredentialDefault[],
): number | null {
  const picked = picks[slot];
  if (picked !== undefined) return picked;
  const fallback = defaultFor(defaults, bot.id, slot);
  return fallback !== null && credentialsFor(credentials, bot.id).some((credential) => credential.id === fallback) ? fallback : null;
}

/**
 * The `credentials` of `jobs.create` (or a schedule) from the picks, and a message per slot that
 * has entries to choose from but none chosen. A slot with nothing to offer is left to the core.
 */
export function readCredentialPicks(t: TFunction, bot: BotSummary, picks: CredentialPicks): { choice: CredentialChoice; errors: Record<string, string> } {
  const { credentials, defaults, status } = loadedCredentials();
  const choice: CredentialChoice = {};
  const errors: Record<string, string> = {};
  for (const { slot, title } of bot.credentials) {
    const id = effectivePick(bot, slot, picks, credentials, defaults);
    if (id !== null) choice[slot] = id;
    else if (status === 'ready' && credentialsFor(credentials, bot.id).length > 0) errors[pickerField(slot)] = t('runCredentials.choose', { slot: title });
  }
  return { choice, errors };
}

/** The form field name of a slot's picker, as the core names it in a refusal's `fields`. */
export function pickerField(slot: string): string {
  return `credentials.${slot}`;
}

/** Picks the slots' messages out of a refusal's per-field messages (`credentials.portal`, or `credentials` for all). */
export function credentialErrors(bot: BotSummary, fields: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { slot } of bot.credentials) {
    const message = fields[pickerField(slot)] ?? fields[slot] ?? fields.credentials;
    if (message !== undefined) errors[pickerField(slot)] = message;
  }
  return errors;
}

/**
 * One picker per credential slot the bot declares, labelled by the slot's title, listing the vault
 * entries this bot may use and preselected with the bot's default.
 */
export function CredentialPickers({
  bot,
  picks,
  onChange,
  errors,
  disabled = false,
}: {
  bot: BotSummary;
  picks: CredentialPicks;
  onChange: (picks: CredentialPicks) => void;
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const slots = bot.credentials;
  const { credentials, defaults, status, error: loadError } = useCredentials(slots.length > 0);
  if (slots.length === 0) return null;
  const allowed = credentialsFor(credentials, bot.id);

  return (
    <fieldset className="credential-pickers" data-testid="credential-pickers">
      <legend>{t('runCredentials.legend')}</legend>
      {status === 'failed' && (
        <p className="field-error" role="alert" data-testid="credentials-load-error">
          {t('runCredentials.loadFailed', { error: loadError ?? '' })}
        </p>
      )}
      {slots.map(({ slot, title }) => {
        const field = pickerField(slot);
        const value = effectivePick(bot, slot, picks, credentials, defaults);
        const fallback = defaultFor(defaults, bot.id, slot);
        const fallbackName = allowed.find((credential) => credential.id === fallback)?.name;
        const error = errors[field];
        return (
          <div key={slot} className={error ? 'field has-error' : 'field'}>
            <label htmlFor={`${id}-${slot}`}>{title}</label>
            <select
              id={`${id}-${slot}`}
              name={field}
              data-testid={`credential-slot-${slot}`}
              value={value === null ? '' : String(value)}
              disabled={disabled}
              aria-invalid={error ? true : undefined}
              onChange={(event) => onChange({ ...picks, [slot]: event.target.value === '' ? null : Number(event.target.value) })}
            >
              <option value="">{status === 'loading' && allowed.length === 0 ? t('common.loading') : t('params.choose')}</option>
              {allowed.map((credential) => (
                <option key={credential.id} value={credential.id}>
                  {credential.name}
                </option>
              ))}
            </select>
            {status === 'ready' && allowed.length === 0 ? (
              <p className="field-hint">{t('runCredentials.noneAllowed')}</p>
            ) : fallbackName ? (
              <p className="field-hint">{t('runCredentials.defaultIs', { name: fallbackName })}</p>
            ) : null}
            {error && (
              <p className="field-error" role="alert" data-testid={`field-error-${field}`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
