import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_TARGET_TYPES, type AuditTargetType } from '../../../electron/common/auditContract';
import { KNOWN_ACTIONS } from '../audit/auditText';
import { fromDateInput } from '../format/localTime';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { setAuditFilter } from '../queries/audit';
import { useDirectory } from '../queries/directory';
import { useAuditView, type AuditFilter } from '../stores/auditView';

const TEXT_DEBOUNCE_MS = 300;

/**
 * User, action, target and dates above the audit trail; typed text applies once the typing pauses.
 * Keyed by the trail's filter version, so a filter set elsewhere (Verify's "show this row") resets it.
 */
export function AuditFilters() {
  const { t } = useTranslation();
  const id = useId();
  const filter = useAuditView((state) => state.filter);
  const people = useDirectory();
  const [actor, setActor] = useState(filter.actor ?? '');
  const [action, setAction] = useState(filter.action ?? '');
  const [targetId, setTargetId] = useState(filter.targetId === null ? '' : String(filter.targetId));
  const [from, setFrom] = useState(() => toDateInput(filter.from));
  const [to, setTo] = useState(() => toDateInput(filter.to));
  const settledActor = useDebouncedValue(actor, TEXT_DEBOUNCE_MS);
  const settledAction = useDebouncedValue(action, TEXT_DEBOUNCE_MS);
  const settledTargetId = useDebouncedValue(targetId, TEXT_DEBOUNCE_MS);

  useEffect(() => {
    const current = useAuditView.getState().filter;
    const typedId = settledTargetId.trim();
    const parsedId = typedId === '' ? null : Number(typedId);
    const next: AuditFilter = {
      ...current,
      actor: settledActor.trim().slice(0, 200) || null,
      action: settledAction.trim().slice(0, 100) || null,
      targetId: parsedId !== null && Number.isSafeInteger(parsedId) && parsedId >= 0 ? parsedId : null,
    };
    if (next.actor !== current.actor || next.action !== current.action || next.targetId !== current.targetId) setAuditFilter(next);
  }, [settledActor, settledAction, settledTargetId]);

  function changeDate(which: 'from' | 'to', value: string): void {
    if (which === 'from') setFrom(value);
    else setTo(value);
    // A half-typed date is not a bound yet; an empty one removes the bound.
    const ms = value === '' ? null : fromDateInput(value, which === 'to');
    if (value !== '' && ms === null) return;
    const current = useAuditView.getState().filter;
    if (current[which] !== ms) setAuditFilter({ ...current, [which]: ms });
  }

  function clear(): void {
    setActor('');
    setAction('');
    setTargetId('');
    setFrom('');
    setTo('');
    setAuditFilter({ actor: null, action: null, targetType: null, targetId: null, from: null, to: null });
  }

  return (
    <div className="filters audit-filters" data-testid="audit-filters">
      <div className="field">
        <label htmlFor={`${id}-actor`}>{t('auditScreen.user')}</label>
        <input
          id={`${id}-actor`}
          type="search"
          list={`${id}-actors`}
          data-testid="audit-filter-user"
          autoComplete="off"
          value={actor}
          maxLength={200}
          onChange={(event) => setActor(event.target.value)}
        />
        <datalist id={`${id}-actors`}>
          {people.map((person) => (
            <option key={person.username} value={person.username}>
              {person.displayName}
            </option>
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-action`}>{t('auditScreen.action')}</label>
        <input
          id={`${id}-action`}
          type="search"
          list={`${id}-actions`}
          data-testid="audit-filter-action"
          autoComplete="off"
          spellCheck={false}
          value={action}
          maxLength={100}
          onChange={(event) => setAction(event.target.value)}
        />
        <datalist id={`${id}-actions`}>
          {KNOWN_ACTIONS.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('auditScreen.targetType')}</label>
        <select
          id={`${id}-type`}
          data-testid="audit-filter-target-type"
          value={filter.targetType ?? ''}
          onChange={(event) => setAuditFilter({ ...useAuditView.getState().filter, targetType: readTargetType(event.target.value) })}
        >
          <option value="">{t('auditScreen.anyTarget')}</option>
          {AUDIT_TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`auditScreen.targetTypeName.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field narrow-field">
        <label htmlFor={`${id}-target`}>{t('auditScreen.targetId')}</label>
        <input
          id={`${id}-target`}
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          data-testid="audit-filter-target-id"
          value={targetId}
          onChange={(event) => setTargetId(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('filters.from')}</label>
        <input
          id={`${id}-from`}
          type="date"
          data-testid="audit-filter-from"
          value={from}
          max={to || undefined}
          onChange={(event) => changeDate('from', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('filters.to')}</label>
        <input
          id={`${id}-to`}
          type="date"
          data-testid="audit-filter-to"
          value={to}
          min={from || undefined}
          onChange={(event) => changeDate('to', event.target.value)}
        />
      </div>
      <button type="button" className="button audit-clear" data-testid="audit-filter-clear" onClick={clear}>
        {t('auditScreen.clearFilters')}
      </button>
    </div>
  );
}

function toDateInput(ms: number | null): string {
  if (ms === null) return '';
  const at = new Date(ms);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

function readTargetType(value: string): AuditTargetType | null {
  return AUDIT_TARGET_TYPES.find((type) => type === value) ?? null;
}
