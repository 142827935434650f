// P11: `show_on` conditions refer to a field of the same form (or the `__model_type` pseudo-variable,
// whose values use the hyphen spelling) and to a value that field can take. P12: a credential
// `variable` appears once per form, unless its copies are shown under mutually exclusive
// conditions (reference §5.5.1).
import type { Rule, RuleContext } from '../../rule.js';
import { getPath, isRecord } from '../../../plugin/load.js';
import { isModelType, isModelTypeKey, keyToType, MODEL_TYPES } from '../../../plugin/model-types.js';
import type { ValuePath } from '../../../plugin/position.js';
import { didYouMean } from './suggest.js';

const FORM_LISTS: { path: ValuePath; label: string }[] = [
  { path: ['provider_credential_schema', 'credential_form_schemas'], label: 'provider_credential_schema' },
  { path: ['model_credential_schema', 'credential_form_schemas'], label: 'model_credential_schema' },
];

const MODEL_TYPE_VARIABLE = '__model_type';

interface FormItem {
  index: number;
  variable: string | undefined;
  raw: Record<string, unknown>;
}

function formLists(ctx: RuleContext): { items: FormItem[]; path: ValuePath; label: string }[] {
  const data = ctx.plugin.provider?.data;
  const out: { items: FormItem[]; path: ValuePath; label: string }[] = [];
  for (const { path, label } of FORM_LISTS) {
    const list = getPath(data, path);
    if (!Array.isArray(list)) continue;
    const items: FormItem[] = [];
    list.forEach((raw, index) => {
      if (isRecord(raw)) items.push({ index, variable: typeof raw.variable === 'string' ? raw.variable : undefined, raw });
    });
    out.push({ items, path, label });
  }
  return out;
}

interface Condition {
  variable: string;
  value: unknown;
  path: ValuePath;
}

function conditions(showOn: unknown, base: ValuePath): Condition[] {
  if (!Array.isArray(showOn)) return [];
  const out: Condition[] = [];
  showOn.forEach((c, j) => {
    if (isRecord(c) && typeof c.variable === 'string') out.push({ variable: c.variable, value: c.value, path: [...base, j] });
  });
  return out;
}

export const showOnTargets: Rule = {
  id: 'P11',
  description: 'show_on conditions name a field of the same form (or __model_type with a hyphen model type) and a value that field can take.',
  severity: 'warning',
  check(ctx) {
    const provider = ctx.plugin.provider;
    if (!provider) return;
    const supported = getPath(provider.data, ['supported_model_types']);
    const supportedTypes = Array.isArray(supported) ? supported.filter((t): t is string => typeof t === 'string') : [];
    for (const { items, path, label } of formLists(ctx)) {
      const byVar = new Map<string, FormItem[]>();
      for (const it of items) if (it.variable !== undefined) byVar.set(it.variable, [...(byVar.get(it.variable) ?? []), it]);
      const names = [...byVar.keys(), MODEL_TYPE_VARIABLE];

      for (const it of items) {
        const itemPath = [...path, it.index];
        const all: { cond: Condition; where: string }[] = conditions(it.raw.show_on, [...itemPath, 'show_on']).map((cond) => ({ cond, where: `field "${it.variable ?? it.index}"` }));
        if (Array.isArray(it.raw.options)) {
          it.raw.options.forEach((opt, k) => {
            if (!isRecord(opt)) return;
            for (const cond of conditions(opt.show_on, [...itemPath, 'options', k, 'show_on'])) {
              all.push({ cond, where: `option "${String(opt.value)}" of field "${it.variable ?? it.index}"` });
            }
          });
        }
        for (const { cond, where } of all) {
          const at = { file: provider, path: [...cond.path, 'variable'] };
          if (cond.variable === MODEL_TYPE_VARIABLE) {
            checkModelTypeValue(ctx, cond, where, label, supportedTypes);
            continue;
          }
          const targets = byVar.get(cond.variable);
          if (!targets) {
            ctx.report({
              ...at,
              message: `${label} ${where}: show_on refers to "${cond.variable}", which is not a field of this form (nor ${MODEL_TYPE_VARIABLE}), so Dify never shows it. Name a variable of the same credential_form_schemas list.${didYouMean(cond.variable, names)}`,
            });
            continue;
          }
          if (cond.variable === it.variable) {
            ctx.report({ ...at, message: `${label} ${where}: show_on refers to the field itself, so it can never become visible. Refer to another field.` });
            continue;
          }
          const optionValues = targets.flatMap((t) => (Array.isArray(t.raw.options) ? t.raw.options.filter(isRecord).map((o) => o.value) : []));
          const hasOptions = targets.some((t) => Array.isArray(t.raw.options) && t.raw.options.length > 0);
          if (hasOptions && typeof cond.value === 'string' && !optionValues.includes(cond.value)) {
            ctx.report({
              file: provider,
              path: [...cond.path, 'value'],
              message: `${label} ${where}: show_on expects "${cond.variable}" to be "${cond.value}", but that field offers no such option (${optionValues.map((v) => `"${String(v)}"`).join(', ')}), so it is never shown. Use one of the option values.${didYouMean(cond.value, optionValues.map(String))}`,
            });
          }
        }
      }
    }
  },
};

