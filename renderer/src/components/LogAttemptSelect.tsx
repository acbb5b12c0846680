import { useTranslation } from 'react-i18next';
import { setLogAttempt, useJobLog } from '../stores/jobLog';

/** Narrows the log to one try of the job, or shows every try. */
export function LogAttemptSelect({ attempts }: { attempts: readonly number[] }) {
  const { t } = useTranslation();
  const attempt = useJobLog((state) => state.attempt);
  return (
    <label className="inline-field">
      {t('log.attempt')}
      <select
        data-testid="log-attempt"
        value={attempt === null ? '' : String(attempt)}
        onChange={(event) => setLogAttempt(event.target.value === '' ? null : Number(event.target.value))}
      >
        <option value="">{t('log.allAttempts')}</option>
        {attempts.map((number) => (
          <option key={number} value={number}>
            {t('log.attemptNumber', { attempt: number })}
          </option>
        ))}
      </select>
    </label>
  );
}
