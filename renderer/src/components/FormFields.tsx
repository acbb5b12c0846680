import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What is wrong with one field, read out as it appears. */
export function FieldError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {error}
    </p>
  );
}

interface FieldFrame {
  /** The control's id, which the label points at. */
  id: string;
  label: ReactNode;
  /**
   * Shown beside the label (e.g. "saved"). When given at all, even as null, the label sits in a
   * `.field-label-row`; when left out it is the field's own child.
   */
  labelAside?: ReactNode;
  /** The usual grey line under the control; `hintId` lets the control point at it. */
  hint?: ReactNode;
  hintId?: string;
  /** Anything else under the control, after the hint: a live hint of its own, a checkbox. */
  below?: ReactNode;
  error?: string;
  wide?: boolean;
}

/** A labelled control with its hint and its error, marked `has-error` while it has one. */
export function Field({ id, label, labelAside, hint, hintId, below, error, wide = false, children }: FieldFrame & { children: ReactNode }) {
  const className = [error ? 'field has-error' : 'field', wide ? 'wide' : ''].filter(Boolean).join(' ');
  const labelTag = <label htmlFor={id}>{label}</label>;
  return (
    <div className={className}>
      {labelAside === undefined ? (
        labelTag
      ) : (
        <div className="field-label-row">
          {labelTag}
          {labelAside}
        </div>
      )}
      {children}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {below}
      <FieldError error={error} />
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> & { 'data-testid'?: string };

/**
 * A text (or password) input in a `Field`: `onChange` gets the new text; every other input
 * attribute (autoComplete, data-testid, aria-describedby, …) goes to the input as given, and
 * `aria-invalid` follows `error`.
 */
export function TextField({
  id,
  label,
  labelAside,
  hint,
  hintId,
  below,
  error,
  wide,
  value,
  onChange,
  type = 'text',
  ...input
}: FieldFrame & InputProps & { value: string; onChange: (value: string) => void }) {
  return (
    <Field id={id} label={label} labelAside={labelAside} hint={hint} hintId={hintId} below={below} error={error} wide={wide}>
      <input id={id} type={type} value={value} aria-invalid={error ? true : undefined} onChange={(event) => onChange(event.target.value)} {...input} />
    </Field>
  );
}

/** A form-wide refusal (the core's words), read out as it appears; nothing while there is none. */
export function ErrorBox({ error, testId, as: Tag = 'p' }: { error: string | null | undefined; testId: string; as?: 'p' | 'div' }) {
  if (!error) return null;
  return (
    <Tag className="error-box" role="alert" data-testid={testId}>
      {error}
    </Tag>
  );
}

/** A form's submit button (its busy words while `busy`) and, with `onCancel`, a Cancel beside it. */
export function FormActions({
  testId,
  label,
  busyLabel,
  busy,
  onCancel,
  cancelLabel,
  small = false,
}: {
  testId: string;
  label: string;
  busyLabel: string;
  busy: boolean;
  onCancel?: () => void;
  /** "Cancel" unless told. */
  cancelLabel?: string;
  small?: boolean;
}) {
  const { t } = useTranslation();
  const size = small ? ' small' : '';
  return (
    <div className="form-actions">
      <button type="submit" className={`button primary${size}`} data-testid={testId} disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      {onCancel && (
        <button type="button" className={`button${size}`} onClick={onCancel}>
          {cancelLabel ?? t('common.cancel')}
        </button>
      )}
    </div>
  );
}
