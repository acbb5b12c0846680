import { useTranslation } from 'react-i18next';
import type { ParamField } from '../params/paramFields';

interface ParamInputProps {
  field: ParamField;
  value: string | boolean;
  error: string | null;
  onChange: (value: string | boolean) => void;
}

/** One labelled field of the Run form, with its hint and the message about what is wrong. */
export function ParamInput({ field, value, error, onChange }: ParamInputProps) {
  const { t } = useTranslation();
  const id = `param-${field.name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [field.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: field.name,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required || undefined,
    'aria-describedby': describedBy,
  };

  if (field.input === 'checkbox') {
    return (
      <div className={error ? 'field field-checkbox has-error' : 'field field-checkbox'}>
        <label className="checkbox-label" htmlFor={id}>
          <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
          {field.label}
        </label>
        <FieldNotes field={field} error={error} hintId={hintId} errorId={errorId} />
      </div>
    );
  }

  const text = typeof value === 'string' ? value : '';
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>
        {field.label}
        {field.required && (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {field.input === 'choice' ? (
        <select {...common} value={text} onChange={(event) => onChange(event.target.value)}>
          <option value="">{field.required ? t('params.choose') : '—'}</option>
          {(field.schema.enum ?? []).map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={inputType(field)}
          value={text}
          step={field.input === 'integer' ? 1 : field.input === 'number' ? 'any' : undefined}
          inputMode={field.input === 'integer' ? 'numeric' : field.input === 'number' ? 'decimal' : undefined}
          autoComplete="off"
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <FieldNotes field={field} error={error} hintId={hintId} errorId={errorId} />
    </div>
  );
}

function FieldNotes({ field, error, hintId, errorId }: { field: ParamField; error: string | null; hintId: string; errorId: string }) {
  return (
    <>
      {field.hint && (
        <p className="field-hint" id={hintId}>
          {field.hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} data-testid={`field-error-${field.name}`}>
          {error}
        </p>
      )}
    </>
  );
}

function inputType(field: ParamField): string {
  switch (field.input) {
    case 'date':
      return 'date';
    case 'number':
    case 'integer':
      return 'number';
    default:
      return 'text';
  }
}
