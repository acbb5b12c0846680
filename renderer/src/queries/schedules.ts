import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CommandInput } from '../../../electron/common/contract';
import type { ScheduleSummary } from '../../../electron/common/schedules';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { showError } from '../stores/toasts';
import { loadStatus, queryClient, type LoadStatus } from './queryClient';

/** What the editor saves. */
export type ScheduleDraft = CommandInput<'schedules.create'>;

/** The schedules, in id order, kept live from `schedule.updated` and `schedule.deleted`. */
export const schedulesQuery = queryOptions({
  queryKey: ['schedules.list'],
  queryFn: () => call('schedules.list', {}),
  meta: { errorContext: () => i18n.t('errors.schedules') },
});

/** The Schedules screen's rows. */
export function useSchedules(): { schedules: ScheduleSummary[]; status: LoadStatus } {
  const query = useQuery(schedulesQuery);
  return { schedules: query.data ?? [], status: loadStatus(query) };
}

/** Puts a schedule the core reported into the list, in id order. */
export function applyScheduleUpdate(schedule: ScheduleSummary): void {
  queryClient.setQueryData(schedulesQuery.queryKey, (schedules) => {
    if (!schedules) return schedules;
    const index = schedules.findIndex((s) => s.id === schedule.id);
    if (index >= 0) return schedules.with(index, schedule);
    return [...schedules, schedule].sort((a, b) => a.id - b.id);
  });
}

/** Takes a deleted schedule out of the list. */
export function applyScheduleDeleted(id: number): void {
  queryClient.setQueryData(schedulesQuery.queryKey, (schedules) => schedules?.filter((s) => s.id !== id));
}

/** Creates (id null) or updates a schedule; throws the core's error for the editor to show. */
export async function saveSchedule(id: number | null, draft: ScheduleDraft): Promise<ScheduleSummary> {
  const saved = id === null ? await call('schedules.create', draft) : await call('schedules.update', { ...draft, scheduleId: id });
  applyScheduleUpdate(saved);
  return saved;
}

/** Turns a schedule on or off. */
export async function setScheduleEnabled(id: number, enabled: boolean): Promise<void> {
  try {
    applyScheduleUpdate(await call('schedules.setEnabled', { scheduleId: id, enabled }));
  } catch (err) {
    showError(err, enabled ? i18n.t('errors.enableSchedule') : i18n.t('errors.disableSchedule'));
  }
}

/** Runs a schedule once, now. */
export async function runScheduleNow(id: number): Promise<void> {
  try {
    applyScheduleUpdate(await call('schedules.runNow', { scheduleId: id }));
  } catch (err) {
    showError(err, i18n.t('errors.runSchedule'));
  }
}

/** Deletes a schedule. */
export async function deleteSchedule(id: number): Promise<void> {
  try {
    await call('schedules.delete', { scheduleId: id });
    applyScheduleDeleted(id);
  } catch (err) {
    showError(err, i18n.t('errors.deleteSchedule'));
  }
}
