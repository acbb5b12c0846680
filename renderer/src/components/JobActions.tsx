import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FINAL_STATES, type JobDetail } from '../../../electron/common/domain';
import { RpaError } from '../../../electron/common/errors';
import { call } from '../api/client';
import { fromDateTimeLocal, toDateTimeLocal } from '../format/localTime';
import { formatDateTime } from '../format/time';
import { jobHref, rerunWithChangesHref } from '../router/routes';
import { navigate } from '../router/useRoute';
import { applyJobUpdate } from '../queries/jobs';
import { useMayRunBot, usePermission } from '../stores/session';
import { useActorName } from '../queries/directory';
import { errorMessage, showError, showInfo } from '../stores/toasts';

const CANCELLABLE = new Set(['queued', 'scheduled', 'running', 'waiting_approval', 'waiting_operator']);

/** What the operator can do to this job now: cancel, rerun (as is or changed), run now, change time. */
export function JobActions({ job }: { job: JobDetail }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [rescheduling, setRescheduling] = useState(false);
  const stopping = job.cancelRequestedBy !== null && job.state === 'running';
  // Only what the role (and, for starting jobs, its bots) allows is offered; the core refuses the rest anyway.
  const mayCancel = usePermission('jobs.cancel');
  const mayRun = useMayRunBot(job.botId);
  const actorName = useActorName();
  const scheduled = job.state === 'scheduled' && mayRun;

  async function act(name: string, run: () => Promise<void>, failure: string): Promise<void> {
    setBusy(name);
    try {
      await run();
    } catch (err) {
      showError(err, failure);
    } finally {
      setBusy(null);
    }
  }

  const cancel = () =>
    act(
      'cancel',
      async () => {
        const answer = await call('jobs.cancel', { jobId: job.id });
        // "Already ended" is an answer, not a failure: the operator only learns nothing changed.
        showInfo(answer.message);
        applyJobUpdate(answer.job);
      },
      t('jobActions.cancelFailed', { id: job.id }),
    );

  const rerun = () =>
    act(
      'rerun',
      async () => {
        const created = await call('jobs.rerun', { jobId: job.id });
        applyJobUpdate(created);
        showInfo(t('jobActions.rerunStarted', { id: created.id, source: job.id }));
        navigate(jobHref(created.id));
      },
      t('jobActions.rerunFailed', { id: job.id }),
    );

  const runNow = () =>
    act(
      'runNow',
      async () => {
        const updated = await call('jobs.runNow', { jobId: job.id });
        applyJobUpdate(updated);
        showInfo(t('jobActions.runNowQueued', { id: job.id }));
      },
      t('jobActions.runNowFailed', { id: job.id }),
    );

  return (
    <div className="job-actions-block">
      <div className="job-actions" data-testid="job-actions">
        {CANCELLABLE.has(job.state) && (mayCancel || stopping) && (
          <button
            type="button"
            className="button danger"
            data-testid="cancel-job"
            disabled={stopping || busy === 'cancel' || !mayCancel}
            onClick={() => void cancel()}
          >
            {stopping
              ? t('jobActions.stopping', { user: actorName(job.cancelRequestedBy ?? '') })
              : busy === 'cancel'
                ? t('jobActions.cancelling')
                : t('jobActions.cancel')}
          </button>
        )}
        {scheduled && (
          <>
            <button type="button" className="button primary" data-testid="run-now" disabled={busy === 'runNow'} onClick={() => void runNow()}>
              {t('jobActions.runNow')}
            </button>
            <button type="button" className="button" data-testid="change-time" aria-expanded={rescheduling} onClick={() => setRescheduling((open) => !open)}>
              {t('jobActions.changeTime')}
            </button>
          </>
        )}
        {FINAL_STATES.includes(job.state) && mayRun && (
          <>
            <button type="button" className="button" data-testid="rerun-job" disabled={busy === 'rerun'} onClick={() => void rerun()}>
              {busy === 'rerun' ? t('common.starting') : t('jobActions.rerun')}
            </button>
            <a className="button" data-testid="rerun-with-changes" href={rerunWithChangesHref(job.botId, job.id)}>
              {t('jobActions.rerunWithChanges')}
            </a>
          </>
        )}
      </div>
      {scheduled && rescheduling && job.runAt !== null && (
        <RescheduleForm key={job.runAt} jobId={job.id} runAt={job.runAt} onDone={() => setRescheduling(false)} />
      )}
    </div>
  );
}

function RescheduleForm({ jobId, runAt, onDone }: { jobId: number; runAt: number; onDone: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(() => toDateTimeLocal(runAt));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const at = fromDateTimeLocal(value);
    if (at === null) {
      setError(t('jobActions.enterTime'));
      return;
    }
    if (at <= Date.now()) {
      setError(t('common.timePassed'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const updated = await call('jobs.reschedule', { jobId, runAt: at });
      applyJobUpdate(updated);
      showInfo(t('jobActions.rescheduled', { id: jobId, time: formatDateTime(at) }));
      onDone();
    } catch (err) {
      setError(err instanceof RpaError && err.fields?.runAt ? err.fields.runAt : errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="reschedule-form" onSubmit={(event) => void save(event)} noValidate>
      <label className="inline-field">
        {t('jobActions.newTime')}
        <input
          type="datetime-local"
          step="1"
          data-testid="reschedule-at"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={error !== null}
        />
      </label>
      <button type="submit" className="button primary small" data-testid="reschedule-save" disabled={saving}>
        {saving ? t('common.saving') : t('common.save')}
      </button>
      <button type="button" className="button small" onClick={onDone}>
        {t('common.close')}
      </button>
      {error && (
        <p className="field-error" role="alert" data-testid="reschedule-error">
          {error}
        </p>
      )}
    </form>
  );
}