function checkModelTypeValue(ctx: RuleContext, cond: Condition, where: string, label: string, supported: string[]): void {
  const provider = ctx.plugin.provider!;
  const at = { file: provider, path: [...cond.path, 'value'] };
  const v = cond.value;
  if (typeof v !== 'string') return; // the schema reports non-string values
  if (isModelType(v)) {
    if (supported.length > 0 && !supported.includes(v)) {
      ctx.report({ ...at, message: `${label} ${where}: show_on ${MODEL_TYPE_VARIABLE} = "${v}", but "${v}" is not in supported_model_types, so the condition is never true. Add "${v}" to supported_model_types or drop the condition.` });
    }
    return;
  }
  if (isModelTypeKey(v)) {
    ctx.report({
      ...at,
      message: `${label} ${where}: ${MODEL_TYPE_VARIABLE} values use the hyphen spelling of model types; "${v}" (the underscore key form) never matches. Write "${keyToType(v)}".`,
    });
    return;
  }
  ctx.report({
    ...at,
    message: `${label} ${where}: "${v}" is not a model type, so ${MODEL_TYPE_VARIABLE} never equals it. Use one of ${MODEL_TYPES.join(', ')}.${didYouMean(v, MODEL_TYPES)}`,
  });
}

export const duplicateVariables: Rule = {
  id: 'P12',
  description: 'A credential variable appears once per form, unless its copies have mutually exclusive show_on conditions.',
  severity: 'warning',
  check(ctx) {
    const provider = ctx.plugin.provider;
    if (!provider) return;
    for (const { items, path, label } of formLists(ctx)) {
      const seen = new Map<string, FormItem[]>();
      for (const it of items) {
        if (it.variable === undefined) continue;
        const earlier = seen.get(it.variable) ?? [];
        const clash = earlier.find((e) => !mutuallyExclusive(e, it));
        if (clash) {
          ctx.report({
            file: provider,
            path: [...path, it.index, 'variable'],
            message: `${label}: variable "${it.variable}" is already declared by item ${clash.index + 1} (line ${provider.locate([...path, clash.index, 'variable']).line}) and both can be shown at once; Dify keeps one value per variable, so one field silently overwrites the other. Rename one, or give the copies show_on conditions that exclude each other (e.g. different ${MODEL_TYPE_VARIABLE} values).`,
          });
        }
        seen.set(it.variable, [...earlier, it]);
      }
    }
  },
};

/** Two items can never both be shown when they require different values of the same variable. */
function mutuallyExclusive(a: FormItem, b: FormItem): boolean {
  const ca = conditions(a.raw.show_on, []);
  const cb = conditions(b.raw.show_on, []);
  return ca.some((x) => cb.some((y) => x.variable === y.variable && x.value !== y.value));
}
