import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { JobFilters } from '../components/JobFilters';
import { JobRow } from '../components/JobRow';
import { useBots } from '../queries/botList';
import { useJobList } from '../queries/jobs';
import { isFiltered, useJobFilter } from '../stores/jobFilter';
import '../styles/jobcontrol.css';

/** Every job, newest first, live. */
export function JobsScreen() {
  const { t } = useTranslation();
  const { jobs, status, hasMore, loadingMore, refetch, loadMore } = useJobList();
  const filtered = useJobFilter((state) => isFiltered(state.filter));
  // The bot filter lists the bots: load them with the rows.
  useBots();

  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{t('nav.jobs')}</h1>
        <button type="button" className="button" onClick={refetch} disabled={status === 'loading'}>
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
        {jobs.length === 0 && <p className="empty">{emptyMessage(t, status, filtered)}</p>}
      </div>
      {hasMore && (
        <div className="load-more">
          <button type="button" className="button" data-testid="load-more" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

function emptyMessage(t: TFunction, status: string, filtered: boolean): string {
  if (status === 'loading') return t('jobs.loading');
  if (status === 'failed') return t('jobs.loadFailed');
  return filtered ? t('jobs.noMatch') : t('jobs.empty');
}
