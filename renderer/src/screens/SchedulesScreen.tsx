import { useEffect, useState } from 'react';
import type { ScheduleMiss, ScheduleSummary } from '../../../electron/common/schedules';
import { localTimeZone, ScheduleEditor } from '../components/ScheduleEditor';
import { formatDateTime } from '../format/time';
import { useNow } from '../hooks/useNow';
import { jobHref } from '../router/routes';
import { ensureBotsLoaded, useBots } from '../stores/botList';
import { deleteSchedule, ensureSchedulesLoaded, runScheduleNow, setScheduleEnabled, useSchedules } from '../stores/schedules';
import '../styles/schedules.css';

const KIND_LABELS = { bot: 'Bot', cleanup: 'Maintenance', backup: 'Maintenance' } as const;
const MISSED_LABELS = { skip: 'skip missed runs', run_once: 'run once to catch up', run_all: 'run all missed' } as const;
const OVERLAP_LABELS = { skip: 'skip if still running', queue: 'queue after the previous run', parallel: 'run in parallel' } as const;
const REASON_LABELS = { app_closed: 'while the app was closed', sleep: 'while the computer slept', late: 'while the app was busy' } as const;

/** Every schedule with what it runs, when it runs next, how it went, and its editor. */
export function SchedulesScreen() {
  const schedules = useSchedules((state) => state.schedules);
  const status = useSchedules((state) => state.status);
  const bots = useBots((state) => state.bots);
  const [editing, setEditing] = useState<ScheduleSummary | 'new' | null>(null);
  useEffect(() => {
    ensureSchedulesLoaded();
    ensureBotsLoaded();
  }, []);

  return (
    <section className="screen" data-testid="schedules-screen">
      <header className="screen-header">
        <h1>Schedules</h1>
        <button type="button" className="button primary" data-testid="schedule-new" disabled={editing !== null || bots.length === 0} onClick={() => setEditing('new')}>
          New schedule
        </button>
      </header>
      <p className="muted small">Times are shown in your local time ({localTimeZone()}).</p>
      {editing !== null && (
        <ScheduleEditor key={editing === 'new' ? 'new' : editing.id} schedule={editing === 'new' ? null : editing} bots={bots} onDone={() => setEditing(null)} />
      )}
      <div className="schedule-list">
        {schedules.map((schedule) => (
          <ScheduleCard key={schedule.id} schedule={schedule} onEdit={() => setEditing(schedule)} />
        ))}
      </div>
      {schedules.length === 0 && <p className="empty">{status === 'ready' ? 'No schedules yet.' : status === 'failed' ? 'The schedules could not be loaded.' : 'Loading schedules…'}</p>}
    </section>
  );
}

function ScheduleCard({ schedule, onEdit }: { schedule: ScheduleSummary; onEdit: () => void }) {
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
            {schedule.kind === 'bot' ? (
              <>
                {KIND_LABELS.bot}: <strong>{schedule.botTitle}</strong>
                {Object.keys(schedule.params).length > 0 && <code className="params"> {JSON.stringify(schedule.params)}</code>}
              </>
            ) : (
              <>
                {KIND_LABELS[schedule.kind]}: {schedule.kind === 'cleanup' ? `delete logs and files of jobs older than ${schedule.settings.olderThanDays ?? 90} days` : `back up the database, keep the last ${schedule.settings.keep ?? 7}`}
              </>
            )}
          </p>
        </div>
        <span className={schedule.enabled ? 'badge state-succeeded' : 'badge state-cancelled'} data-testid="schedule-state">
          {schedule.enabled ? 'enabled' : 'disabled'}
        </span>
      </header>
      <div className="schedule-body">
        <div>
          <p className="schedule-when">
            <code data-testid="schedule-cron-text">{schedule.cron}</code> <span data-testid="schedule-words">{schedule.description}</span>
          </p>
          <p className="muted small">
            Time zone {schedule.timeZone} · {MISSED_LABELS[schedule.missedPolicy]}
            {schedule.missedPolicy === 'run_all' ? ` within ${schedule.missedWithinHours ?? 24} h` : ''} · {OVERLAP_LABELS[schedule.overlap]}
          </p>
          <p className="muted small">{schedule.dstNote}</p>
        </div>
        <div>
          <h3>Next runs</h3>
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
              None while disabled.
            </p>
          )}
        </div>
        <div>
          <h3>Last run</h3>
          <p className="small" data-testid="schedule-last-run">
            {schedule.lastRun ? (
              <>
                {formatDateTime(schedule.lastRun.at)} <span className={`badge state-${schedule.lastRun.state}`}>{schedule.lastRun.state.replace('_', ' ')}</span>
                {schedule.lastRun.jobId !== null && (
                  <>
                    {' '}
                    <a href={jobHref(schedule.lastRun.jobId)} data-testid="schedule-last-job">
                      job {schedule.lastRun.jobId}
                    </a>
                  </>
                )}
                {schedule.lastRun.message && <span className="muted"> {schedule.lastRun.message}</span>}
              </>
            ) : (
              <span className="muted">Not run yet</span>
            )}
          </p>
          <p className="small counters" data-testid="schedule-counters">
            {counters.runs} {counters.runs === 1 ? 'run' : 'runs'} · {counters.succeeded} succeeded · {counters.failed} failed
            {counters.skippedOverlap > 0 && ` · ${counters.skippedOverlap} skipped (still running)`}
            {counters.queued > 0 && ` · ${counters.queued} waiting`}
          </p>
          {schedule.misses.map((miss) => (
            <p className="small miss" key={`${miss.detectedAt}-${miss.lastSlotAt}`} data-testid="schedule-miss">
              {describeMiss(miss)}
            </p>
          ))}
        </div>
      </div>
      <footer className="schedule-actions">
        <button type="button" className="button small" data-testid="schedule-edit" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="button small" data-testid="schedule-toggle" onClick={() => void setScheduleEnabled(schedule.id, !schedule.enabled)}>
          {schedule.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="button small" data-testid="schedule-run-now" onClick={() => void runScheduleNow(schedule.id)}>
          Run now
        </button>
        {schedule.kind === 'bot' &&
          (confirming ? (
            <>
              <button type="button" className="button small danger" data-testid="schedule-delete-confirm" onClick={() => void deleteSchedule(schedule.id)}>
                Delete for good
              </button>
              <button type="button" className="button small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="button small" data-testid="schedule-delete" onClick={() => setConfirming(true)}>
              Delete
            </button>
          ))}
      </footer>
    </article>
  );
}

function describeMiss(miss: ScheduleMiss): string {
  const caught = miss.caughtUp === 0 ? 'none caught up' : miss.caughtUp === 1 ? `caught up once at ${formatDateTime(miss.detectedAt)}` : `caught up ${miss.caughtUp} times at ${formatDateTime(miss.detectedAt)}`;
  const range = miss.missed === 1 ? formatDateTime(miss.firstSlotAt) : `${formatDateTime(miss.firstSlotAt)} – ${formatDateTime(miss.lastSlotAt)}`;
  return `Missed ${REASON_LABELS[miss.reason]}: ${miss.missed} (${range}), ${caught}`;
}
