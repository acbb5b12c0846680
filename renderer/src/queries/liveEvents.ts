import type { JobSummary } from '../../../electron/common/domain';
import { onReconnected, subscribe } from '../api/client';
import { batchPerFrame } from '../lib/frameBatch';
import { announce, isNewRequest } from '../stores/approvalAlerts';
import { applyLogLines, catchUpJobLog } from '../stores/jobLog';
import { applyApprovalUpdate, refreshJobApprovals } from './approvals';
import { refreshCredentials } from './credentials';
import { applyDirectoryEntry } from './directory';
import { applyJobUpdate } from './jobs';
import { refetchAll } from './queryClient';
import { applyScheduleDeleted, applyScheduleUpdate } from './schedules';
import { applyUserUpdate } from './users';

/**
 * Feeds the core's events into the query cache and the log tail once, for the life of the page,
 * and reloads what may have been missed when the connection comes back.
 */
export function connectLiveEvents(): void {
  // A running job reports progress many times a second; only its latest state per frame matters.
  const queueJobUpdate = batchPerFrame<JobSummary>((jobs) => {
    const latest = new Map<number, JobSummary>();
    for (const job of jobs) latest.set(job.id, job);
    for (const job of latest.values()) {
      applyJobUpdate(job);
      refreshJobApprovals(job.id);
    }
  });
  subscribe('job.updated', queueJobUpdate);
  subscribe('log.appended', ({ jobId, lines }) => applyLogLines(jobId, lines));
  subscribe('approval.updated', (approval) => {
    const isNew = isNewRequest(approval);
    applyApprovalUpdate(approval);
    if (isNew) announce(approval);
  });
  subscribe('schedule.updated', applyScheduleUpdate);
  subscribe('schedule.deleted', ({ id }) => applyScheduleDeleted(id));
  subscribe('user.updated', (user) => {
    applyUserUpdate(user);
    applyDirectoryEntry({ username: user.username, displayName: user.displayName });
  });
  subscribe('credentials.changed', refreshCredentials);
  subscribe('app.navigate', ({ route }) => {
    // Only our own screens: a route is a hash path such as "#/approvals/12".
    if (/^#?\//.test(route)) window.location.hash = route.replace(/^#/, '');
  });
  onReconnected(() => {
    refetchAll();
    catchUpJobLog();
  });
}
