import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { BotScope } from '../../../electron/common/permissions';
import { useBots } from '../queries/botList';

/** "All bots" or "only these bots" with a checklist: which bots a user may run, or may use a credential. */
export function BotScopeField({
  legend,
  value,
  onChange,
  error,
  disabled = false,
  testId,
}: {
  legend: string;
  value: BotScope;
  onChange: (scope: BotScope) => void;
  error?: string | undefined;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const bots = useBots().bots;
  const name = useId();
  const chosen = value.all ? [] : value.botIds;
  // A bot that was chosen once and is no longer installed stays listed, so it can be unticked.
  const gone = chosen.filter((id) => !bots.some((bot) => bot.id === id));

  function toggle(botId: string, checked: boolean): void {
    const next = checked ? [...chosen, botId] : chosen.filter((id) => id !== botId);
    onChange({ all: false, botIds: next });
  }

  return (
    <fieldset className={error ? 'bot-scope has-error' : 'bot-scope'} data-testid={testId} disabled={disabled}>
      <legend>{legend}</legend>
      <div className="bot-scope-choice">
        <label className="checkbox-label">
          <input type="radio" name={name} value="all" checked={value.all} onChange={() => onChange({ all: true })} />
          {t('botScope.all')}
        </label>
        <label className="checkbox-label">
          <input type="radio" name={name} value="some" checked={!value.all} onChange={() => onChange({ all: false, botIds: chosen })} />
          {t('botScope.some')}
        </label>
      </div>
      {!value.all && (
        <ul className="bot-checklist" aria-label={t('botScope.listLabel')}>
          {bots.map((bot) => (
            <li key={bot.id}>
              <label className="checkbox-label">
                <input type="checkbox" checked={chosen.includes(bot.id)} onChange={(event) => toggle(bot.id, event.target.checked)} />
                {bot.title}
              </label>
            </li>
          ))}
          {gone.map((id) => (
            <li key={id}>
              <label className="checkbox-label muted">
                <input type="checkbox" checked onChange={(event) => toggle(id, event.target.checked)} />
                {t('botScope.notInstalled', { id })}
              </label>
            </li>
          ))}
          {bots.length === 0 && gone.length === 0 && <li className="muted small">{t('bots.empty')}</li>}
        </ul>
      )}
      {!value.all && chosen.length === 0 && <p className="field-hint">{t('botScope.noneChosen')}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A bot scope in a few words: "All bots", or the chosen bots' titles. */
export function useScopeText(): (scope: BotScope) => string {
  const { t } = useTranslation();
  const bots = useBots().bots;
  return (scope: BotScope) => {
    if (scope.all) return t('botScope.all');
    if (scope.botIds.length === 0) return t('botScope.none');
    return scope.botIds.map((id) => bots.find((bot) => bot.id === id)?.title ?? id).join(', ');
  };
}
