// P13's check: a provider `models` that is not a mapping (reference §5.6). The seed documentation
// writes it as a list of model files; the daemon accepts that (as inline declarations) but the SDK
// crashes at start with TypeError "models should be a glob path list". The message builds the
// mapping that replaces it from the listed files' folders.
import { posix } from 'node:path';
import { getPath, isRecord } from '../../../plugin/load.js';
import { isModelType, isModelTypeKey, typeToKey } from '../../../plugin/model-types.js';
import type { RuleContext } from '../../rule.js';
import { flowYaml } from '../../schema/describe.js';
import { replacePair } from '../../../plugin/yaml-edit.js';
import { fixOf } from '../fixes.js';

const CRASH = 'the SDK crashes at start (TypeError "models should be a glob path list")';

export function checkModelsShape(ctx: RuleContext): void {
  const file = ctx.plugin.provider;
  if (!file?.ok || !isRecord(file.data) || !Object.prototype.hasOwnProperty.call(file.data, 'models')) return;
  const models = file.data.models;
  if (isRecord(models)) return;

  const report = (message: string) => ctx.report({ file, path: ['models'], message });
  if (models === null) {
    report(`models is empty: ${CRASH}. Remove the key if the provider has no predefined models, or write models: {llm: {predefined: ["models/llm/*.yaml"]}}.`);
    return;
  }
  if (Array.isArray(models)) {
    const replacement = mappingFor(models, ctx);
    const inline = models.some((m) => isRecord(m));
    // Certain only for a list of file paths: inline declarations need files written by hand.
    const fix = inline ? undefined : fixOf(file, 'models list → mapping of model-type keys to globs', replacePair(file, ['models'], 'models', withPositions(replacement, ctx)));
    ctx.report({
      file,
      path: ['models'],
      fix,
      message:
        `models is a list: ${CRASH}, while the daemon reads the entries as inline model declarations. ` +
        (inline ? 'Put each model in its own YAML file under models/<type>/ and write ' : 'Write ') +
        `a mapping from model-type key to globs instead: models: ${flowYaml(replacement)}.`,
    });
    return;
  }
  report(`models is ${typeof models === 'string' ? `the text "${models}"` : `the ${typeof models} ${String(models)}`}: ${CRASH}. Write a mapping from model-type key to globs, e.g. models: {llm: {predefined: ["models/llm/*.yaml"]}}.`);
}

/** The mapping with each key's `position:` where a _position.yaml sits next to its files (the daemon reads only that key). */
function withPositions(mapping: Record<string, { predefined: string[] }>, ctx: RuleContext): Record<string, { predefined: string[]; position?: string }> {
  const out: Record<string, { predefined: string[]; position?: string }> = {};
  for (const [key, entry] of Object.entries(mapping)) {
    const dir = posix.dirname(entry.predefined[0] ?? '');
    const position = dir === '.' ? '_position.yaml' : `${dir}/_position.yaml`;
    out[key] = ctx.plugin.fs.resolve(position).status === 'file' ? { ...entry, position } : entry;
  }
  return out;
}

/** {llm: {predefined: ["models/llm/*.yaml"]}, ...} from the listed model files. */
function mappingFor(list: unknown[], ctx: RuleContext): Record<string, { predefined: string[] }> {
  const mapping: Record<string, { predefined: string[] }> = {};
  const add = (key: string, glob: string) => {
    const entry = (mapping[key] ??= { predefined: [] });
    if (!entry.predefined.includes(glob)) entry.predefined.push(glob);
  };
  for (const item of list) {
    if (typeof item === 'string' && item.trim() !== '') {
      const path = item.trim().replace(/^\.\//, '');
      const dir = posix.dirname(path);
      const ext = posix.extname(path) || '.yaml';
      add(keyFor(path, dir, ctx) ?? 'llm', dir === '.' ? `*${ext}` : `${dir}/*${ext}`);
    } else if (isRecord(item)) {
      const key = isModelType(item.model_type) ? typeToKey(item.model_type) : 'llm';
      add(key, `models/${key}/*.yaml`);
    }
  }
  if (Object.keys(mapping).length === 0) add('llm', 'models/llm/*.yaml');
  return mapping;
}

/** The mapping key: the folder name when it is one, else the listed file's own model_type. */
function keyFor(path: string, dir: string, ctx: RuleContext): string | undefined {
  const folder = posix.basename(dir).replace(/-/g, '_');
  if (isModelTypeKey(folder)) return folder;
  const declared = getPath(ctx.plugin.fs.loadYaml(path)?.data, ['model_type']);
  return isModelType(declared) ? typeToKey(declared) : undefined;
}
