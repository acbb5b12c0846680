import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { PRIORITIES, type BotSummary, type JobDetail, type Priority } from '../../../electron/common/domain';
import type { CommandInput } from '../../../electron/common/contract';
import { RpaError } from '../../../electron/common/errors';
import { call } from '../api/client';
import { InputFiles } from '../components/InputFiles';
import { ParamInput } from '../components/ParamInput';
import { fromDateTimeLocal, toDateTimeLocal } from '../format/localTime';
import { formatTimeout } from '../format/time';
import { useUploads } from '../hooks/useUploads';
import { checkParam, readParams } from '../params/readParams';
import { initialValues, paramFields, type ParamField, type ParamValues } from '../params/paramFields';
import { jobHref } from '../router/routes';
import { navigate } from '../router/useRoute';
import { ensureBotsLoaded, useBots } from '../stores/botList';
import { applyJobUpdate } from '../stores/jobs';
import { errorMessage } from '../stores/toasts';
import '../styles/jobcontrol.css';

/** Longest per-job timeout the core accepts: seven days. */
const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;
/** A "Run later" time starts this far ahead, on a whole minute. */
const RUN_LATER_DEFAULT_MS = 10 * 60_000;

type SourceJob = { status: 'loading' } | { status: 'ready'; job: JobDetail } | { status: 'failed'; message: string };

/**
 * The Run form of one bot, generated from its parameter schema. With `from` it is "Rerun with
 * changes": pre-filled with that job's parameters, and submitting reruns it.
 */
