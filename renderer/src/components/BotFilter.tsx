import { useBots } from '../stores/botList';

/** "Bot" filter of a list: every bot the app found, or all of them (null). */
export function BotFilter({ value, onChange, testId }: { value: string | null; onChange: (botId: string | null) => void; testId: string }) {
  const bots = useBots((state) => state.bots);
  return (
    <label className="inline-field">
      Bot
      <select data-testid={testId} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">All bots</option>
        {bots.map((bot) => (
          <option key={bot.id} value={bot.id}>
            {bot.title}
          </option>
        ))}
      </select>
    </label>
  );
}
