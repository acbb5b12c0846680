import type { scheduleCommands } from '../../common/scheduleContract.js';
import { RpaError } from '../../common/errors.js';
import type { BotCatalog } from '../bots/catalog.js';
import type { Clock } from '../schedules/clock.js';
import { CronSyntaxError } from '../schedules/cron.js';
import type { ScheduleFields, Scheduler } from '../schedules/scheduler.js';
import { checkSchedule, previewSchedule } from '../schedules/scheduleView.js';
import type { Handlers } from './router.js';

/** What the schedule handlers work with. */
export interface ScheduleHandlerDeps {
  scheduler: Scheduler;
  catalog: BotCatalog;
  clock: Clock;
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
    'schedules.create': (input, caller) => deps.scheduler.create(checked(input), caller.user),
    'schedules.update': ({ scheduleId, ...fields }) => deps.scheduler.update(scheduleId, checked(fields)),
    'schedules.setEnabled': (input) => deps.scheduler.setEnabled(input.scheduleId, input.enabled),
    'schedules.delete': (input) => {
      deps.scheduler.delete(input.scheduleId);
      return { deleted: true } as const;
    },
    'schedules.runNow': (input, caller) => deps.scheduler.runNow(input.scheduleId, caller.user),
  };
}
