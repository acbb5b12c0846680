import { create } from 'zustand';
import type { JobState } from '../../../electron/common/domain';

/** What the Jobs screen is narrowed to; null means any. */
export interface JobFilter {
  state: JobState | null;
  botId: string | null;
  /** Free text the core matches against parameters, error, bot id and who started the job. */
  text: string | null;
  /** Created at or after, epoch ms (local midnight of the chosen day). */
  createdFrom: number | null;
  /** Created at or before, epoch ms (the last millisecond of the chosen day). */
  createdTo: number | null;
}

/** No narrowing: every job. */
export const NO_FILTER: JobFilter = { state: null, botId: null, text: null, createdFrom: null, createdTo: null };

/** True when the filter narrows the list at all. */
export function isFiltered(filter: JobFilter): boolean {
  return filter.state !== null || filter.botId !== null || filter.text !== null || filter.createdFrom !== null || filter.createdTo !== null;
}

/** The filter of the Jobs screen; the rows themselves are in the query cache (queries/jobs). */
export const useJobFilter = create<{ filter: JobFilter }>()(() => ({ filter: NO_FILTER }));
