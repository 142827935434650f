// Fixes for findings the schema stage reports under a rule's id (the rule has no check of its own
// to attach them in). Each returns a fix only when the repair is certain: it keeps what Dify does
// and the author's intent, and edits only the nodes concerned (src/plugin/yaml-edit.ts).
import { getPath, isRecord, type LoadedPlugin } from '../../plugin/load.js';
import { isModelTypeKey, keyToType, MODEL_TYPE_KEYS } from '../../plugin/model-types.js';
import { insertPairAfter, removePair, renameKey, replaceScalar, type TextEdit } from '../../plugin/yaml-edit.js';
import type { YamlFile } from '../../plugin/yaml-file.js';
import type { ValuePath } from '../../plugin/position.js';
import type { Fix } from '../diagnostic.js';
import type { ReportInput } from '../rule.js';

export type FindingFixer = (plugin: LoadedPlugin, input: ReportInput) => Fix | undefined;

/** Provider keys both parsers ignore and that carry nothing a model provider could use (reference §5.8). */
const REMOVABLE_PROVIDER_KEYS = new Set(['identity', 'author', 'tools', 'oauth_schema']);

export const FINDING_FIXES: Record<string, FindingFixer> = {
  // `text_embedding` where a model-type value belongs: the hyphen spelling.
  P3: (_plugin, input) => typeValueFix(input, (path) => path.length === 2 && path[0] === 'supported_model_types'),
  D2: (_plugin, input) => typeValueFix(input, (path) => path.length === 1 && path[0] === 'model_type'),
  // `models: {text-embedding: …}`: the key spelling, unless that key exists too.
  P13: (_plugin, input) => {
    const { file, path } = yamlInput(input);
    if (!file || path.length !== 2 || path[0] !== 'models' || input.part !== 'key') return undefined;
    const written = String(path[1]);
    const key = written.replace(/-/g, '_');
    if (key === written || !isModelTypeKey(key) || isRecord(getPath(file.data, ['models'])) && key in (getPath(file.data, ['models']) as object)) return undefined;
    return fixOf(file, `models key "${written}" → "${key}"`, renameKey(file, path, key));
  },
  // A credential field without `required:`: write what packaged installs already do (the daemon's
  // default, false), so nothing changes for users of the released plugin; remote debug then agrees.
  P10: (_plugin, input) => {
    const { file, path } = yamlInput(input);
    const item = file && getPath(file.data, path);
    if (!file || !isRecord(item) || 'required' in item || typeof item.variable !== 'string') return undefined;
    const after = 'type' in item ? 'type' : 'variable';
    return fixOf(file, `\`required: false\` on credential field "${item.variable}" (the daemon's default)`, insertPairAfter(file, [...path, after], 'required', false));
  },
  P18: (_plugin, input) => removableKeyFix(input, (path) => path.length === 1 && REMOVABLE_PROVIDER_KEYS.has(String(path[0]))),
  // `verified` is overwritten from the package signature: the key never has an effect.
  M17: (_plugin, input) => removableKeyFix(input, (path) => path.length === 1 && path[0] === 'verified'),
};

function yamlInput(input: ReportInput): { file: YamlFile | undefined; path: ValuePath } {
  const file = input.file && typeof input.file === 'object' && input.file.ok ? input.file : undefined;
  return { file, path: input.path ?? [] };
}

function typeValueFix(input: ReportInput, where: (path: ValuePath) => boolean): Fix | undefined {
  const { file, path } = yamlInput(input);
  if (!file || !where(path)) return undefined;
  const value = getPath(file.data, path);
  if (typeof value !== 'string' || value === 'llm' || !(MODEL_TYPE_KEYS as readonly string[]).includes(value)) return undefined;
  const type = keyToType(value as (typeof MODEL_TYPE_KEYS)[number]);
  return fixOf(file, `"${value}" → "${type}"`, replaceScalar(file, path, type));
}

function removableKeyFix(input: ReportInput, where: (path: ValuePath) => boolean): Fix | undefined {
  const { file, path } = yamlInput(input);
  if (!file || !where(path)) return undefined;
  return fixOf(file, `removed \`${String(path[path.length - 1])}\`, which Dify ignores`, removePair(file, path));
}

export function fixOf(file: YamlFile, description: string, ...edits: (TextEdit | undefined)[]): Fix | undefined {
  if (edits.length === 0 || edits.some((e) => !e)) return undefined;
  return { file: file.path, description, edits: edits as TextEdit[], textLength: file.text.length };
}
