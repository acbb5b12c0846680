import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { PRIORITIES, type BotSummary, type JobDetail, type Priority } from '../../../electron/common/domain';
import type { CommandInput } from '../../../electron/common/contract';
import { RpaError } from '../../../electron/common/errors';
import { call } from '../api/client';
import { credentialErrors, CredentialPickers, readCredentialPicks, type CredentialPicks } from '../components/CredentialPickers';
import { InputFiles } from '../components/InputFiles';
import { ParamInput } from '../components/ParamInput';
import { fromDateTimeLocal, toDateTimeLocal } from '../format/localTime';
import { formatNumber, formatTimeout } from '../format/time';
import { useUploads } from '../hooks/useUploads';
import { checkParam, readParams } from '../params/readParams';
import { initialValues, paramFields, type ParamField, type ParamValues } from '../params/paramFields';
import { jobHref } from '../router/routes';
import { navigate } from '../router/useRoute';
import { useBots } from '../queries/botList';
import { applyJobUpdate } from '../queries/jobs';
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
  const { t } = useTranslation();
  const bots = useBots();
  const bot = bots.bots.find((candidate) => candidate.id === botId);
  const status = bots.status;
  const [source, setSource] = useState<SourceJob | null>(from === null ? null : { status: 'loading' });
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
            {t('run.sourceFailed', { id: from, error: source.message })}
          </p>
        ) : status === 'loading' || source?.status === 'loading' ? (
          <p className="muted">{t('run.loadingBot')}</p>
        ) : (
          <p className="empty">{t('run.botNotFound', { id: botId })}</p>
        )}
      </section>
    );
  }
  // Keyed by bot and source job so switching starts from that bot's defaults or that job's values.
  const sourceJob = source?.status === 'ready' ? source.job : null;
  return <RunForm key={`${bot.id}-${sourceJob?.id ?? 'new'}`} bot={bot} source={sourceJob} />;
}

