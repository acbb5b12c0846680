import { jobHref } from '../router/routes';

/**
 * Why a queued job waits, e.g. "Waiting for lock carrier-portal:A held by job 412", with the
 * blocking job as a link when the text names one. The text is main's, in English until main
 * translates it (a later step); the link is found by its "job 412" ending.
 */
export function WaitReason({ reason, className }: { reason: string; className?: string }) {
  const match = /^(.*\bjob )#?(\d+)(.*)$/s.exec(reason);
  const jobId = match ? Number(match[2]) : NaN;
  return (
    <span className={className ?? 'wait-reason'} data-testid="job-wait-reason" title={reason}>
      {match && Number.isSafeInteger(jobId) && jobId > 0 ? (
        <>
          {match[1]}
          {/* Inside a clickable Jobs row the link opens the blocking job, not the row's own. */}
          <a href={jobHref(jobId)} onClick={(event) => event.stopPropagation()}>
            {match[2]}
          </a>
          {match[3]}
        </>
      ) : (
        reason
      )}
    </span>
  );
}
