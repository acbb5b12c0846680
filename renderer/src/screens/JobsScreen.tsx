import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { JobFilters } from '../components/JobFilters';
import { JobRow } from '../components/JobRow';
import { ensureBotsLoaded } from '../stores/botList';
import { ensureJobsLoaded, isFiltered, loadMoreJobs, reloadJobs, useJobs } from '../stores/jobs';
import '../styles/jobcontrol.css';

/** Every job, newest first, live. */
export function JobsScreen() {
  const { t } = useTranslation();
  const jobs = useJobs((state) => state.jobs);
  const status = useJobs((state) => state.status);
  const nextCursor = useJobs((state) => state.nextCursor);
  const loadingMore = useJobs((state) => state.loadingMore);
  const filtered = useJobs((state) => isFiltered(state.filter));
  useEffect(() => {
    ensureJobsLoaded();
    ensureBotsLoaded();
  }, []);

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('nav.jobs')}</h1>
        <button type="button" className="button" onClick={() => void reloadJobs()} disabled={status === 'loading'}>
          {t('common.refresh')}
        </button>
      </header>
      <JobFilters />
      <div className="panel table-panel">
        <table className="jobs-table" data-testid="jobs-table">
          <thead>
            <tr>
              <th className="numeric">{t('jobs.job')}</th>
              <th>{t('job.bot')}</th>
              <th>{t('jobs.state')}</th>
              <th>{t('jobs.progress')}</th>
              <th>{t('job.startedBy')}</th>
              <th>{t('job.created')}</th>
              <th className="numeric">{t('job.duration')}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} />
            ))}
          </tbody>
        </table>
        {jobs.length === 0 && (
          <p className="empty">{emptyMessage(t, status, filtered)}</p>
        )}
      </div>
      {nextCursor !== null && (
        <div className="load-more">
          <button type="button" className="button" data-testid="load-more" onClick={() => void loadMoreJobs()} disabled={loadingMore}>
            {loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

function emptyMessage(t: TFunction, status: string, filtered: boolean): string {
  if (status === 'loading' || status === 'idle') return t('jobs.loading');
  if (status === 'failed') return t('jobs.loadFailed');
  return filtered ? t('jobs.noMatch') : t('jobs.empty');
}
