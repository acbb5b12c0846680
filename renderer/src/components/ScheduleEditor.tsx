import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BotSummary } from '../../../electron/common/domain';
import { RpaError } from '../../../electron/common/errors';
import type { MissedPolicy, OverlapPolicy, SchedulePreview, ScheduleSummary } from '../../../electron/common/schedules';
import { call } from '../api/client';
import { formatDateTime } from '../format/time';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { initialValues, paramFields, type ParamValues } from '../params/paramFields';
import { readParams } from '../params/readParams';
import { saveSchedule, type ScheduleDraft } from '../queries/schedules';
import { errorMessage } from '../stores/toasts';
import { credentialErrors, CredentialPickers, readCredentialPicks, type CredentialPicks } from './CredentialPickers';
import { ErrorBox, FormActions } from './FormFields';
import { ParamInput } from './ParamInput';

type Preset = 'custom' | 'hourly' | 'daily' | 'weekdays' | 'monthly';

const PRESETS: readonly Preset[] = ['custom', 'hourly', 'daily', 'weekdays', 'monthly'];

/** The expression a preset stands for. */
function presetCron(preset: Preset, time: string, day: number): string | null {
  const [h = '0', m = '0'] = time.split(':');
  const hour = Number(h);
  const minute = Number(m);
  switch (preset) {
    case 'hourly':
      return `${minute} * * * *`;
    case 'daily':
      return `${minute} ${hour} * * *`;
    case 'weekdays':
      return `${minute} ${hour} * * 1-5`;
    case 'monthly':
      return `${minute} ${hour} ${day} * *`;
    case 'custom':
      return null;
  }
}

