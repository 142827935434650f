// `model-plugin add <type> [--model <name>]`: adds a model type, or another predefined model
// of a type the plugin already has. Writes the model YAML (and, for a new type, the model
// class), and edits the provider YAML, the type's _position.yaml and the manifest permissions
// through the `yaml` Document API, so the author's comments and layout stay as they were.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, YAMLSeq } from 'yaml';
import { UsageError } from '../cli/errors.js';
import { checkBase, checkModel, printable, type Base } from './answers.js';
import { findModelType, MODEL_TYPE_VALUES, type ModelTypeInfo } from './model-types.js';
import { modelFormContext, modelSourcePath, planModelSource, planModelYaml, planPosition, type PlannedFile } from './plan.js';
import { pluginRootOf, readYamlFile, resolveInside, stringifyLike, type YamlFile } from './plugin-files.js';
import { pythonClassStem } from './quote.js';
import { renderTemplate } from './render.js';
import { schemaBaseUrl } from './package-info.js';
import { commitFiles } from './write.js';
import type { ToolSource } from './answers.js';

export interface AddFlags {
  model?: string;
  dir?: string;
  base?: string;
  dryRun?: boolean;
}

interface Change {
  /** Relative to the plugin root. */
  rel: string;
  path: string;
  content: string;
  kind: 'create' | 'update';
}

export async function runAdd(typeName: string, flags: AddFlags, out: (line: string) => void): Promise<number> {
  const type = findModelType(typeName);
  if (!type) throw new UsageError(`unknown model type "${printable(typeName)}"; choose from ${MODEL_TYPE_VALUES.join(', ')}.`);
  if (flags.model !== undefined) {
    const problem = checkModel(flags.model);
    if (problem) throw new UsageError(`--model: ${problem}.`);
  }
  if (flags.base !== undefined) {
    const problem = checkBase(flags.base);
    if (problem) throw new UsageError(`--base: ${problem}.`);
  }

  const root = pluginRootOf(flags.dir ?? '.');
  const changes = planAdd(root, type, flags);
  if (flags.dryRun) {
    out(`Would change ${changes.length} files in ${root} (dry run, nothing was written):`);
    for (const c of changes) out(`  ${c.kind === 'create' ? 'create' : 'update'}  ${c.rel}`);
    return 0;
  }
  await commitFiles(changes);
  for (const c of changes) out(`${c.kind === 'create' ? 'created' : 'updated'}  ${c.rel}`);
  return 0;
}

