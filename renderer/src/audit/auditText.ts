import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../electron/common/auditContract';
import { JOB_STATES } from '../../../electron/common/domain';
import { formatDateTime } from '../format/time';

// Actions whose words need nothing from the entry's detail.
const PLAIN_ACTIONS = [
  'job.created',
  'job.rerun',
  'job.run_now',
  'session.signed_in',
  'session.signed_out',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password_changed',
  'user.password_reset',
  'credential.created',
  'credential.updated',
  'credential.deleted',
  'credential.default_set',
  'credential.used',
  'vault.key_rotated',
  'schedule.created',
  'schedule.updated',
  'schedule.deleted',
  'schedule.enabled',
  'schedule.disabled',
  'schedule.run_now',
] as const;

/** Actions the renderer can say in words (the filter suggests them); anything else shows as the core recorded it. */
export const KNOWN_ACTIONS: readonly string[] = [
  ...PLAIN_ACTIONS,
  'job.cancelled',
  'job.rescheduled',
  'approval.decided',
  'approval.timed_out',
  'handoff.continue',
  'handoff.abort',
  'session.sign_in_failed',
];

function isPlain(action: string): action is (typeof PLAIN_ACTIONS)[number] {
  return (PLAIN_ACTIONS as readonly string[]).includes(action);
}

/** What an entry's actor did, in words: "started the job", "approved “Upload 3 invoices?”", "signed in". */
export function actionText(t: TFunction, entry: AuditEntry): string {
  const d = entry.detail;
  // A request's title is the bot's text; with none, the sentence simply leaves it out.
  const title = typeof d.title === 'string' ? t('audit.quotedTitle', { title: d.title }) : '';
  const action = entry.action;
  if (isPlain(action)) return t(`auditAction.${action}`);
  switch (action) {
    case 'job.cancelled':
      return typeof d.from === 'string' ? t('audit.cancelledFrom', { state: stateLabel(t, d.from) }) : t('audit.cancelled');
    case 'job.rescheduled':
      return typeof d.runAt === 'number' ? t('audit.rescheduledTo', { time: formatDateTime(d.runAt) }) : t('audit.rescheduled');
    case 'approval.decided':
      if (d.decision === 'approved') return t('audit.approved', { title });
      if (d.decision === 'rejected') return t('audit.rejected', { title });
      // A custom choice's label is the bot's text.
      return t('audit.chose', { choice: typeof d.decision === 'string' ? d.decision : '—', title });
    case 'approval.timed_out':
      return t('audit.timedOut', { title });
    case 'handoff.continue':
      return t('audit.handedBack', { title });
    case 'handoff.abort':
      return t('audit.abortedHandoff', { title });
    case 'session.sign_in_failed':
      return isFailure(d.reason) ? t('auditAction.signInFailedBecause', { reason: t(`auditAction.signInFailure.${d.reason}`) }) : t('auditAction.signInFailed');
    default:
      return action;
  }
}

const FAILURES = ['wrong_password', 'unknown_user', 'locked', 'disabled'] as const;

function isFailure(value: unknown): value is (typeof FAILURES)[number] {
  return typeof value === 'string' && (FAILURES as readonly string[]).includes(value);
}

function stateLabel(t: TFunction, state: string): string {
  const known = JOB_STATES.find((candidate) => candidate === state);
  return known ? t(`jobState.${known}`) : state;
}

/** What changed in an edit, field by field: `[name, before, after]` for each value that differs. */
export function changedFields(detail: Record<string, unknown>): [string, string, string][] {
  // A single value changed (a bot's default entry): before → after, with no field name.
  if (isScalar(detail.before) || isScalar(detail.after)) {
    const was = shown(detail.before);
    const now = shown(detail.after);
    return was === now ? [] : [['', was, now]];
  }
  const before = asRecord(detail.before);
  const after = asRecord(detail.after);
  // Only one side (something created, or deleted) is a record of values, not a change.
  if (!before || !after) return [];
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.flatMap((key): [string, string, string][] => {
    const was = shown(before?.[key]);
    const now = shown(after?.[key]);
    return was === now ? [] : [[key, was, now]];
  });
}

/** The values of something created (`after` only) or deleted (`before` only), as `[name, value]`. */
export function recordedValues(detail: Record<string, unknown>): [string, string][] {
  const before = asRecord(detail.before);
  const after = asRecord(detail.after);
  const only = after && !before ? after : before && !after ? before : null;
  return only ? Object.entries(only).map(([key, value]) => [key, shown(value)]) : [];
}

/** A recorded value as one line of text. */
export function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.join(', ');
  return JSON.stringify(value);
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
