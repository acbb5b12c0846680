import type { TFunction } from 'i18next';
import type { JsonPropertySchema } from '../../../electron/common/domain';
import { formatNumber } from '../format/time';
import type { ParamField, ParamValues } from './paramFields';

/** The parameters to send, or a message per field that is not acceptable. */
export type ReadParamsResult = { ok: true; params: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/**
 * Checks the form against the schema and converts it to what `jobs.create` expects: numbers as
 * numbers, booleans as booleans, empty optional fields left out. The core validates again; this
 * only spares the operator a round trip.
 */
export function readParams(t: TFunction, fields: readonly ParamField[], values: ParamValues): ReadParamsResult {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const result = readParam(t, field, values[field.name]);
    if ('error' in result) errors[field.name] = result.error;
    else if (result.value !== undefined) params[field.name] = result.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, params };
}

/** The message for one field, or null when it is fine; for checking as the operator types. */
export function checkParam(t: TFunction, field: ParamField, value: string | boolean | undefined): string | null {
  const result = readParam(t, field, value);
  return 'error' in result ? result.error : null;
}

type FieldResult = { value: unknown } | { error: string };

function readParam(t: TFunction, field: ParamField, raw: string | boolean | undefined): FieldResult {
  if (field.input === 'checkbox') return { value: raw === true };
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return field.required ? { error: t('params.required') } : { value: undefined };

  switch (field.input) {
    case 'choice':
      return readChoice(t, field.schema, text);
    case 'number':
    case 'integer':
      return readNumber(t, field.schema, text, field.input === 'integer');
    case 'text':
    case 'date':
      return readText(t, field.schema, text);
  }
}

function readChoice(t: TFunction, schema: JsonPropertySchema, text: string): FieldResult {
  // Select values are strings; send the schema's own value so numeric choices stay numbers.
  const choice = schema.enum?.find((option) => String(option) === text);
  return choice === undefined ? { error: t('params.chooseListed') } : { value: choice };
}

function readNumber(t: TFunction, schema: JsonPropertySchema, text: string, integer: boolean): FieldResult {
  const value = Number(text.trim());
  if (!Number.isFinite(value)) return { error: t('params.enterNumber') };
  if (integer && !Number.isInteger(value)) return { error: t('params.enterWholeNumber') };
  if (schema.minimum !== undefined && value < schema.minimum) return { error: t('params.atLeast', { n: formatNumber(schema.minimum) }) };
  if (schema.maximum !== undefined && value > schema.maximum) return { error: t('params.atMost', { n: formatNumber(schema.maximum) }) };
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
    return { error: t('params.moreThan', { n: formatNumber(schema.exclusiveMinimum) }) };
  }
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
    return { error: t('params.lessThan', { n: formatNumber(schema.exclusiveMaximum) }) };
  }
  return { value };
}

function readText(t: TFunction, schema: JsonPropertySchema, text: string): FieldResult {
  const length = [...text].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    return { error: t('params.minLength', { count: schema.minLength }) };
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return { error: t('params.maxLength', { count: schema.maxLength }) };
  }
  if (schema.pattern !== undefined) {
    const pattern = compilePattern(schema.pattern);
    // JSON Schema carries no message for a pattern; the description usually says the format in words.
    if (pattern && !pattern.test(text)) {
      return {
        error: schema.description ? t('params.formatDescribed', { description: schema.description }) : t('params.formatPattern', { pattern: schema.pattern }),
      };
    }
  }
  return { value: text };
}

function compilePattern(source: string): RegExp | null {
  // JSON Schema patterns are ECMA-262 with Unicode semantics; some valid ones only compile without `u`.
  for (const flags of ['u', '']) {
    try {
      return new RegExp(source, flags);
    } catch {
      // Try the next flags.
    }
  }
  return null;
}
