// P18's check for the tool-provider credential keys (reference §5.8). `credentials_for_provider`
// (or `credentials_schema`) in a model provider is ignored by both parsers, so Dify shows no
// credential form. When the provider has no credential schema at all, the credentials the seed
// documentation declares never reach the plugin: every invocation that needs them fails, so that
// case is an error; next to a real credential schema the key is only dead weight (warning). The
// message converts the declared fields into the credential form items that replace them.
import { getPath, isRecord } from '../../../plugin/load.js';
import type { RuleContext } from '../../rule.js';
import { flowYaml } from '../../schema/describe.js';
import { replacePair } from '../../../plugin/yaml-edit.js';
import { fixOf } from '../fixes.js';

const TOOL_KEYS = ['credentials_for_provider', 'credentials_schema'] as const;
const FORM_TYPES = new Set(['text-input', 'secret-input', 'select', 'radio', 'switch']);

export function checkToolCredentialKeys(ctx: RuleContext): void {
  const file = ctx.plugin.provider;
  if (!file?.ok || !isRecord(file.data)) return;
  const data = file.data;
  for (const key of TOOL_KEYS) {
    if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
    const items = formItems(data[key]);
    const hasForm = isRecord(data.provider_credential_schema) || isRecord(data.model_credential_schema);
    const customizableOnly = Array.isArray(data.configurate_methods) && data.configurate_methods.length > 0 && !data.configurate_methods.includes('predefined-model');
    const targetKey = customizableOnly ? 'model_credential_schema' : 'provider_credential_schema';
    const targetValue = customizableOnly ? { model: { label: { en_US: 'Model Name' } }, credential_form_schemas: items } : { credential_form_schemas: items };
    const target = `${targetKey}: ${flowYaml(targetValue)}`;
    // Without any credential schema the conversion is the whole repair; next to one, merging is the author's call.
    const fix = hasForm || items.length === 0 ? undefined : fixOf(file, `${key} → ${targetKey}`, replacePair(file, [key], targetKey, targetValue));
    const names = items.map((i) => i.variable);
    const moved = names.length > 0 ? `Move ${names.map((n) => `\`${n}\``).join(', ')} to ${customizableOnly ? 'model' : 'provider'}_credential_schema.credential_form_schemas (as \`- variable: ${names[0]}\` …): ` : 'Use ';
    ctx.report({
      file,
      path: [key],
      part: 'key',
      fix,
      severity: hasForm ? 'warning' : 'error',
      message: hasForm
        ? `${key} is a tool-provider key: a model provider ignores it (the form Dify shows comes from the credential schemas). Remove it, after moving any field it still needs: ${target}.`
        : `${key} is a tool-provider key: a model provider ignores it, so Dify shows no credential form and the plugin never receives these credentials. ${moved}${target}.`,
    });
  }
}

interface FormItem {
  variable: string;
  label: unknown;
  type: string;
  required: boolean;
  [key: string]: unknown;
}

/** Tool credentials (a name → config mapping, or a list with `name`) as model credential form items. */
function formItems(value: unknown): FormItem[] {
  const entries: [string, unknown][] = isRecord(value)
    ? Object.entries(value)
    : Array.isArray(value)
      ? value.filter(isRecord).map((v) => [String(v.name ?? v.variable ?? 'api_key'), v] as [string, unknown])
      : [];
  return entries.map(([name, raw]) => {
    const cfg = isRecord(raw) ? raw : {};
    const type = typeof cfg.type === 'string' ? cfg.type : '';
    const item: FormItem = {
      variable: name,
      label: isRecord(cfg.label) ? cfg.label : { en_US: typeof cfg.label === 'string' ? cfg.label : titleCase(name) },
      type: FORM_TYPES.has(type) ? type : type === 'boolean' ? 'switch' : /secret|key|token|password/i.test(name) ? 'secret-input' : 'text-input',
      required: typeof cfg.required === 'boolean' ? cfg.required : true,
    };
    if (isRecord(cfg.placeholder)) item.placeholder = cfg.placeholder;
    if (cfg.default !== undefined && cfg.default !== null) item.default = String(cfg.default);
    const options = getPath(cfg, ['options']);
    if (Array.isArray(options)) {
      item.options = options.filter(isRecord).map((o) => ({ value: String(o.value), label: isRecord(o.label) ? o.label : { en_US: String(o.value) } }));
    }
    return item;
  });
}

function titleCase(name: string): string {
  return name
    .split(/[_-]+/)
    .filter(Boolean)
    .map((w) => (/^(api|url|id)$/i.test(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
    .join(' ');
}