function RunForm({ bot, source }: { bot: BotSummary; source: JobDetail | null }) {
  const { t } = useTranslation();
  const fields = useMemo(() => paramFields(bot.paramsSchema), [bot.paramsSchema]);
  const [values, setValues] = useState<ParamValues>(() => startingValues(fields, source));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [priority, setPriority] = useState<Priority>(source?.priority ?? 'normal');
  const [runLater, setRunLater] = useState(false);
  const [runAt, setRunAt] = useState('');
  const [timeoutMinutes, setTimeoutMinutes] = useState('');
  const [picks, setPicks] = useState<CredentialPicks>({});
  const { uploads, add: addFiles, remove: removeFile, handOver } = useUploads();
  const rerun = source !== null;
  const inputFiles = source?.files.filter((file) => file.kind === 'input') ?? [];

  function changeValue(name: string, value: string | boolean): void {
    setValues((current) => ({ ...current, [name]: value }));
    // Once a field was marked wrong, say as soon as it is right again.
    const field = fields.find((candidate) => candidate.name === name);
    if (field && fieldErrors[name] !== undefined) {
      const error = checkParam(t, field, value);
      setFieldErrors((current) => {
        const next = { ...current };
        if (error) next[name] = error;
        else delete next[name];
        return next;
      });
    }
  }

  function changePicks(next: CredentialPicks): void {
    setPicks(next);
    // A refusal was about the entry chosen before.
    setFieldErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith('credentials.'))));
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
      if (at === null) errors.runAt = t('run.enterRunAt');
      else if (at <= Date.now()) errors.runAt = t('common.timePassed');
      else options.runAt = at;
    }
    if (timeoutMinutes.trim() !== '') {
      const minutes = Number(timeoutMinutes);
      if (!Number.isFinite(minutes) || minutes <= 0) errors.timeoutMs = t('run.timeoutPositive');
      else if (minutes > MAX_TIMEOUT_MINUTES) errors.timeoutMs = t('run.timeoutMax', { max: formatNumber(MAX_TIMEOUT_MINUTES), days: 7 });
      else options.timeoutMs = Math.max(1_000, Math.round(minutes * 60_000));
    }
    const credentials = readCredentialPicks(t, bot, picks);
    Object.assign(errors, credentials.errors);
    if (Object.keys(credentials.choice).length > 0) options.credentials = credentials.choice;
    if (uploads.some((upload) => upload.status === 'uploading')) errors.uploadIds = t('run.waitUploads');
    else if (uploads.some((upload) => upload.status === 'failed')) errors.uploadIds = t('run.removeFailedUploads');
    const uploadIds = uploads.flatMap((upload) => (upload.status === 'done' && upload.uploadId ? [upload.uploadId] : []));
    if (uploadIds.length > 0) options.uploadIds = uploadIds;
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, options };
  }

  async function runBot(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setFormError(null);
    const form = event.currentTarget;
    const read = readParams(t, fields, values);
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
      if (err instanceof RpaError) setFieldErrors({ ...(err.fields ?? {}), ...slotRefusal(bot, err) });
      // main's message; translated there in a later step.
      setFormError(errorMessage(err));
    }
  }

  return (
    <section className="screen">
      <Breadcrumb title={bot.title} />
      <form className="panel run-form" data-testid="run-form" noValidate onSubmit={(event) => void runBot(event)}>
        <header className="run-form-header">
          <h1>{source ? t('run.rerunTitle', { id: source.id }) : t('run.title', { bot: bot.title })}</h1>
          {source ? (
            <p className="muted" data-testid="rerun-source">
              <Trans
                i18nKey="run.rerunSource"
                values={{ id: source.id }}
                components={{ bot: <span>{bot.title}</span>, job: <a href={jobHref(source.id)} /> }}
              />
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
        {fields.length === 0 && <p className="muted">{t('run.noParameters')}</p>}
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
          <legend>{t('run.options')}</legend>
          {rerun && (
            <p className="field-hint" data-testid="rerun-note">
              {t('run.rerunNote', { priority: t(`priority.${source.priority}`), id: source.id })}
            </p>
          )}
          <div className="options-row">
            <div className="field">
              <label htmlFor="run-priority">{t('job.priority')}</label>
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
                    {t(`priority.option.${option}`)}
                  </option>
                ))}
              </select>
            </div>
            {!rerun && (
              <div className={fieldErrors.timeoutMs ? 'field has-error' : 'field'}>
                <label htmlFor="run-timeout">{t('run.timeoutMinutes')}</label>
                <input
                  id="run-timeout"
                  name="timeoutMs"
                  type="number"
                  min="1"
                  step="any"
                  inputMode="decimal"
                  data-testid="run-timeout"
                  placeholder={t('run.timeoutDefault', { timeout: formatTimeout(bot.timeoutMs) })}
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
                {t('run.later')}
              </label>
              {runLater && (
                <>
                  <input
                    type="datetime-local"
                    step="1"
                    name="runAt"
                    aria-label={t('run.runAt')}
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
          {rerun ? (
            bot.credentials.length > 0 && (
              <p className="field-hint" data-testid="rerun-credentials">
                {t('run.rerunCredentials', { id: source.id })}
              </p>
            )
          ) : (
            <CredentialPickers bot={bot} picks={picks} onChange={changePicks} errors={fieldErrors} disabled={submitting} />
          )}
          <div className={fieldErrors.uploadIds ? 'field has-error' : 'field'}>
            <span className="field-label">{t('inputFiles.label')}</span>
            {rerun ? (
              <p className="field-hint" data-testid="rerun-inputs">
                {inputFiles.length > 0
                  ? t('run.reusedInputs', { id: source.id, names: inputFiles.map((file) => file.name).join(', ') })
                  : t('run.noInputs', { id: source.id })}
              </p>
            ) : (
              <InputFiles uploads={uploads} onAdd={addFiles} onRemove={removeFile} disabled={submitting} />
            )}
            <OptionError name="uploadIds" error={fieldErrors.uploadIds} />
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button primary" data-testid="run-submit" disabled={submitting}>
            {submitting ? t('common.starting') : submitLabel(t, source, runLater)}
          </button>
          <a className="button" href={source ? jobHref(source.id) : '#/bots'}>
            {t('common.cancel')}
          </a>
        </div>
      </form>
    </section>
  );
}

/**
 * Where the core's refusal is about one credential slot, its message for that slot's picker: by
 * the refusal's fields, or else by the slot it names.
 */
function slotRefusal(bot: BotSummary, err: RpaError): Record<string, string> {
  if (err.fields) return credentialErrors(bot, err.fields);
  const named = bot.credentials.filter(({ slot, title }) => err.message.includes(`"${slot}"`) || err.message.includes(title));
  const only = named.length === 1 ? named[0] : undefined;
  return only ? { [`credentials.${only.slot}`]: err.message } : {};
}

function OptionError({ name, error }: { name: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert" data-testid={`field-error-${name}`}>
      {error}
    </p>
  );
}

function submitLabel(t: TFunction, source: JobDetail | null, runLater: boolean): string {
  if (source) return t('jobActions.rerun');
  return runLater ? t('run.scheduleRun') : t('run.runBot');
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
  const { t } = useTranslation();
  return (
    <nav className="breadcrumb" aria-label={t('common.breadcrumb')}>
      <a href="#/bots">{t('nav.bots')}</a>
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