export function RunBotScreen({ botId, from = null }: { botId: string; from?: number | null }) {
  const bot = useBots((state) => state.bots.find((candidate) => candidate.id === botId));
  const status = useBots((state) => state.status);
  const [source, setSource] = useState<SourceJob | null>(from === null ? null : { status: 'loading' });
  useEffect(ensureBotsLoaded, []);
  useEffect(() => {
    if (from === null) return;
    let live = true;
    call('jobs.get', { jobId: from }).then(
      (job) => {
        if (live) setSource({ status: 'ready', job });
      },
      (err: unknown) => {
        if (live) setSource({ status: 'failed', message: errorMessage(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [from]);

  if (!bot || source?.status === 'loading' || source?.status === 'failed') {
    return (
      <section className="screen">
        <Breadcrumb title={bot?.title ?? botId} />
        {source?.status === 'failed' ? (
          <p className="empty" data-testid="form-error">
            Job {from} could not be loaded: {source.message}
          </p>
        ) : status === 'loading' || status === 'idle' || source?.status === 'loading' ? (
          <p className="muted">Loading bot…</p>
        ) : (
          <p className="empty">Bot {botId} not found</p>
        )}
      </section>
    );
  }
  // Keyed by bot and source job so switching starts from that bot's defaults or that job's values.
  const sourceJob = source?.status === 'ready' ? source.job : null;
  return <RunForm key={`${bot.id}-${sourceJob?.id ?? 'new'}`} bot={bot} source={sourceJob} />;
}

function RunForm({ bot, source }: { bot: BotSummary; source: JobDetail | null }) {
  const fields = useMemo(() => paramFields(bot.paramsSchema), [bot.paramsSchema]);
  const [values, setValues] = useState<ParamValues>(() => startingValues(fields, source));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [priority, setPriority] = useState<Priority>(source?.priority ?? 'normal');
  const [runLater, setRunLater] = useState(false);
  const [runAt, setRunAt] = useState('');
  const [timeoutMinutes, setTimeoutMinutes] = useState('');
  const { uploads, add: addFiles, remove: removeFile, handOver } = useUploads();
  const rerun = source !== null;
  const inputFiles = source?.files.filter((file) => file.kind === 'input') ?? [];

  function changeValue(name: string, value: string | boolean): void {
    setValues((current) => ({ ...current, [name]: value }));
    // Once a field was marked wrong, say as soon as it is right again.
    const field = fields.find((candidate) => candidate.name === name);
    if (field && fieldErrors[name] !== undefined) {
      const error = checkParam(field, value);
      setFieldErrors((current) => {
        const next = { ...current };
        if (error) next[name] = error;
        else delete next[name];
        return next;
      });
    }
  }

  function changeRunLater(checked: boolean): void {
    setRunLater(checked);
    if (checked && runAt === '') {
      const start = Math.ceil((Date.now() + RUN_LATER_DEFAULT_MS) / 60_000) * 60_000;
      setRunAt(toDateTimeLocal(start));
    }
  }

  /** The options as `jobs.create` takes them, or a message per option that is not acceptable. */
  function readOptions(): { ok: true; options: Partial<CommandInput<'jobs.create'>> } | { ok: false; errors: Record<string, string> } {
    const options: Partial<CommandInput<'jobs.create'>> = {};
    const errors: Record<string, string> = {};
    if (priority !== 'normal') options.priority = priority;
    if (runLater) {
      const at = fromDateTimeLocal(runAt);
      if (at === null) errors.runAt = 'Enter the date and time to run at';
      else if (at <= Date.now()) errors.runAt = 'This time has already passed; choose a later time';
      else options.runAt = at;
    }
    if (timeoutMinutes.trim() !== '') {
      const minutes = Number(timeoutMinutes);
      if (!Number.isFinite(minutes) || minutes <= 0) errors.timeoutMs = 'Enter a number of minutes above 0';
      else if (minutes > MAX_TIMEOUT_MINUTES) errors.timeoutMs = `At most ${MAX_TIMEOUT_MINUTES} minutes (7 days)`;
      else options.timeoutMs = Math.max(1_000, Math.round(minutes * 60_000));
    }
    if (uploads.some((upload) => upload.status === 'uploading')) errors.uploadIds = 'Wait until every file is uploaded';
    else if (uploads.some((upload) => upload.status === 'failed')) errors.uploadIds = 'Remove the files that could not be uploaded';
    const uploadIds = uploads.flatMap((upload) => (upload.status === 'done' && upload.uploadId ? [upload.uploadId] : []));
    if (uploadIds.length > 0) options.uploadIds = uploadIds;
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, options };
  }

  async function runBot(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setFormError(null);
    const form = event.currentTarget;
    const read = readParams(fields, values);
    const options = rerun ? { ok: true as const, options: {} } : readOptions();
    const errors = { ...(read.ok ? {} : read.errors), ...(options.ok ? {} : options.errors) };
    if (!read.ok || !options.ok) {
      setFieldErrors(errors);
      focusFirstError(form, errors);
      return;
    }
    setFieldErrors({});
    setSubmitting(true);
    try {
      const job = source
        ? await call('jobs.rerun', { jobId: source.id, params: read.params })
        : await call('jobs.create', { botId: bot.id, params: read.params, ...options.options });
      handOver();
      applyJobUpdate(job);
      navigate(jobHref(job.id));
    } catch (err) {
      setSubmitting(false);
      if (err instanceof RpaError && err.fields) setFieldErrors(err.fields);
      setFormError(errorMessage(err));
    }
  }

  return (
    <section className="screen">
      <Breadcrumb title={bot.title} />
      <form className="panel run-form" data-testid="run-form" noValidate onSubmit={(event) => void runBot(event)}>
        <header className="run-form-header">
          <h1>{source ? `Rerun job #${source.id} with changes` : `Run ${bot.title}`}</h1>
          {source ? (
            <p className="muted" data-testid="rerun-source">
              {bot.title}: the form starts from the parameters of <a href={jobHref(source.id)}>job #{source.id}</a>.
            </p>
          ) : (
            bot.description && <p className="muted">{bot.description}</p>
          )}
        </header>
        {formError && (
          <div className="error-box" role="alert" data-testid="form-error">
            {formError}
          </div>
        )}
        {fields.length === 0 && <p className="muted">This bot takes no parameters.</p>}
        {fields.map((field) => (
          <ParamInput
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            error={fieldErrors[field.name] ?? null}
            onChange={(value) => changeValue(field.name, value)}
          />
        ))}
        <fieldset className="run-options" data-testid="run-options">
          <legend>Options</legend>
          {rerun && (
            <p className="field-hint" data-testid="rerun-note">
              A rerun keeps the priority ({source.priority}) of job #{source.id} and runs as soon as it can; run later and a
              timeout override are only for new runs.
            </p>
          )}
          <div className="options-row">
            <div className="field">
              <label htmlFor="run-priority">Priority</label>
              <select
                id="run-priority"
                name="priority"
                data-testid="run-priority"
                value={priority}
                disabled={rerun}
                onChange={(event) => setPriority(readPriority(event.target.value))}
              >
                {PRIORITIES.map((option) => (
                  <option key={option} value={option}>
                    {option[0]?.toUpperCase()}
                    {option.slice(1)}
                  </option>
                ))}
              </select>
            </div>
            {!rerun && (
              <div className={fieldErrors.timeoutMs ? 'field has-error' : 'field'}>
                <label htmlFor="run-timeout">Timeout (minutes)</label>
                <input
                  id="run-timeout"
                  name="timeoutMs"
                  type="number"
                  min="1"
                  step="any"
                  inputMode="decimal"
                  data-testid="run-timeout"
                  placeholder={`Bot default: ${formatTimeout(bot.timeoutMs)}`}
                  value={timeoutMinutes}
                  aria-invalid={fieldErrors.timeoutMs ? true : undefined}
                  onChange={(event) => setTimeoutMinutes(event.target.value)}
                />
                <OptionError name="timeoutMs" error={fieldErrors.timeoutMs} />
              </div>
            )}
          </div>
          {!rerun && (
            <div className={fieldErrors.runAt ? 'field has-error' : 'field'}>
              <label className="checkbox-label">
                <input type="checkbox" data-testid="run-later" checked={runLater} onChange={(event) => changeRunLater(event.target.checked)} />
                Run later
              </label>
              {runLater && (
                <>
                  <input
                    type="datetime-local"
                    step="1"
                    name="runAt"
                    aria-label="Run at"
                    data-testid="run-at"
                    value={runAt}
                    min={toDateTimeLocal(Date.now())}
                    aria-invalid={fieldErrors.runAt ? true : undefined}
                    onChange={(event) => setRunAt(event.target.value)}
                  />
                  <OptionError name="runAt" error={fieldErrors.runAt} />
                </>
              )}
            </div>
          )}
          <div className={fieldErrors.uploadIds ? 'field has-error' : 'field'}>
            <span className="field-label">Input files</span>
            {rerun ? (
              <p className="field-hint" data-testid="rerun-inputs">
                Input files of job {source.id} are reused
                {inputFiles.length > 0 ? `: ${inputFiles.map((file) => file.name).join(', ')}` : ' (it had none)'}.
              </p>
            ) : (
              <InputFiles uploads={uploads} onAdd={addFiles} onRemove={removeFile} disabled={submitting} />
            )}
            <OptionError name="uploadIds" error={fieldErrors.uploadIds} />
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button primary" data-testid="run-submit" disabled={submitting}>
            {submitting ? 'Starting…' : submitLabel(source, runLater)}
          </button>
          <a className="button" href={source ? jobHref(source.id) : '#/bots'}>
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
}

function OptionError({ name, error }: { name: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert" data-testid={`field-error-${name}`}>
      {error}
    </p>
  );
}

function submitLabel(source: JobDetail | null, runLater: boolean): string {
  if (source) return 'Rerun';
  return runLater ? 'Schedule run' : 'Run bot';
}

/** The form's values from a job's parameters, over the bot's defaults; unknown parameters are dropped. */
function startingValues(fields: readonly ParamField[], source: JobDetail | null): ParamValues {
  const values = initialValues(fields);
  if (!source) return values;
  for (const field of fields) {
    if (!Object.prototype.hasOwnProperty.call(source.params, field.name)) continue;
    const value = source.params[field.name];
    if (field.input === 'checkbox') values[field.name] = value === true;
    else if (typeof value === 'string' || typeof value === 'number') values[field.name] = String(value);
    else if (value === null || value === undefined) values[field.name] = '';
    else values[field.name] = JSON.stringify(value);
  }
  return values;
}

function readPriority(value: string): Priority {
  return PRIORITIES.find((priority) => priority === value) ?? 'normal';
}

function Breadcrumb({ title }: { title: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href="#/bots">Bots</a>
      <span aria-hidden="true">/</span>
      <span>{title}</span>
    </nav>
  );
}

function focusFirstError(form: HTMLFormElement, errors: Record<string, string>): void {
  for (const element of Array.from(form.elements)) {
    if ((element instanceof HTMLInputElement || element instanceof HTMLSelectElement) && errors[element.name] !== undefined) {
      element.focus();
      return;
    }
  }
}
