// Builds the credentials of every target before anything starts: the given values (file, flags,
// --mock), form defaults, then prompts (on a terminal) for what is still missing. A missing
// required value without a terminal is a usage error (exit 2) naming the variable.
import { UsageError } from '../../cli/errors.js';
import type { PluginInfo, FormField } from '../plugin-info.js';
import type { Target } from '../targets.js';
import type { ModelType } from '../../plugin/model-types.js';
import { fillForm, type Credentials } from './form.js';
import { Redactor } from './redact.js';

export type { Credentials } from './form.js';

export interface ResolvedCredentials {
  /** Credentials for validate_provider_credentials (when any target uses the provider form). */
  provider: Credentials | undefined;
  /** Per target, same order as the targets. */
  perTarget: Credentials[];
  redactor: Redactor;
}

export interface ResolveOptions {
  /** Asks for a missing value; undefined when there is no terminal. */
  prompt?: (field: FormField, where: string) => Promise<string>;
  /** Values for targets of one model type only (what --mock picked from type-dependent options). */
  byType?: Map<ModelType, Credentials>;
}

export async function resolveCredentials(
  info: PluginInfo,
  targets: Target[],
  given: Credentials,
  options: ResolveOptions = {},
): Promise<ResolvedCredentials> {
  const values: Credentials = { ...given };
  const formOf = (t: Target) => (t.form === 'provider' ? info.providerForm : info.modelForm) ?? [];
  const whereOf = (t: Target) =>
    `${t.form === 'provider' ? 'provider_credential_schema' : 'model_credential_schema'} in ${info.providerFile}`;

  // Ask (or fail) until every target's form is complete; answers apply to all targets.
  const valuesFor = (t: Target): Credentials => ({ ...values, ...options.byType?.get(t.type) });
  for (const t of targets) {
    for (;;) {
      const { missing } = fillForm(formOf(t), valuesFor(t), t.type);
      if (missing.length === 0) break;
      const field = missing[0];
      if (!options.prompt) throw missingError(missing, whereOf(t), t);
      values[field.variable] = await options.prompt(field, whereOf(t));
    }
  }

  const perTarget = targets.map((t) => fillForm(formOf(t), valuesFor(t), t.type).credentials);
  const provider = targets.some((t) => t.form === 'provider') ? fillForm(info.providerForm ?? [], values, null).credentials : undefined;

  const redactor = new Redactor();
  const secretVars = new Set([...(info.providerForm ?? []), ...(info.modelForm ?? [])].filter((f) => f.type === 'secret-input').map((f) => f.variable));
  for (const creds of [values, ...perTarget]) for (const v of secretVars) redactor.add(creds[v]);
  return { provider, perTarget, redactor };
}

function missingError(missing: FormField[], where: string, t: Target): UsageError {
  const list = missing.map((f) => `"${f.variable}" (${f.label}, ${f.type})`).join(', ');
  const first = missing[0].variable;
  return new UsageError(
    `missing required credential${missing.length > 1 ? 's' : ''} ${list} for ${t.type} model ${t.model}, required by ${where}.\n` +
      `  Pass -c ${first}=<value>, put it in a --credentials file (JSON or YAML), or run in a terminal to be asked.`,
  );
}
