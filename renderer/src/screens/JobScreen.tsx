import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { JobFiles } from '../components/JobFiles';
import { JobHeader } from '../components/JobHeader';
import { JobApprovals } from '../components/JobApprovals';
import { JobAudit } from '../components/JobAudit';
import { closeJobHuman, openJobHuman } from '../stores/approvals';
import { JobParams } from '../components/JobParams';
import { LogTail } from '../components/LogTail';
import { StateHistory } from '../components/StateHistory';
import { closeJob, openJob, useJobDetail } from '../stores/jobDetail';
import { NotFound } from '../components/NotFound';
import { closeJobLog, openJobLog } from '../stores/jobLog';
import { JobAttempts } from '../components/JobAttempts';
import { JobEvidence } from '../components/JobEvidence';
import { LogAttemptSelect } from '../components/LogAttemptSelect';
import '../styles/jobcontrol.css';

/** One job: what it was asked, where it is, what it made, and its live log. */
export function JobScreen({ jobId }: { jobId: number }) {
  const status = useJobDetail((state) => state.status);
  const detail = useJobDetail((state) => (state.jobId === jobId ? state.detail : null));
  const attemptNumbers = useJobDetail(
    useShallow((state) => (state.jobId === jobId && state.detail ? state.detail.attempts.map((attempt) => attempt.attempt) : [])),
  );
  const images = detail?.files.filter((file) => file.kind === 'evidence' && file.mime.startsWith('image/')) ?? [];
  useEffect(() => {
    openJob(jobId);
    openJobLog(jobId);
    openJobHuman(jobId);
    return () => {
      closeJob();
      closeJobLog();
      closeJobHuman();
    };
  }, [jobId]);

  return (
    <section className="screen job-screen" data-testid="job-screen">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href="#/jobs">Jobs</a>
        <span aria-hidden="true">/</span>
        <span>#{jobId}</span>
      </nav>
      {status === 'not_found' ? (
        <NotFound message={`Job ${jobId} not found`} />
      ) : !detail ? (
        <p className="muted">{status === 'failed' ? `Job ${jobId} could not be loaded.` : 'Loading job…'}</p>
      ) : (
        <>
          <JobHeader job={detail} />
          {detail.error && (
            <section className="error-box" role="alert">
              <strong>Error</strong>
              <p data-testid="job-error">{detail.error}</p>
            </section>
          )}
          {detail.attempts.length > 1 && (
            <section className="panel" data-testid="job-attempts">
              <h2>Attempts</h2>
              <JobAttempts attempts={detail.attempts} />
            </section>
          )}
          <div className="job-grid">
            <div className="job-main">
              <section className="panel">
                <h2>Parameters</h2>
                <JobParams params={detail.params} />
              </section>
              <section className="panel">
                <h2>Result</h2>
                {detail.result === null || detail.result === undefined ? (
                  <p className="muted small">No result yet.</p>
                ) : (
                  <pre className="json" data-testid="job-result">
                    {JSON.stringify(detail.result, null, 2)}
                  </pre>
                )}
              </section>
              {images.length > 0 && (
                <section className="panel">
                  <h2>Evidence</h2>
                  <JobEvidence files={images} />
                </section>
              )}
            </div>
            <div className="job-side">
              <JobApprovals />
              <section className="panel">
                <h2>State history</h2>
                <StateHistory transitions={detail.transitions} />
              </section>
              <section className="panel">
                <h2>Files</h2>
                <JobFiles files={detail.files} />
              </section>
              <JobAudit />
            </div>
          </div>
        </>
      )}
      {status !== 'not_found' && (
        <section className="panel log-section">
          <div className="log-section-header">
            <h2>Log</h2>
            {attemptNumbers.length > 1 && <LogAttemptSelect attempts={attemptNumbers} />}
          </div>
          <LogTail />
        </section>
      )}
    </section>
  );
}