function planAdd(root: string, type: ModelTypeInfo, flags: AddFlags): Change[] {
  const manifest = readYamlFile(root, 'manifest.yaml', 'manifest.yaml');
  const providerRel = providerPath(manifest);
  const provider = readYamlFile(root, providerRel, 'manifest.yaml plugins.models');
  const doc = provider.doc;
  if (!isMap(doc.contents)) throw new UsageError(`${providerRel}: the provider YAML is not a mapping; fix it, then run again.`);

  const providerName = doc.get('provider');
  if (typeof providerName !== 'string' || providerName === '') {
    throw new UsageError(`${providerRel}: \`provider\` must be the provider's name (a string); fix it, then run again.`);
  }

  const changes: Change[] = [];
  const create = (file: PlannedFile) => {
    const path = resolveInside(root, file.path, file.path);
    if (existsSync(path)) throw new UsageError(`${file.path} already exists; move it away (or add the model under another --model name), then run again.`);
    changes.push({ rel: file.path, path, content: file.content, kind: 'create' });
  };

  const declared = stringItems(doc, ['supported_model_types'], providerRel).includes(type.value);
  const methods = stringItems(doc, ['configurate_methods'], providerRel);
  const customizable = methods.includes('customizable-model');
  const hasPredefined = !customizable || methods.includes('predefined-model');
  // The modelines of new files point where the plugin's existing ones do.
  const tool: ToolSource = { spec: '', schemaBase: schemaBaseOf(provider.source) };

  if (!hasPredefined) {
    // Models added by name only: a type is its class and its fields in the model form.
    if (flags.model !== undefined) {
      throw new UsageError(
        `${providerRel}: provider "${providerName}" has customizable-model only, so its models are added by name in Dify, not in model YAML files. ` +
          `Run again without --model to add the ${type.value} type.`,
      );
    }
    if (declared) throw new UsageError(`${providerRel}: provider "${providerName}" already has the ${type.value} type; users add its models by name in Dify.`);
    addToSeq(doc, ['supported_model_types'], type.value, providerRel);
  } else {
    if (!declared) addToSeq(doc, ['supported_model_types'], type.value, providerRel);
    if (!methods.includes('predefined-model')) addToSeq(doc, ['configurate_methods'], 'predefined-model', providerRel);

    let mapping = doc.getIn(['models', type.key]);
    if (mapping !== undefined && !isMap(mapping)) {
      throw new UsageError(`${providerRel}: models.${type.key} is not a mapping of predefined globs; fix it, then run again.`);
    }
    if (doc.get('models') !== undefined && !isMap(doc.get('models'))) {
      throw new UsageError(`${providerRel}: \`models\` is not a mapping; fix it, then run again.`);
    }
    if (!mapping) {
      const dir = `models/${type.key}`;
      doc.setIn(['models', type.key], doc.createNode({ predefined: [quoted(`${dir}/*.yaml`)], position: quoted(`${dir}/_position.yaml`) }));
      mapping = doc.getIn(['models', type.key]);
    }
    const modelDir = modelDirOf(doc, type, providerRel);

    // The model YAML: a name no model of this type has yet, a file name no file has yet.
    const existing = existingModels(root, modelDir, type);
    const model = flags.model ?? type.defaultModel;
    const clash = existing.find((m) => m.model === model);
    if (clash) {
      throw new UsageError(`${clash.file} already declares the ${type.value} model "${printable(model)}"; pass --model <another name>.`);
    }
    const modelFile = uniqueFile(root, planModelYaml(type, model, tool, modelDir));
    create(modelFile);

    // The position list: append to the existing file, or start one.
    const positionRel = positionPathOf(doc, type, modelDir);
    const positionPath = resolveInside(root, positionRel, `${providerRel} models.${type.key}.position`);
    if (existsSync(positionPath)) {
      const position = readYamlFile(root, positionRel, positionRel);
      const contents = position.doc.contents;
      if (contents === null || (isScalar(contents) && contents.value === null)) position.doc.contents = new YAMLSeq();
      else if (!isSeq(position.doc.contents)) throw new UsageError(`${positionRel}: a position file must be a list of model names; fix it, then run again.`);
      (position.doc.contents as YAMLSeq).add(quoted(model));
      changes.push({ rel: positionRel, path: positionPath, content: stringifyLike(position), kind: 'update' });
    } else {
      create(planPosition(type, [model], tool, positionRel));
    }
  }

  // A new type also needs its model class, listed in extra.python.model_sources, and (for
  // models added by name) its fields in the model form.
  if (!declared) {
    const sourceRel = modelSourcePath(type);
    const sources = stringItems(doc, ['extra', 'python', 'model_sources'], providerRel);
    if (!sources.includes(sourceRel)) {
      create(planModelSource(type, baseOf(root, sources, flags.base), pythonClassStem(providerName), customizable));
      addToSeq(doc, ['extra', 'python', 'model_sources'], sourceRel, providerRel);
    }
    if (customizable) {
      const fields = doc.getIn(['model_credential_schema', 'credential_form_schemas'], true);
      if (fields !== undefined && !isSeq(fields)) {
        throw new UsageError(`${providerRel}: model_credential_schema.credential_form_schemas must be a list; fix it, then run again.`);
      }
      for (const field of planModelForm(type)) {
        if (fields === undefined) doc.setIn(['model_credential_schema', 'credential_form_schemas'], new YAMLSeq());
        doc.addIn(['model_credential_schema', 'credential_form_schemas'], doc.createNode(field));
      }
    }
  }
  const providerText = stringifyLike(provider);
  if (providerText !== provider.source) changes.push({ rel: providerRel, path: provider.path, content: providerText, kind: 'update' });

  // Manifest: a plugin that asked to call Dify's models back gets the new type's flag too; one
  // that did not ask keeps not asking (a model provider rarely needs it).
  const permission = ['resource', 'permission', 'model'];
  if (manifest.doc.getIn([...permission, 'enabled']) === true && manifest.doc.getIn([...permission, type.key]) !== true) {
    manifest.doc.setIn([...permission, type.key], true);
    changes.push({ rel: 'manifest.yaml', path: manifest.path, content: stringifyLike(manifest), kind: 'update' });
  }
  return changes;
}

/**
 * The type's own fields of the model form (those with show_on), taken from the provider
 * template `init` renders, so both commands write the same fields.
 */
function planModelForm(type: ModelTypeInfo): unknown[] {
  const rendered = parseDocument(renderTemplate('plugin/provider/provider.yaml.hbs', modelFormContext(type))).toJS() as {
    model_credential_schema?: { credential_form_schemas?: { show_on?: unknown }[] };
  };
  return (rendered.model_credential_schema?.credential_form_schemas ?? []).filter((f) => f.show_on !== undefined);
}

/**
 * The folder the provider YAML's `$schema` modeline points at (relative ones as seen from the
 * plugin root), so a new file's modeline matches; the CDN of this version when there is none.
 */
