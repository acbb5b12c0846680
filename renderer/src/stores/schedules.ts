import { create } from 'zustand';
import type { CommandInput } from '../../../electron/common/contract';
import type { ScheduleSummary } from '../../../electron/common/schedules';
import { call, onReconnected, subscribe } from '../api/client';
import { showError } from './toasts';
import { i18n } from '../i18n';

interface SchedulesState {
  schedules: ScheduleSummary[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
}

/** The Schedules screen's rows, kept live from `schedule.updated` and `schedule.deleted`. */
export const useSchedules = create<SchedulesState>()(() => ({ schedules: [], status: 'idle' }));

/** What the editor saves. */
export type ScheduleDraft = CommandInput<'schedules.create'>;

let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  subscribe('schedule.updated', applyScheduleUpdate);
  subscribe('schedule.deleted', ({ id }) => useSchedules.setState(({ schedules }) => ({ schedules: schedules.filter((s) => s.id !== id) })));
  onReconnected(() => void reloadSchedules());
}

/** Loads the schedules unless they are loaded or loading, and follows their changes from then on. */
export function ensureSchedulesLoaded(): void {
  listen();
  const { status } = useSchedules.getState();
  if (status === 'idle' || status === 'failed') void reloadSchedules();
}

/** Loads the schedules again. */
export async function reloadSchedules(): Promise<void> {
  useSchedules.setState({ status: 'loading' });
  try {
    const schedules = await call('schedules.list', {});
    useSchedules.setState({ schedules, status: 'ready' });
  } catch (err) {
    useSchedules.setState({ status: 'failed' });
    showError(err, i18n.t('errors.schedules'));
  }
}

/** Puts a schedule the core reported into the list, in id order. */
export function applyScheduleUpdate(schedule: ScheduleSummary): void {
  useSchedules.setState(({ schedules }) => {
    const index = schedules.findIndex((s) => s.id === schedule.id);
    if (index >= 0) return { schedules: schedules.with(index, schedule) };
    return { schedules: [...schedules, schedule].sort((a, b) => a.id - b.id) };
  });
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
    useSchedules.setState(({ schedules }) => ({ schedules: schedules.filter((s) => s.id !== id) }));
  } catch (err) {
    showError(err, i18n.t('errors.deleteSchedule'));
  }
}
