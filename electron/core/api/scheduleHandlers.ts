import type { scheduleCommands } from '../../common/scheduleContract.js';
import { RpaError } from '../../common/errors.js';
import type { BotCatalog } from '../bots/catalog.js';
import type { Clock } from '../schedules/clock.js';
import { CronSyntaxError } from '../schedules/cronSchedule.js';
import type { ScheduleFields, Scheduler } from '../schedules/scheduler.js';
import { checkSchedule, previewSchedule } from '../schedules/scheduleView.js';
import { requireBot } from './caller.js';
import type { Handlers } from './router.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { ScheduleSummary } from '../../common/schedules.js';

/** What the schedule handlers work with. */
export interface ScheduleHandlerDeps {
  scheduler: Scheduler;
  catalog: BotCatalog;
  clock: Clock;
  audit: AuditLog;
}

/** What the audit keeps of a schedule: what an editor can change, not its computed views. */
function auditView(s: ScheduleSummary): Record<string, unknown> {
  return {
    name: s.name,
    kind: s.kind,
    botId: s.botId,
    params: s.params,
    cron: s.cron,
    timeZone: s.timeZone,
    enabled: s.enabled,
    missedPolicy: s.missedPolicy,
    missedWithinHours: s.missedWithinHours,
    overlap: s.overlap,
    settings: s.settings,
  };
}

type ScheduleHandlers = Pick<Handlers, keyof typeof scheduleCommands>;

/** The schedule commands: each input checked again here (expression, zone, bot, parameters) before it is saved. */
export function createScheduleHandlers(deps: ScheduleHandlerDeps): ScheduleHandlers {
  function checked(fields: ScheduleFields): ScheduleFields {
    try {
      checkSchedule(fields.cron, fields.timeZone);
    } catch (err) {
      if (err instanceof CronSyntaxError) {
        const field = err.message.startsWith('Unknown time zone') ? 'timeZone' : 'cron';
        throw new RpaError('invalid_input', err.message, { [field]: err.message });
      }
      throw err;
    }
    if (fields.kind !== 'bot') return fields;
    if (!fields.botId) throw new RpaError('invalid_input', 'Choose the bot this schedule runs', { botId: 'Choose a bot' });
    return { ...fields, params: deps.catalog.validateParams(fields.botId, fields.params) };
  }

  return {
    'schedules.list': () => deps.scheduler.list(),
    'schedules.get': (input) => deps.scheduler.get(input.scheduleId),
    'schedules.preview': (input) => previewSchedule(input.cron, input.timeZone, deps.clock.now(), input.count),
    'schedules.create': (input, caller) => {
      if (input.botId) requireBot(caller, input.botId);
      const created = deps.scheduler.create(checked(input), caller.user);
      deps.audit.record(caller.user, 'schedule.created', { type: 'schedule', id: created.id }, { after: auditView(created) });
      return created;
    },
    'schedules.update': ({ scheduleId, ...fields }, caller) => {
      const before = deps.scheduler.get(scheduleId);
      if (before.botId) requireBot(caller, before.botId);
      if (fields.botId) requireBot(caller, fields.botId);
      const after = deps.scheduler.update(scheduleId, checked(fields));
      deps.audit.record(caller.user, 'schedule.updated', { type: 'schedule', id: scheduleId }, { before: auditView(before), after: auditView(after) });
      return after;
    },
    'schedules.setEnabled': (input, caller) => {
      const after = deps.scheduler.setEnabled(input.scheduleId, input.enabled);
      deps.audit.record(caller.user, input.enabled ? 'schedule.enabled' : 'schedule.disabled', { type: 'schedule', id: input.scheduleId });
      return after;
    },
    'schedules.delete': (input, caller) => {
      const before = deps.scheduler.get(input.scheduleId);
      deps.scheduler.delete(input.scheduleId);
      deps.audit.record(caller.user, 'schedule.deleted', { type: 'schedule', id: input.scheduleId }, { before: auditView(before) });
      return { deleted: true } as const;
    },
    'schedules.runNow': (input, caller) => {
      const current = deps.scheduler.get(input.scheduleId);
      if (current.botId) requireBot(caller, current.botId);
      const after = deps.scheduler.runNow(input.scheduleId, caller.user);
      deps.audit.record(caller.user, 'schedule.run_now', { type: 'schedule', id: input.scheduleId }, { jobId: after.lastRun?.jobId ?? null });
      return after;
    },
  };
}
