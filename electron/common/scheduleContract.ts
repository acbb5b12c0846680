import { z } from 'zod';
import { BotParamsSchema } from './botParams.js';
import { CredentialChoiceSchema } from './vaultContract.js';
import { MISSED_POLICIES, OVERLAP_POLICIES, SCHEDULE_KINDS, ScheduleSettingsSchema, type SchedulePreview, type ScheduleSummary } from './schedules.js';

const ScheduleId = z.number().int().positive();
const CronText = z.string().trim().min(1, 'Enter a cron expression').max(200);
const TimeZone = z.string().min(1).max(64);

/** Everything the editor saves; `botId` and `params` only for bot schedules. */
const ScheduleFields = {
  name: z.string().trim().min(1, 'Give the schedule a name').max(100),
  kind: z.enum(SCHEDULE_KINDS).default('bot'),
  botId: z.string().min(1).max(100).nullable().optional(),
  params: BotParamsSchema.default({}),
  cron: CronText,
  timeZone: TimeZone,
  enabled: z.boolean().default(true),
  missedPolicy: z.enum(MISSED_POLICIES).default('skip'),
  missedWithinHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .nullable()
    .optional(),
  overlap: z.enum(OVERLAP_POLICIES).default('skip'),
  settings: ScheduleSettingsSchema.default({}),
  /** Vault entries for the bot's credential slots; a slot left out gets the bot's default. */
  credentials: CredentialChoiceSchema.default({}),
};

/** The schedule commands, spread into `commands` of the contract. */
export const scheduleCommands = {
  'schedules.list': { permission: 'jobs.read', input: z.object({}).strict(), output: [] as ScheduleSummary[] },
  'schedules.get': { permission: 'jobs.read', input: z.object({ scheduleId: ScheduleId }).strict(), output: {} as ScheduleSummary },
  'schedules.preview': {
    permission: 'jobs.read',
    input: z.object({ cron: z.string().max(200), timeZone: TimeZone, count: z.number().int().min(1).max(20).optional() }).strict(),
    output: {} as SchedulePreview,
  },
  'schedules.create': { permission: 'schedules.manage', input: z.object(ScheduleFields).strict(), output: {} as ScheduleSummary },
  'schedules.update': {
    permission: 'schedules.manage',
    input: z.object({ scheduleId: ScheduleId, ...ScheduleFields }).strict(),
    output: {} as ScheduleSummary,
  },
  'schedules.setEnabled': {
    permission: 'schedules.manage',
    input: z.object({ scheduleId: ScheduleId, enabled: z.boolean() }).strict(),
    output: {} as ScheduleSummary,
  },
  'schedules.delete': { permission: 'schedules.manage', input: z.object({ scheduleId: ScheduleId }).strict(), output: {} as { deleted: true } },
  'schedules.runNow': { permission: 'schedules.manage', input: z.object({ scheduleId: ScheduleId }).strict(), output: {} as ScheduleSummary },
} as const;

/** Events about schedules, merged into `Events` of the contract. */
export interface ScheduleEvents {
  'schedule.updated': ScheduleSummary;
  'schedule.deleted': { id: number };
}