function schemaBaseOf(providerSource: string): string {
  const m = /^#\s*yaml-language-server:\s*\$schema=(\S+)\/provider\.schema\.json\s*$/m.exec(providerSource.slice(0, 2000));
  if (!m) return schemaBaseUrl();
  const base = m[1]!;
  if (/^[a-z]+:\/\//.test(base) || base.startsWith('/')) return base;
  // provider/<name>.yaml is one folder down.
  return base.startsWith('../') ? base.slice(3) : base;
}

function providerPath(manifest: YamlFile): string {
  const models = manifest.doc.getIn(['plugins', 'models']);
  const items = isSeq(models) ? models.items.map((i) => (isScalar(i) ? i.value : undefined)) : [];
  if (items.length !== 1 || typeof items[0] !== 'string') {
    throw new UsageError('manifest.yaml: plugins.models must list exactly one provider YAML file; fix it, then run again.');
  }
  return items[0];
}

/** The string items of a sequence (absent → []); anything else is the author's to fix. */
function stringItems(doc: Document, path: string[], file: string): string[] {
  const node = doc.getIn(path, true);
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) throw new UsageError(`${file}: ${path.join('.')} must be a list; fix it, then run again.`);
  return node.items.map((i) => (isScalar(i) ? String(i.value) : ''));
}

function addToSeq(doc: Document, path: string[], value: string, file: string): void {
  const node = doc.getIn(path, true);
  if (node === undefined || (isScalar(node) && node.value === null)) {
    doc.setIn(path, new YAMLSeq());
  } else if (!isSeq(node)) {
    throw new UsageError(`${file}: ${path.join('.')} must be a list; fix it, then run again.`);
  }
  doc.addIn(path, path[0] === 'extra' ? quoted(value) : value);
}

function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** The folder the type's first `dir/*.yaml` glob points at: where a new model YAML goes. */
function modelDirOf(doc: Document, type: ModelTypeInfo, file: string): string {
  const globs = stringItems(doc, ['models', type.key, 'predefined'], file);
  for (const glob of globs) {
    const match = /^([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*)\/\*\.ya?ml$/.exec(glob);
    if (match && !match[1]!.split('/').includes('..') && !match[1]!.startsWith('./')) return match[1]!;
  }
  throw new UsageError(
    `${file}: models.${type.key}.predefined has no "<folder>/*.yaml" glob, so I cannot tell where a new model goes. ` +
      `Add "models/${type.key}/*.yaml" to it, then run again.`,
  );
}

function positionPathOf(doc: Document, type: ModelTypeInfo, modelDir: string): string {
  const position = doc.getIn(['models', type.key, 'position']);
  if (typeof position === 'string' && position !== '') return position;
  // No `position:` key: the SDK still reads a _position.yaml matched by the glob.
  return `${modelDir}/_position.yaml`;
}

function existingModels(root: string, modelDir: string, type: ModelTypeInfo): { model: unknown; file: string }[] {
  const dir = resolveInside(root, modelDir, modelDir);
  if (!existsSync(dir)) return [];
  const found: { model: unknown; file: string }[] = [];
  for (const entry of readdirSync(dir)) {
    if (!/\.ya?ml$/.test(entry) || entry.endsWith('_position.yaml')) continue;
    let data: unknown;
    try {
      data = parseDocument(readFileSync(join(dir, entry), 'utf8')).toJS();
    } catch {
      continue; // Not ours to judge here; `validate` reports broken files.
    }
    if (data && typeof data === 'object' && (data as { model_type?: unknown }).model_type === type.value) {
      found.push({ model: (data as { model?: unknown }).model, file: `${modelDir}/${entry}` });
    }
  }
  return found;
}

/** `foo.yaml`, else `foo-2.yaml`, `foo-3.yaml`... whichever is free. */
function uniqueFile(root: string, file: PlannedFile): PlannedFile {
  const stem = file.path.replace(/\.yaml$/, '');
  let path = file.path;
  for (let n = 2; existsSync(resolveInside(root, path, path)); n++) path = `${stem}-${n}.yaml`;
  return { ...file, path };
}

/** The base of a new type's class: as asked, else like the plugin's existing classes. */
function baseOf(root: string, sources: string[], asked: string | undefined): Base {
  if (asked) return asked as Base;
  for (const rel of sources) {
    let text = '';
    try {
      text = readFileSync(resolveInside(root, rel, rel), 'utf8');
    } catch {
      continue;
    }
    if (text.includes('OAICompat')) return 'openai-compatible';
    if (text.includes('raise NotImplementedError(msg)') && text.includes('TODO:')) return 'blank';
  }
  return 'openai-compatible';
}