/** The operator's own zone, the default for a new schedule. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** Creates or edits a schedule; the expression is explained and checked as it is typed, and again by the core on save. */
export function ScheduleEditor({ schedule, bots, onDone }: { schedule: ScheduleSummary | null; bots: BotSummary[]; onDone: () => void }) {
  const { t } = useTranslation();
  const kind = schedule?.kind ?? 'bot';
  const [name, setName] = useState(schedule?.name ?? '');
  const [botId, setBotId] = useState(schedule?.botId ?? bots[0]?.id ?? '');
  const bot = bots.find((b) => b.id === botId) ?? null;
  const fields = useMemo(() => (bot ? paramFields(bot.paramsSchema) : []), [bot]);
  const [values, setValues] = useState<ParamValues>(() => startValues(bot, schedule));
  const [cron, setCron] = useState(schedule?.cron ?? '0 2 * * 1-5');
  const [preset, setPreset] = useState<Preset>('custom');
  const [time, setTime] = useState('02:00');
  const [day, setDay] = useState(1);
  const [timeZone, setTimeZone] = useState(schedule?.timeZone ?? localTimeZone());
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const [missedPolicy, setMissedPolicy] = useState<MissedPolicy>(schedule?.missedPolicy ?? 'skip');
  const [missedWithinHours, setMissedWithinHours] = useState(String(schedule?.missedWithinHours ?? 24));
  const [overlap, setOverlap] = useState<OverlapPolicy>(schedule?.overlap ?? 'skip');
  const [setting, setSetting] = useState(String(schedule?.settings.olderThanDays ?? schedule?.settings.keep ?? ''));
  const [picks, setPicks] = useState<CredentialPicks>(() => ({ ...(schedule?.credentials ?? {}) }));
  const [preview, setPreview] = useState<SchedulePreview | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const checkedCron = useDebouncedValue(cron, 200);
  useEffect(() => {
    let current = true;
    call('schedules.preview', { cron: checkedCron, timeZone })
      .then((result) => current && setPreview(result))
      .catch((err: unknown) => current && setPreview({ valid: false, error: errorMessage(err) }));
    return () => {
      current = false;
    };
  }, [checkedCron, timeZone]);

  function changeCron(next: string): void {
    setCron(next);
    // A refusal from the last save is about the old expression; the preview speaks for the new one.
    setFieldErrors(({ cron: _old, ...rest }) => rest);
  }

  function choosePreset(next: Preset, nextTime = time, nextDay = day): void {
    setPreset(next);
    const expression = presetCron(next, nextTime, nextDay);
    if (expression) changeCron(expression);
  }

  function chooseBot(id: string): void {
    setBotId(id);
    const chosen = bots.find((b) => b.id === id) ?? null;
    setValues(chosen ? initialValues(paramFields(chosen.paramsSchema)) : {});
    // Another bot has other slots: its own defaults apply until something is picked.
    setPicks({});
  }

  async function save(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setFormError(null);
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t('scheduleEditor.nameRequired');
    // Refused before saving: the preview already said why.
    if (cron === checkedCron && preview && !preview.valid) errors.cron = preview.error;
    const read = kind === 'bot' ? readParams(t, fields, values) : ({ ok: true, params: {} } as const);
    if (!read.ok) Object.assign(errors, read.errors);
    const credentials = kind === 'bot' && bot ? readCredentialPicks(t, bot, picks) : { choice: {}, errors: {} };
    Object.assign(errors, credentials.errors);
    if (Object.keys(errors).length > 0 || !read.ok) {
      setFieldErrors(errors);
      return;
    }
    const settingValue = Number(setting);
    const draft: ScheduleDraft = {
      name,
      kind,
      botId: kind === 'bot' ? botId : null,
      params: read.params,
      cron,
      timeZone,
      enabled,
      missedPolicy,
      missedWithinHours: missedPolicy === 'run_all' ? Number(missedWithinHours) || 24 : null,
      overlap,
      settings: kind === 'cleanup' ? { olderThanDays: settingValue || 90 } : kind === 'backup' ? { keep: settingValue || 7 } : {},
      credentials: credentials.choice,
    };
    setFieldErrors({});
    setSaving(true);
    try {
      await saveSchedule(schedule?.id ?? null, draft);
      onDone();
    } catch (err) {
      setSaving(false);
      if (err instanceof RpaError && err.fields) setFieldErrors({ ...err.fields, ...(bot ? credentialErrors(bot, err.fields) : {}) });
      // main's message; translated there in a later step.
      setFormError(errorMessage(err));
    }
  }

  const cronError = fieldErrors.cron ?? (preview && !preview.valid ? preview.error : null);
  return (
    <form className="panel schedule-editor" data-testid="schedule-editor" noValidate onSubmit={(event) => void save(event)}>
      <h2>{schedule ? t('scheduleEditor.editTitle', { name: schedule.name }) : t('schedules.new')}</h2>
      <ErrorBox as="div" error={formError} testId="schedule-form-error" />
      <div className="editor-grid">
        <div className={fieldErrors.name ? 'field has-error' : 'field'}>
          <label htmlFor="schedule-name">{t('scheduleEditor.name')}</label>
          <input type="text" id="schedule-name" name="name" data-testid="schedule-name" value={name} onChange={(e) => setName(e.target.value)} />
          {fieldErrors.name && <p className="field-error">{fieldErrors.name}</p>}
        </div>
        {kind === 'bot' ? (
          <div className={fieldErrors.botId ? 'field has-error' : 'field'}>
            <label htmlFor="schedule-bot">{t('job.bot')}</label>
            <select id="schedule-bot" data-testid="schedule-bot" value={botId} onChange={(e) => chooseBot(e.target.value)}>
              {bots.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title}
                </option>
              ))}
            </select>
            {fieldErrors.botId && <p className="field-error">{fieldErrors.botId}</p>}
          </div>
        ) : (
          <div className="field">
            <label htmlFor="schedule-setting">{kind === 'cleanup' ? t('scheduleEditor.cleanupDays') : t('scheduleEditor.backupsToKeep')}</label>
            <input id="schedule-setting" type="number" min={1} data-testid="schedule-setting" value={setting} onChange={(e) => setSetting(e.target.value)} />
          </div>
        )}
      </div>
      {kind === 'bot' &&
        fields.map((field) => (
          <ParamInput
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            error={fieldErrors[field.name] ?? null}
            onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
          />
        ))}
      {kind === 'bot' && bot && (
        <CredentialPickers
          bot={bot}
          picks={picks}
          onChange={(next) => {
            setPicks(next);
            // A refusal was about the entry chosen before.
            setFieldErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith('credentials.'))));
          }}
          errors={fieldErrors}
          disabled={saving}
        />
      )}

      <fieldset className="editor-when">
        <legend>{t('scheduleEditor.when')}</legend>
        <div className="editor-grid">
          <div className="field">
            <label htmlFor="schedule-preset">{t('scheduleEditor.preset')}</label>
            <select id="schedule-preset" data-testid="schedule-preset" value={preset} onChange={(e) => choosePreset(e.target.value as Preset)}>
              {PRESETS.map((p) => (
                <option key={p} value={p}>
                  {t(`scheduleEditor.presets.${p}`)}
                </option>
              ))}
            </select>
          </div>
          {preset !== 'custom' && (
            <div className="field">
              <label htmlFor="schedule-time">{preset === 'hourly' ? t('scheduleEditor.atMinute') : t('scheduleEditor.at')}</label>
              <input
                id="schedule-time"
                type="time"
                data-testid="schedule-time"
                value={time}
                onChange={(e) => {
                  setTime(e.target.value);
                  choosePreset(preset, e.target.value, day);
                }}
              />
            </div>
          )}
          {preset === 'monthly' && (
            <div className="field">
              <label htmlFor="schedule-day">{t('scheduleEditor.dayOfMonth')}</label>
              <input
                id="schedule-day"
                type="number"
                min={1}
                max={31}
                data-testid="schedule-day"
                value={day}
                onChange={(e) => {
                  const next = Math.min(31, Math.max(1, Number(e.target.value) || 1));
                  setDay(next);
                  choosePreset(preset, time, next);
                }}
              />
            </div>
          )}
        </div>
        <div className={cronError ? 'field has-error' : 'field'}>
          <label htmlFor="schedule-cron">{t('scheduleEditor.cron')}</label>
          <input
            type="text"
            id="schedule-cron"
            className="mono"
            data-testid="schedule-cron"
            value={cron}
            spellCheck={false}
            onChange={(e) => {
              setPreset('custom');
              changeCron(e.target.value);
            }}
          />
          <p className="field-hint">{t('scheduleEditor.cronHint')}</p>
          {/* The error and the description in words come from main (cronstrue there); translated in a later step. */}
          {cronError ? (
            <p className="field-error" data-testid="schedule-cron-error">
              {cronError}
            </p>
          ) : (
            preview?.valid && (
              <p className="schedule-words" data-testid="schedule-description">
                {preview.description}
              </p>
            )
          )}
        </div>
        <div className={fieldErrors.timeZone ? 'field has-error' : 'field'}>
          <label htmlFor="schedule-timezone">{t('scheduleEditor.timeZone')}</label>
          <input
            type="text"
            id="schedule-timezone"
            list="schedule-zones"
            data-testid="schedule-timezone"
            value={timeZone}
            onChange={(e) => setTimeZone(e.target.value)}
          />
          <datalist id="schedule-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          {fieldErrors.timeZone && <p className="field-error">{fieldErrors.timeZone}</p>}
        </div>
        {preview?.valid && (
          <div className="schedule-preview" data-testid="schedule-preview">
            <p className="muted small">{preview.dstNote}</p>
            <p className="small">{t('scheduleEditor.previewRuns', { zone: localTimeZone() })}</p>
            <ol className="run-list" data-testid="schedule-preview-runs">
              {preview.nextRuns.map((run) => (
                <li key={run.at}>
                  {formatDateTime(run.at)}
                  {run.note && <span className="dst-note"> — {run.note}</span>}
                </li>
              ))}
            </ol>
          </div>
        )}
      </fieldset>

      <div className="editor-grid">
        <div className="field">
          <label htmlFor="schedule-missed">{t('scheduleEditor.missed')}</label>
          <select id="schedule-missed" data-testid="schedule-missed" value={missedPolicy} onChange={(e) => setMissedPolicy(e.target.value as MissedPolicy)}>
            <option value="skip">{t('scheduleEditor.missedOption.skip')}</option>
            <option value="run_once">{t('scheduleEditor.missedOption.run_once')}</option>
            <option value="run_all">{t('scheduleEditor.missedOption.run_all')}</option>
          </select>
          {missedPolicy === 'run_all' && (
            <label className="inline-field">
              <input
                type="number"
                min={1}
                max={744}
                className="narrow"
                data-testid="schedule-missed-hours"
                value={missedWithinHours}
                onChange={(e) => setMissedWithinHours(e.target.value)}
              />
              {t('scheduleEditor.hours')}
            </label>
          )}
        </div>
        <div className="field">
          <label htmlFor="schedule-overlap">{t('scheduleEditor.overlap')}</label>
          <select id="schedule-overlap" data-testid="schedule-overlap" value={overlap} onChange={(e) => setOverlap(e.target.value as OverlapPolicy)}>
            <option value="skip">{t('scheduleEditor.overlapOption.skip')}</option>
            <option value="queue">{t('scheduleEditor.overlapOption.queue')}</option>
            <option value="parallel">{t('scheduleEditor.overlapOption.parallel')}</option>
          </select>
        </div>
      </div>
      <label className="checkbox-label">
        <input type="checkbox" data-testid="schedule-enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('scheduleEditor.enabled')}
      </label>
      <FormActions testId="schedule-save" label={t('scheduleEditor.save')} busyLabel={t('common.saving')} busy={saving} onCancel={onDone} />
    </form>
  );
}

function startValues(bot: BotSummary | null, schedule: ScheduleSummary | null): ParamValues {
  if (!bot) return {};
  const values = initialValues(paramFields(bot.paramsSchema));
  if (schedule?.botId === bot.id) {
    for (const [key, value] of Object.entries(schedule.params)) {
      values[key] = typeof value === 'boolean' ? value : String(value);
    }
  }
  return values;
}
