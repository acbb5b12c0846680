import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JOB_STATES, type JobState } from '../../../electron/common/domain';
import { fromDateInput } from '../format/localTime';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { setJobFilter } from '../queries/jobs';
import { useJobFilter } from '../stores/jobFilter';
import { BotFilter } from './BotFilter';

const TEXT_DEBOUNCE_MS = 300;

/** Search, date range, state and bot above the Jobs table. */
export function JobFilters() {
  const { t } = useTranslation();
  const filter = useJobFilter((state) => state.filter);
  const [typed, setTyped] = useState(filter.text ?? '');
  const settled = useDebouncedValue(typed, TEXT_DEBOUNCE_MS);
  const [from, setFrom] = useState(() => toDateInput(filter.createdFrom));
  const [to, setTo] = useState(() => toDateInput(filter.createdTo));

  useEffect(() => {
    const text = settled.trim().slice(0, 200) || null;
    const current = useJobFilter.getState().filter;
    if (text !== current.text) setJobFilter({ ...current, text });
  }, [settled]);

  function changeDate(which: 'createdFrom' | 'createdTo', value: string): void {
    if (which === 'createdFrom') setFrom(value);
    else setTo(value);
    // A half-typed date is not a bound yet; an empty one removes the bound.
    const ms = value === '' ? null : fromDateInput(value, which === 'createdTo');
    if (value !== '' && ms === null) return;
    const current = useJobFilter.getState().filter;
    if (current[which] !== ms) setJobFilter({ ...current, [which]: ms });
  }

  return (
    <div className="filters">
      <input
        type="search"
        className="filter-text"
        placeholder={t('filters.searchPlaceholder')}
        aria-label={t('filters.searchJobs')}
        data-testid="filter-text"
        value={typed}
        maxLength={200}
        onChange={(event) => setTyped(event.target.value)}
      />
      <label className="inline-field">
        {t('filters.from')}
        <input type="date" data-testid="filter-from" value={from} max={to || undefined} onChange={(event) => changeDate('createdFrom', event.target.value)} />
      </label>
      <label className="inline-field">
        {t('filters.to')}
        <input type="date" data-testid="filter-to" value={to} min={from || undefined} onChange={(event) => changeDate('createdTo', event.target.value)} />
      </label>
      <label className="inline-field">
        {t('filters.state')}
        <select data-testid="filter-state" value={filter.state ?? ''} onChange={(event) => setJobFilter({ ...filter, state: readState(event.target.value) })}>
          <option value="">{t('filters.allStates')}</option>
          {JOB_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`jobState.${state}`)}
            </option>
          ))}
        </select>
      </label>
      <BotFilter testId="filter-bot" value={filter.botId} onChange={(botId) => setJobFilter({ ...filter, botId })} />
    </div>
  );
}

function toDateInput(ms: number | null): string {
  if (ms === null) return '';
  const at = new Date(ms);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

function readState(value: string): JobState | null {
  return JOB_STATES.find((state) => state === value) ?? null;
}
