import { useEffect } from 'react';
import { JobFilters } from '../components/JobFilters';
import { JobRow } from '../components/JobRow';
import { ensureBotsLoaded } from '../stores/botList';
import { ensureJobsLoaded, isFiltered, loadMoreJobs, reloadJobs, useJobs } from '../stores/jobs';
import '../styles/jobcontrol.css';

/** Every job, newest first, live. */
export function JobsScreen() {
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
        <h1>Jobs</h1>
        <button type="button" className="button" onClick={() => void reloadJobs()} disabled={status === 'loading'}>
          Refresh
        </button>
      </header>
      <JobFilters />
      <div className="panel table-panel">
        <table className="jobs-table" data-testid="jobs-table">
          <thead>
            <tr>
              <th className="numeric">Job</th>
              <th>Bot</th>
              <th>State</th>
              <th>Progress</th>
              <th>Started by</th>
              <th>Created</th>
              <th className="numeric">Duration</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} />
            ))}
          </tbody>
        </table>
        {jobs.length === 0 && (
          <p className="empty">{emptyMessage(status, filtered)}</p>
        )}
      </div>
      {nextCursor !== null && (
        <div className="load-more">
          <button type="button" className="button" data-testid="load-more" onClick={() => void loadMoreJobs()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function emptyMessage(status: string, filtered: boolean): string {
  if (status === 'loading' || status === 'idle') return 'Loading jobs…';
  if (status === 'failed') return 'The jobs could not be loaded.';
  return filtered ? 'No jobs match these filters.' : 'No jobs yet. Start one from the Bots screen.';
}
