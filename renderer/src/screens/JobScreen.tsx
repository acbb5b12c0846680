import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { JobFiles } from '../components/JobFiles';
import { JobHeader } from '../components/JobHeader';
import { JobApprovals } from '../components/JobApprovals';
import { JobAudit } from '../components/JobAudit';
import { JobParams } from '../components/JobParams';
import { LogTail } from '../components/LogTail';
import { StateHistory } from '../components/StateHistory';
import { useJob } from '../queries/jobs';
import { NotFound } from '../components/NotFound';
import { closeJobLog, openJobLog } from '../stores/jobLog';
import { JobAttempts } from '../components/JobAttempts';
import { JobEvidence } from '../components/JobEvidence';
import { LogAttemptSelect } from '../components/LogAttemptSelect';
import '../styles/jobcontrol.css';

/** One job: what it was asked, where it is, what it made, and its live log. */
export function JobScreen({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const { detail, status } = useJob(jobId);
  const attemptNumbers = detail?.attempts.map((attempt) => attempt.attempt) ?? [];
  const images = detail?.files.filter((file) => file.kind === 'evidence' && file.mime.startsWith('image/')) ?? [];
  useEffect(() => {
    openJobLog(jobId);
    return closeJobLog;
  }, [jobId]);

  return (
    <section className="screen job-screen" data-testid="job-screen">
      <nav className="breadcrumb" aria-label={t('common.breadcrumb')}>
        <a href="#/jobs">{t('nav.jobs')}</a>
        <span aria-hidden="true">/</span>
        <span>#{jobId}</span>
      </nav>
      {status === 'not_found' ? (
        <NotFound message={t('notFound.job', { id: String(jobId) })} />
      ) : !detail ? (
        <p className="muted">{status === 'failed' ? t('job.loadFailed', { id: jobId }) : t('job.loading')}</p>
      ) : (
        <>
          <JobHeader job={detail} />
          {detail.error && (
            <section className="error-box" role="alert">
              <strong>{t('job.error')}</strong>
              {/* main's message (e.g. "Cancelled by ana"); translated there in a later step. */}
              <p data-testid="job-error">{detail.error}</p>
            </section>
          )}
          {detail.attempts.length > 1 && (
            <section className="panel" data-testid="job-attempts">
              <h2>{t('job.attempts')}</h2>
              <JobAttempts attempts={detail.attempts} />
            </section>
          )}
          <div className="job-grid">
            <div className="job-main">
              <section className="panel">
                <h2>{t('job.parameters')}</h2>
                <JobParams params={detail.params} />
              </section>
              <section className="panel">
                <h2>{t('job.result')}</h2>
                {detail.result === null || detail.result === undefined ? (
                  <p className="muted small">{t('job.noResult')}</p>
                ) : (
                  <pre className="json" data-testid="job-result">
                    {JSON.stringify(detail.result, null, 2)}
                  </pre>
                )}
              </section>
              {images.length > 0 && (
                <section className="panel">
                  <h2>{t('job.evidence')}</h2>
                  <JobEvidence files={images} />
                </section>
              )}
            </div>
            <div className="job-side">
              <JobApprovals jobId={jobId} />
              <section className="panel">
                <h2>{t('job.history')}</h2>
                <StateHistory transitions={detail.transitions} />
              </section>
              <section className="panel">
                <h2>{t('job.files')}</h2>
                <JobFiles files={detail.files} />
              </section>
              <JobAudit jobId={jobId} />
            </div>
          </div>
        </>
      )}
      {status !== 'not_found' && (
        <section className="panel log-section">
          <div className="log-section-header">
            <h2>{t('job.log')}</h2>
            {attemptNumbers.length > 1 && <LogAttemptSelect attempts={attemptNumbers} />}
          </div>
          <LogTail />
        </section>
      )}
    </section>
  );
}
