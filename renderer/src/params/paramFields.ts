import type { TFunction } from 'i18next';
import type { JsonObjectSchema, JsonPropertySchema } from '../../../electron/common/domain';

/** Which input a parameter gets. */
export type ParamInput = 'text' | 'date' | 'choice' | 'number' | 'integer' | 'checkbox';

/** One field of a Run form, derived from one property of the bot's parameter schema. */
export interface ParamField {
  name: string;
  label: string;
  hint: string | null;
  input: ParamInput;
  required: boolean;
  schema: JsonPropertySchema;
}

/** What the form holds while the operator types: text for inputs and selects, a flag for checkboxes. */
export type ParamValues = Record<string, string | boolean>;

/** The fields of a bot's Run form, in the order the schema declares them. */
export function paramFields(schema: JsonObjectSchema): ParamField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    label: property.title ?? name,
    hint: property.description ?? null,
    input: inputFor(property),
    required: required.has(name),
    schema: property,
  }));
}

/** The form's starting values: each field's default, or empty. */
export function initialValues(fields: readonly ParamField[]): ParamValues {
  const values: ParamValues = {};
  for (const field of fields) {
    const preset = field.schema.default;
    if (field.input === 'checkbox') values[field.name] = preset === true;
    else values[field.name] = typeof preset === 'string' || typeof preset === 'number' ? String(preset) : '';
  }
  return values;
}

/** A short description of a parameter's type for the Bots screen. */
export function describeParamType(t: TFunction, property: JsonPropertySchema): string {
  if (property.enum) return t('paramType.oneOf', { values: property.enum.join(', ') });
  const name = property.type === 'string' && property.format ? property.format : (property.type ?? 'string');
  // English keeps JSON Schema's own words (string, integer, date); a type no catalog names stays as the schema says.
  const known = KNOWN_TYPES.find((candidate) => candidate === name);
  return known ? t(`paramType.${known}`) : name;
}

const KNOWN_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'date-time', 'time', 'email', 'uri'] as const;

function inputFor(property: JsonPropertySchema): ParamInput {
  if (property.enum) return 'choice';
  switch (property.type) {
    case 'boolean':
      return 'checkbox';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      return property.format === 'date' ? 'date' : 'text';
    default:
      // Types outside the subset forms understand are typed in as text; the core validates them.
      return 'text';
  }
}
