import type { JobSummary } from '../../../electron/common/domain';
import { onReconnected, subscribe } from '../api/client';
import { batchPerFrame } from '../lib/frameBatch';
import { loadAppInfo } from './appInfo';
import { reloadBots, useBots } from './botList';
import { applyJobUpdateToDetail, reloadJob } from './jobDetail';
import { applyLogLines, catchUpJobLog } from './jobLog';
import { applyJobUpdate, reloadJobs, useJobs } from './jobs';

/**
 * Feeds the core's events to every store once, for the life of the page, and reloads what may
 * have been missed when the connection comes back.
 */
export function connectStores(): void {
  // A running job reports progress many times a second; only its latest state per frame matters.
  const queueJobUpdate = batchPerFrame<JobSummary>((jobs) => {
    const latest = new Map<number, JobSummary>();
    for (const job of jobs) latest.set(job.id, job);
    for (const job of latest.values()) {
      applyJobUpdate(job);
      applyJobUpdateToDetail(job);
    }
  });
  subscribe('job.updated', queueJobUpdate);
  subscribe('log.appended', ({ jobId, lines }) => applyLogLines(jobId, lines));
  onReconnected(() => {
    void loadAppInfo();
    if (useBots.getState().status !== 'idle') void reloadBots();
    if (useJobs.getState().status !== 'idle') void reloadJobs();
    reloadJob();
    catchUpJobLog();
  });
  void loadAppInfo();
}
