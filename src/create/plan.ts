// The files of a plugin, rendered in memory: what `init` writes (and `--dry-run` lists) and the
// per-type pieces `add` reuses. Nothing here touches the disk.
import type { Base, PluginConfig } from './answers.js';
import type { ModelTypeInfo } from './model-types.js';
import { MINIMUM_DIFY_VERSION, packageVersion, RUNNER_PYTHON, SDK_REQUIREMENT } from './package-info.js';
import { modelFileStem, pythonClassStem } from './quote.js';
import { renderTemplate } from './render.js';
import { schemaBaseFor } from './tool-source.js';
import type { ToolSource } from './answers.js';

export interface PlannedFile {
  /** Path relative to the plugin root, with forward slashes. */
  path: string;
  content: string;
}

/** Template (under templates/plugin/) → the file it becomes. */
const PLUGIN_FILES: ReadonlyArray<[template: string, output: string]> = [
  ['manifest.yaml.hbs', 'manifest.yaml'],
  ['main.py.hbs', 'main.py'],
  ['README.md.hbs', 'README.md'],
  ['GUIDE.md.hbs', 'GUIDE.md'],
  ['PRIVACY.md.hbs', 'PRIVACY.md'],
  ['dot-env.example.hbs', '.env.example'],
  ['dot-difyignore.hbs', '.difyignore'],
  ['dot-gitignore.hbs', '.gitignore'],
  ['dot-github/workflows/plugin.yml.hbs', '.github/workflows/plugin.yml'],
  ['_assets/icon.svg.hbs', '_assets/icon.svg'],
  ['_assets/icon-dark.svg.hbs', '_assets/icon-dark.svg'],
];

export function planPlugin(config: PluginConfig, now: Date = new Date()): PlannedFile[] {
  const predefined = config.configurate !== 'customizable';
  const customizable = config.configurate !== 'predefined';
  const types = config.types.map((type, i) => typeContext(type, i === 0 ? config.model : type.defaultModel));
  const context = {
    schemaBase: schemaBaseFor(config.tool, 0),
    providerSchemaBase: schemaBaseFor(config.tool, 1),
    toolSpec: config.tool.spec,
    packageVersion: packageVersion(),
    name: config.name,
    author: config.author,
    label: config.label,
    description: config.description,
    createdAt: now.toISOString(),
    classStem: pythonClassStem(config.name),
    providerYamlPath: `provider/${config.name}.yaml`,
    providerSourcePath: `provider/${config.name}.py`,
    pyproject: config.pythonProject === 'pyproject',
    pyprojectName: pyprojectName(config.name),
    sdkRequirement: SDK_REQUIREMENT,
    runnerPython: RUNNER_PYTHON,
    predefined,
    customizable,
    both: predefined && customizable,
    modelPermission: config.modelPermission,
    repo: config.repo ?? '',
    contact: config.contact ?? '',
    minimumDifyVersion: MINIMUM_DIFY_VERSION,
    firstType: types[0]!,
    types,
  };

  const files: PlannedFile[] = PLUGIN_FILES.map(([template, path]) => ({
    path,
    content: renderTemplate(`plugin/${template}`, context),
  }));
  if (config.pythonProject === 'pyproject') {
    files.push(
      { path: 'pyproject.toml', content: renderTemplate('plugin/pyproject.toml.hbs', context) },
      // uv (Dify's installer) picks the interpreter from here: the runner's version.
      { path: '.python-version', content: `${RUNNER_PYTHON}\n` },
    );
  } else {
    files.push({ path: 'requirements.txt', content: renderTemplate('plugin/requirements.txt.hbs', context) });
  }
  files.push(
    { path: context.providerYamlPath, content: renderTemplate('plugin/provider/provider.yaml.hbs', context) },
    { path: context.providerSourcePath, content: renderTemplate('plugin/provider/provider.py.hbs', context) },
  );
  config.types.forEach((type, i) => {
    files.push(planModelSource(type, config.base, context.classStem, customizable));
    if (!predefined) return; // models added by name have no YAML
    const model = types[i]!.model;
    files.push(planModelYaml(type, model, config.tool), planPosition(type, [model], config.tool));
  });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function typeContext(type: ModelTypeInfo, model: string) {
  return {
    value: type.value,
    key: type.key,
    title: type.title,
    model,
    // One flag per type, for the type-specific parts of the templates.
    llm: type.value === 'llm',
    textEmbedding: type.value === 'text-embedding',
    rerank: type.value === 'rerank',
    tts: type.value === 'tts',
    speech2text: type.value === 'speech2text',
    moderation: type.value === 'moderation',
  };
}

/** What the provider template needs to render the model form of one customizable type (for `add`). */
export function modelFormContext(type: ModelTypeInfo): object {
  const t = typeContext(type, type.defaultModel);
  return {
    providerSchemaBase: '',
    name: 'x',
    label: 'x',
    description: 'x',
    providerSourcePath: 'x',
    predefined: false,
    customizable: true,
    types: [t],
  };
}

/** `models/<key>/<model>.yaml`: one predefined model with the properties its type needs. */
export function planModelYaml(type: ModelTypeInfo, model: string, tool: ToolSource, dir = `models/${type.key}`): PlannedFile {
  return {
    path: `${dir}/${modelFileStem(model)}.yaml`,
    content: renderTemplate(`models/${type.key}/model.yaml.hbs`, { schemaBase: schemaBaseFor(tool, depthOf(dir)), model }),
  };
}

/** Folders between the plugin root and a file in `dir`. */
function depthOf(dir: string): number {
  return dir.split('/').filter(Boolean).length;
}

/** `models/<key>/<key>.py`: the model class (three path components, see the SDK's error naming). */
export function planModelSource(type: ModelTypeInfo, base: Base, classStem: string, customizable: boolean): PlannedFile {
  return {
    path: modelSourcePath(type),
    content: renderTemplate(`models/${type.key}/${base}.py.hbs`, { classStem, customizable }),
  };
}

export function modelSourcePath(type: ModelTypeInfo): string {
  return `models/${type.key}/${type.key}.py`;
}

export function planPosition(type: ModelTypeInfo, models: string[], tool: ToolSource, path = `models/${type.key}/_position.yaml`): PlannedFile {
  const dir = path.split('/').slice(0, -1).join('/');
  return {
    path,
    content: renderTemplate('models/_position.yaml.hbs', { schemaBase: schemaBaseFor(tool, depthOf(dir)), models }),
  };
}

/** A PEP 508 project name (must start and end with a letter or digit). */
function pyprojectName(name: string): string {
  return name.replace(/^[-_]+|[-_]+$/g, '') || 'dify-model-plugin';
}
