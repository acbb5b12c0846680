import { create } from 'zustand';
import type { JobDetail, JobSummary } from '../../../electron/common/domain';
import { RpaError } from '../../../electron/common/errors';
import { call } from '../api/client';
import { throttleTask } from '../lib/throttle';
import { showError } from './toasts';
import { i18n } from '../i18n';

interface JobDetailState {
  jobId: number | null;
  detail: JobDetail | null;
  status: 'idle' | 'loading' | 'ready' | 'not_found' | 'failed';
}

/** A live job refetches its detail at most this often, however fast its events come. */
const REFRESH_INTERVAL_MS = 250;

/** The job open on the Job screen. */
export const useJobDetail = create<JobDetailState>()(() => ({ jobId: null, detail: null, status: 'idle' }));

const refresh = throttleTask(async () => {
  const { jobId } = useJobDetail.getState();
  if (jobId !== null) await fetchDetail(jobId);
}, REFRESH_INTERVAL_MS);

/** Shows `jobId` on the Job screen. */
export function openJob(jobId: number): void {
  refresh.cancel();
  useJobDetail.setState({ jobId, detail: null, status: 'loading' });
  void fetchDetail(jobId);
}

/** Forgets the open job when the Job screen goes away. */
export function closeJob(): void {
  refresh.cancel();
  useJobDetail.setState({ jobId: null, detail: null, status: 'idle' });
}

/** Loads the open job again, after a reconnection. */
export function reloadJob(): void {
  if (useJobDetail.getState().jobId !== null) refresh.request();
}

/**
 * Shows a change of the open job at once (state, progress, step come with the event) and
 * refetches the rest (history, files, result) throttled.
 */
export function applyJobUpdateToDetail(job: JobSummary): void {
  const { jobId, detail } = useJobDetail.getState();
  if (job.id !== jobId) return;
  if (detail) useJobDetail.setState({ detail: { ...detail, ...job } });
  refresh.request();
}

async function fetchDetail(jobId: number): Promise<void> {
  try {
    const detail = await call('jobs.get', { jobId });
    if (useJobDetail.getState().jobId !== jobId) return;
    useJobDetail.setState({ detail, status: 'ready' });
  } catch (err) {
    if (useJobDetail.getState().jobId !== jobId) return;
    if (err instanceof RpaError && err.code === 'not_found') {
      useJobDetail.setState({ detail: null, status: 'not_found' });
      return;
    }
    // Keep showing what we have; a failed refresh of a shown job is only worth a toast.
    if (!useJobDetail.getState().detail) useJobDetail.setState({ status: 'failed' });
    showError(err, i18n.t('errors.job', { id: jobId }));
  }
}
