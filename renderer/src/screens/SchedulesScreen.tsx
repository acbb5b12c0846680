import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleMiss, ScheduleSummary } from '../../../electron/common/schedules';
import { localTimeZone, ScheduleEditor } from '../components/ScheduleEditor';
import { JOB_STATES } from '../../../electron/common/domain';
import { formatDateRange, formatDateTime } from '../format/time';
import { useNow } from '../hooks/useNow';
import { jobHref } from '../router/routes';
import { useBots } from '../queries/botList';
import { deleteSchedule, runScheduleNow, setScheduleEnabled, useSchedules } from '../queries/schedules';
import { usePermission } from '../stores/session';
import '../styles/schedules.css';

const KIND_LABELS = { bot: 'schedules.kind.bot', cleanup: 'schedules.kind.maintenance', backup: 'schedules.kind.maintenance' } as const;

/** Every schedule with what it runs, when it runs next, how it went, and its editor. */
export function SchedulesScreen() {
  const { t } = useTranslation();
  const { schedules, status } = useSchedules();
  const { bots } = useBots();
  const [editing, setEditing] = useState<ScheduleSummary | 'new' | null>(null);
  const mayManage = usePermission('schedules.manage');

  return (
    <section className="screen" data-testid="schedules-screen">
      <header className="screen-header">
        <h1>{t('nav.schedules')}</h1>
        {mayManage && (
          <button
            type="button"
            className="button primary"
            data-testid="schedule-new"
            disabled={editing !== null || bots.length === 0}
            onClick={() => setEditing('new')}
          >
            {t('schedules.new')}
          </button>
        )}
      </header>
      <p className="muted small">{t('schedules.localTimes', { zone: localTimeZone() })}</p>
      {editing !== null && mayManage && (
        <ScheduleEditor
          key={editing === 'new' ? 'new' : editing.id}
          schedule={editing === 'new' ? null : editing}
          bots={bots}
          onDone={() => setEditing(null)}
        />
      )}
      <div className="schedule-list">
        {schedules.map((schedule) => (
          <ScheduleCard key={schedule.id} schedule={schedule} onEdit={() => setEditing(schedule)} mayManage={mayManage} />
        ))}
      </div>
      {schedules.length === 0 && (
        <p className="empty">{status === 'ready' ? t('schedules.empty') : status === 'failed' ? t('schedules.loadFailed') : t('schedules.loading')}</p>
      )}
    </section>
  );
}

