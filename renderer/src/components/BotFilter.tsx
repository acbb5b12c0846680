import { useTranslation } from 'react-i18next';
import { useBots } from '../queries/botList';

/** "Bot" filter of a list: every bot the app found, or all of them (null). */
export function BotFilter({ value, onChange, testId }: { value: string | null; onChange: (botId: string | null) => void; testId: string }) {
  const { t } = useTranslation();
  const bots = useBots().bots;
  return (
    <label className="inline-field">
      {t('filters.bot')}
      <select data-testid={testId} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">{t('filters.allBots')}</option>
        {bots.map((bot) => (
          <option key={bot.id} value={bot.id}>
            {bot.title}
          </option>
        ))}
      </select>
    </label>
  );
}
