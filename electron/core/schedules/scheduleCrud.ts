import { RpaError } from '../../common/errors.js';
import type { MissedPolicy, OverlapPolicy, ScheduleSettings } from '../../common/schedules.js';
import type { NewScheduleRow, ScheduleRow, ScheduleStore } from './scheduleStore.js';

/** A schedule's editable fields, as the contract validated them. */
export interface ScheduleFields {
  name: string;
  kind: ScheduleRow['kind'];
  botId?: string | null;
  params: Record<string, unknown>;
  cron: string;
  timeZone: string;
  enabled: boolean;
  missedPolicy: MissedPolicy;
  missedWithinHours?: number | null;
  overlap: OverlapPolicy;
  settings: ScheduleSettings;
  /** Vault entries the schedule chose for the bot's slots; the others get the bot's default when it fires. */
  credentials?: Record<string, number>;
}

function rowValues(fields: ScheduleFields): Omit<NewScheduleRow, 'createdBy' | 'createdAt' | 'updatedAt'> {
  return {
    name: fields.name,
    kind: fields.kind,
    botId: fields.kind === 'bot' ? (fields.botId ?? null) : null,
    paramsJson: JSON.stringify(fields.kind === 'bot' ? fields.params : {}),
    cron: fields.cron,
    timeZone: fields.timeZone,
    enabled: fields.enabled,
    missedPolicy: fields.missedPolicy,
    missedWithinHours: fields.missedPolicy === 'run_all' ? (fields.missedWithinHours ?? 24) : null,
    overlap: fields.overlap,
    settingsJson: JSON.stringify(fields.settings),
    // Only what the schedule chose: a slot left to the default follows the default as it changes.
    credentialsJson: JSON.stringify(fields.kind === 'bot' ? (fields.credentials ?? {}) : {}),
  };
}

/** The schedule's row, or not_found. */
export function requireSchedule(store: ScheduleStore, id: number): ScheduleRow {
  const row = store.get(id);
  if (!row) throw new RpaError('not_found', `Schedule ${id} not found`);
  return row;
}

/** Saves a new bot schedule; its slots count from now. */
export function insertSchedule(store: ScheduleStore, fields: ScheduleFields, by: string, now: number): ScheduleRow {
  if (fields.kind !== 'bot') throw new RpaError('invalid_input', 'Only bot schedules can be created; the maintenance schedules are built in');
  return store.insert({ ...rowValues(fields), createdBy: by, createdAt: now, updatedAt: now, lastSlotAt: now });
}

/** Saves an edit; slots before it belong to the old expression, so nothing before now counts as missed. */
export function updateSchedule(store: ScheduleStore, id: number, fields: ScheduleFields, now: number): ScheduleRow {
  const current = requireSchedule(store, id);
  if (fields.kind !== current.kind) throw new RpaError('invalid_input', `A ${current.kind} schedule cannot become a ${fields.kind} schedule`);
  return store.update(id, { ...rowValues(fields), updatedAt: now, lastSlotAt: Math.max(now, current.lastSlotAt ?? 0) }) ?? current;
}

/** Turns a schedule on or off; slots while it was off are not missed runs. */
export function enableSchedule(store: ScheduleStore, id: number, enabled: boolean, now: number): ScheduleRow {
  const current = requireSchedule(store, id);
  const values: Partial<NewScheduleRow> =
    enabled && !current.enabled ? { enabled, updatedAt: now, lastSlotAt: Math.max(now, current.lastSlotAt ?? 0) } : { enabled, updatedAt: now };
  return store.update(id, values) ?? current;
}

/** Deletes a bot schedule; the built-in ones stay. */
export function deleteSchedule(store: ScheduleStore, id: number): void {
  if (requireSchedule(store, id).kind !== 'bot') throw new RpaError('conflict', 'The built-in maintenance schedules can be disabled or edited, not deleted');
  store.delete(id);
}