function ScheduleCard({ schedule, onEdit, mayManage }: { schedule: ScheduleSummary; onEdit: () => void; mayManage: boolean }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const now = useNow(true);
  const upcoming = schedule.nextRuns.filter((run) => run.at > now - 1000);
  const { counters } = schedule;
  return (
    <article className={schedule.enabled ? 'panel schedule-card' : 'panel schedule-card disabled'} data-testid={`schedule-${schedule.id}`}>
      <header className="schedule-card-header">
        <div>
          <h2 className="schedule-name" data-testid="schedule-title">
            {schedule.name}
          </h2>
          <p className="muted small">
            {/* Names, descriptions and DST notes of schedules are main's words; translated there in a later step. */}
            {schedule.kind === 'bot' ? (
              <>
                {t(KIND_LABELS.bot)}: <strong>{schedule.botTitle}</strong>
                {Object.keys(schedule.params).length > 0 && <code className="params"> {JSON.stringify(schedule.params)}</code>}
              </>
            ) : (
              <>
                {t(KIND_LABELS[schedule.kind])}:{' '}
                {schedule.kind === 'cleanup'
                  ? t('schedules.cleanup', { count: schedule.settings.olderThanDays ?? 90 })
                  : t('schedules.backup', { count: schedule.settings.keep ?? 7 })}
              </>
            )}
          </p>
        </div>
        <span className={schedule.enabled ? 'badge state-succeeded' : 'badge state-cancelled'} data-testid="schedule-state">
          {schedule.enabled ? t('schedules.enabled') : t('schedules.disabled')}
        </span>
      </header>
      <div className="schedule-body">
        <div>
          <p className="schedule-when">
            <code data-testid="schedule-cron-text">{schedule.cron}</code> <span data-testid="schedule-words">{schedule.description}</span>
          </p>
          <p className="muted small">
            {t('schedules.timeZone', { zone: schedule.timeZone })} ·{' '}
            {schedule.missedPolicy === 'run_all'
              ? t('schedules.missed.run_allWithin', { hours: schedule.missedWithinHours ?? 24 })
              : t(`schedules.missed.${schedule.missedPolicy}`)}{' '}
            · {t(`schedules.overlap.${schedule.overlap}`)}
          </p>
          <p className="muted small">{schedule.dstNote}</p>
        </div>
        <div>
          <h3>{t('schedules.nextRuns')}</h3>
          {schedule.enabled ? (
            <ol className="run-list" data-testid="schedule-next-runs">
              {upcoming.map((run) => (
                <li key={run.at}>
                  {formatDateTime(run.at)}
                  {run.note && <span className="dst-note"> — {run.note}</span>}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted small" data-testid="schedule-next-runs">
              {t('schedules.noneWhileDisabled')}
            </p>
          )}
        </div>
        <div>
          <h3>{t('schedules.lastRun')}</h3>
          <p className="small" data-testid="schedule-last-run">
            {schedule.lastRun ? (
              <>
                {formatDateTime(schedule.lastRun.at)}{' '}
                <span className={`badge state-${schedule.lastRun.state}`} data-state={schedule.lastRun.state}>
                  {lastRunStateLabel(t, schedule.lastRun.state)}
                </span>
                {schedule.lastRun.jobId !== null && (
                  <>
                    {' '}
                    <a href={jobHref(schedule.lastRun.jobId)} data-testid="schedule-last-job">
                      {t('schedules.lastJob', { id: schedule.lastRun.jobId })}
                    </a>
                  </>
                )}
                {schedule.lastRun.message && <span className="muted"> {schedule.lastRun.message}</span>}
              </>
            ) : (
              <span className="muted">{t('schedules.notRunYet')}</span>
            )}
          </p>
          <p className="small counters" data-testid="schedule-counters">
            {[
              t('schedules.counters.runs', { count: counters.runs }),
              t('schedules.counters.succeeded', { count: counters.succeeded }),
              t('schedules.counters.failed', { count: counters.failed }),
              ...(counters.skippedOverlap > 0 ? [t('schedules.counters.skipped', { count: counters.skippedOverlap })] : []),
              ...(counters.queued > 0 ? [t('schedules.counters.waiting', { count: counters.queued })] : []),
            ].join(' · ')}
          </p>
          {schedule.misses.map((miss) => (
            <p className="small miss" key={`${miss.detectedAt}-${miss.lastSlotAt}`} data-testid="schedule-miss">
              {describeMiss(t, miss)}
            </p>
          ))}
        </div>
      </div>
      {mayManage && (
        <footer className="schedule-actions">
          <button type="button" className="button small" data-testid="schedule-edit" onClick={onEdit}>
            {t('schedules.edit')}
          </button>
          <button type="button" className="button small" data-testid="schedule-toggle" onClick={() => void setScheduleEnabled(schedule.id, !schedule.enabled)}>
            {schedule.enabled ? t('schedules.disable') : t('schedules.enable')}
          </button>
          <button type="button" className="button small" data-testid="schedule-run-now" onClick={() => void runScheduleNow(schedule.id)}>
            {t('jobActions.runNow')}
          </button>
          {schedule.kind === 'bot' &&
            (confirming ? (
              <>
                <button type="button" className="button small danger" data-testid="schedule-delete-confirm" onClick={() => void deleteSchedule(schedule.id)}>
                  {t('schedules.deleteConfirm')}
                </button>
                <button type="button" className="button small" onClick={() => setConfirming(false)}>
                  {t('schedules.keep')}
                </button>
              </>
            ) : (
              <button type="button" className="button small" data-testid="schedule-delete" onClick={() => setConfirming(true)}>
                {t('schedules.delete')}
              </button>
            ))}
        </footer>
      )}
    </article>
  );
}

function describeMiss(t: TFunction, miss: ScheduleMiss): string {
  const caught = t('schedules.miss.caughtUp', { count: miss.caughtUp, time: formatDateTime(miss.detectedAt) });
  const range = miss.missed === 1 ? formatDateTime(miss.firstSlotAt) : formatDateRange(miss.firstSlotAt, miss.lastSlotAt);
  return t('schedules.miss.summary', { reason: t(`schedules.miss.reason.${miss.reason}`), missed: miss.missed, range, caught });
}

function lastRunStateLabel(t: TFunction, state: string): string {
  const known = JOB_STATES.find((candidate) => candidate === state);
  // A slot that made no job (skipped, failed to start) has the scheduler's own word, shown as is.
  return known ? t(`jobState.${known}`) : state.replace('_', ' ');
}
