// D10: consistency checks on parameter rules that no Dify component performs (reference §6.6):
// min ≤ max, the default within [min, max], among the options and typed like `type`, unique
// names, and an explicit `default: null` under a template (the daemon substitutes the template's
// default, the SDK keeps null). Values a template supplies count as the rule's own.
import { isRecord } from '../../../plugin/load.js';
import type { RuleContext } from '../../rule.js';
import { modelDocs } from './files.js';

interface Template {
  type: string;
  default?: unknown;
  min?: number;
  max?: number;
  options?: string[];
}

/** The templates' values (identical in the daemon and the SDK, except json_schema's type). */
export const TEMPLATES: Record<string, Template> = {
  temperature: { type: 'float', default: 0.0, min: 0.0, max: 1.0 },
  top_p: { type: 'float', default: 1.0, min: 0.0, max: 1.0 },
  top_k: { type: 'int', default: 50, min: 1, max: 100 },
  presence_penalty: { type: 'float', default: 0.0, min: 0.0, max: 1.0 },
  frequency_penalty: { type: 'float', default: 0.0, min: 0.0, max: 1.0 },
  max_tokens: { type: 'int', default: 64, min: 1, max: 2048 },
  response_format: { type: 'string', options: ['JSON', 'XML'] },
  json_schema: { type: 'text' },
};

const TYPE_CHECK: Record<string, { ok: (v: unknown) => boolean; noun: string }> = {
  int: { ok: (v) => typeof v === 'number' && Number.isInteger(v), noun: 'a whole number' },
  float: { ok: (v) => typeof v === 'number', noun: 'a number' },
  boolean: { ok: (v) => typeof v === 'boolean', noun: 'true or false' },
  string: { ok: (v) => typeof v === 'string', noun: 'text' },
  text: { ok: (v) => typeof v === 'string', noun: 'text' },
};

export function checkParameterRules(ctx: RuleContext): void {
  for (const { file, data } of modelDocs(ctx)) {
    const rules = data.parameter_rules;
    if (!Array.isArray(rules)) continue;
    const seen = new Map<string, number>();
    rules.forEach((rule, i) => {
      if (!isRecord(rule)) return;
      const at = (key: string) => ['parameter_rules', i, key];
      const name = typeof rule.name === 'string' ? rule.name : undefined;
      const label = name ? `Parameter rule "${name}"` : `Parameter rule ${i + 1}`;
      if (name !== undefined) {
        const first = seen.get(name);
        if (first !== undefined) {
          ctx.report({ file, path: at('name'), message: `${label} is declared twice (also rule ${first + 1}); Dify shows both and sends one value. Remove or rename one.` });
        } else seen.set(name, i);
      }

      const template = typeof rule.use_template === 'string' ? TEMPLATES[rule.use_template] : undefined;
      const has = (key: string) => Object.prototype.hasOwnProperty.call(rule, key);
      const pick = <T>(key: 'min' | 'max', fallback: T | undefined) => (typeof rule[key] === 'number' ? (rule[key] as number) : fallback);
      const type = typeof rule.type === 'string' ? rule.type : template?.type;
      const min = pick('min', template?.min);
      const max = pick('max', template?.max);

      if (min !== undefined && max !== undefined && min > max) {
        ctx.report({ file, path: at(has('min') ? 'min' : 'max'), message: `${label} has min ${min} greater than max ${max}; no value satisfies both. Swap or correct them.` });
      }

      if (template && has('default') && rule.default === null) {
        const fallback = template.default !== undefined ? ` (${String(template.default)})` : '';
        ctx.report({
          file,
          path: at('default'),
          message: `${label} sets default: null under use_template ${String(rule.use_template)}: packaged installs show the template's default${fallback} (the daemon fills it in) while remote debugging keeps null (the SDK). Remove the line to use the template's default, or write a value.`,
        });
        return;
      }
      const value = has('default') ? rule.default : undefined;
      if (value === undefined || value === null) return;
      const check = type ? TYPE_CHECK[type] : undefined;
      if (check && !check.ok(value)) {
        const hint = typeof value === 'string' && check.noun !== 'text' ? ' Remove the quotes.' : '';
        ctx.report({ file, path: at('default'), message: `${label} has default ${JSON.stringify(value)}, which is not ${check.noun} as its type ${type} requires.${hint}` });
        return;
      }
      if (typeof value === 'number') {
        // Dify's form sends a required parameter's default, and the SDK's range check then refuses
        // it on every invocation (ValueError "should be less than or equal to ..."): an error.
        // Optional, it is only sent when the user keeps it: a warning.
        const required = rule.required === true;
        const severity = required ? 'error' : undefined;
        const why = required ? ' The parameter is required, so Dify sends this default and the SDK refuses it at every invocation.' : '';
        if (min !== undefined && value < min) {
          ctx.report({ file, path: at('default'), severity, message: `${label} has default ${value} below its min ${min}.${why} Raise the default or lower min.` });
        } else if (max !== undefined && value > max) {
          ctx.report({ file, path: at('default'), severity, message: `${label} has default ${value} above its max ${max}.${why} Lower the default or raise max.` });
        }
      }
      const options = Array.isArray(rule.options) && rule.options.length > 0 ? rule.options : has('options') ? undefined : template?.options;
      if (options && options.length > 0 && !options.includes(value)) {
        ctx.report({ file, path: at('default'), message: `${label} has default ${JSON.stringify(value)}, which is not one of its options (${options.map(String).join(', ')}). Use one of them.` });
      }
    });
  }
}
