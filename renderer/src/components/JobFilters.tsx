import { JOB_STATES, type JobState } from '../../../electron/common/domain';
import { useBots } from '../stores/botList';
import { setJobFilter, useJobs } from '../stores/jobs';

/** The state and bot selects above the Jobs table. */
export function JobFilters() {
  const filter = useJobs((state) => state.filter);
  const bots = useBots((state) => state.bots);
  return (
    <div className="filters">
      <label className="inline-field">
        State
        <select
          data-testid="filter-state"
          value={filter.state ?? ''}
          onChange={(event) => setJobFilter({ ...filter, state: readState(event.target.value) })}
        >
          <option value="">All states</option>
          {JOB_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        Bot
        <select
          data-testid="filter-bot"
          value={filter.botId ?? ''}
          onChange={(event) => setJobFilter({ ...filter, botId: event.target.value || null })}
        >
          <option value="">All bots</option>
          {bots.map((bot) => (
            <option key={bot.id} value={bot.id}>
              {bot.title}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function readState(value: string): JobState | null {
  return JOB_STATES.find((state) => state === value) ?? null;
}
