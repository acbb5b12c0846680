import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { BotSummary } from '../../../electron/common/domain';
import { RpaError } from '../../../electron/common/errors';
import { call } from '../api/client';
import { ParamInput } from '../components/ParamInput';
import { checkParam, readParams } from '../params/readParams';
import { initialValues, paramFields, type ParamValues } from '../params/paramFields';
import { jobHref } from '../router/routes';
import { navigate } from '../router/useRoute';
import { ensureBotsLoaded, useBots } from '../stores/botList';
import { applyJobUpdate } from '../stores/jobs';
import { errorMessage } from '../stores/toasts';

/** The Run form of one bot, generated from its parameter schema. */
export function RunBotScreen({ botId }: { botId: string }) {
  const bot = useBots((state) => state.bots.find((candidate) => candidate.id === botId));
  const status = useBots((state) => state.status);
  useEffect(ensureBotsLoaded, []);

  if (!bot) {
    return (
      <section className="screen">
        <Breadcrumb title={botId} />
        {status === 'loading' || status === 'idle' ? <p className="muted">Loading bot…</p> : <p className="empty">Bot {botId} not found</p>}
      </section>
    );
  }
  // Keyed by bot so switching bots starts from that bot's defaults.
  return <RunForm key={bot.id} bot={bot} />;
}

function RunForm({ bot }: { bot: BotSummary }) {
  const fields = useMemo(() => paramFields(bot.paramsSchema), [bot.paramsSchema]);
  const [values, setValues] = useState<ParamValues>(() => initialValues(fields));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

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

  async function runBot(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setFormError(null);
    const read = readParams(fields, values);
    if (!read.ok) {
      setFieldErrors(read.errors);
      focusFirstError(event.currentTarget, read.errors);
      return;
    }
    setFieldErrors({});
    setSubmitting(true);
    try {
      const job = await call('jobs.create', { botId: bot.id, params: read.params });
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
          <h1>Run {bot.title}</h1>
          {bot.description && <p className="muted">{bot.description}</p>}
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
        <div className="form-actions">
          <button type="submit" className="button primary" data-testid="run-submit" disabled={submitting}>
            {submitting ? 'Starting…' : 'Run bot'}
          </button>
          <a className="button" href="#/bots">
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
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
