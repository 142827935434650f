// Credential form schemas as Dify's UI applies them: a field is shown when every `show_on`
// condition holds (`__model_type` is the model type being configured), shown fields start at their
// `default`, and a shown `required` field must have a value.
import type { ModelType } from '../../plugin/model-types.js';
import type { FormField } from '../plugin-info.js';

export type Credentials = Record<string, unknown>;

export function hasValue(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

export function isShown(field: FormField, values: Credentials, modelType: ModelType | null): boolean {
  return field.showOn.every((cond) => {
    const actual = cond.variable === '__model_type' ? modelType : values[cond.variable];
    return actual !== undefined && actual !== null && String(actual) === cond.value;
  });
}

export interface FilledForm {
  credentials: Credentials;
  /** Shown, required fields that still have no value. */
  missing: FormField[];
}

/**
 * The credentials Dify would send for a form: the given values (all of them, even for fields the
 * form does not list: the user knows their plugin), plus defaults of shown fields. Repeats until
 * stable, since a default can reveal another field (`show_on` on a select's value).
 */
export function fillForm(fields: FormField[], given: Credentials, modelType: ModelType | null): FilledForm {
  const credentials: Credentials = { ...given };
  for (let round = 0; round < fields.length + 1; round++) {
    let changed = false;
    for (const f of fields) {
      if (!hasValue(credentials[f.variable]) && f.default !== undefined && isShown(f, credentials, modelType)) {
        credentials[f.variable] = f.default;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const missing = fields.filter((f) => f.required && !hasValue(credentials[f.variable]) && isShown(f, credentials, modelType));
  return { credentials, missing: dedupeByVariable(missing) };
}

function dedupeByVariable(fields: FormField[]): FormField[] {
  const seen = new Set<string>();
  return fields.filter((f) => (seen.has(f.variable) ? false : (seen.add(f.variable), true)));
}
