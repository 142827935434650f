// The files of a plugin, rendered in memory: what `init` writes (and `--dry-run` lists) and the
// per-type pieces `add` reuses. Nothing here touches the disk.
import type { Base, PluginConfig } from './answers.js';
import type { ModelTypeInfo } from './model-types.js';
import { packageVersion, schemaBaseUrl, SDK_REQUIREMENT } from './package-info.js';
import { modelFileStem, pythonClassStem } from './quote.js';
import { renderTemplate } from './render.js';

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
  ['PRIVACY.md.hbs', 'PRIVACY.md'],
  ['dot-env.example.hbs', '.env.example'],
  ['dot-difyignore.hbs', '.difyignore'],
  ['dot-gitignore.hbs', '.gitignore'],
  ['dot-github/workflows/validate.yml.hbs', '.github/workflows/validate.yml'],
  ['_assets/icon.svg.hbs', '_assets/icon.svg'],
  ['_assets/icon-dark.svg.hbs', '_assets/icon-dark.svg'],
];

export function planPlugin(config: PluginConfig, now: Date = new Date()): PlannedFile[] {
  const types = config.types.map((type, i) => ({
    value: type.value,
    key: type.key,
    title: type.title,
    model: i === 0 ? config.model : type.defaultModel,
  }));
  const context = {
    schemaBase: schemaBaseUrl(),
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
    types,
  };

  const files: PlannedFile[] = PLUGIN_FILES.map(([template, path]) => ({
    path,
    content: renderTemplate(`plugin/${template}`, context),
  }));
  files.push(
    config.pythonProject === 'pyproject'
      ? { path: 'pyproject.toml', content: renderTemplate('plugin/pyproject.toml.hbs', context) }
      : { path: 'requirements.txt', content: renderTemplate('plugin/requirements.txt.hbs', context) },
    { path: context.providerYamlPath, content: renderTemplate('plugin/provider/provider.yaml.hbs', context) },
    { path: context.providerSourcePath, content: renderTemplate('plugin/provider/provider.py.hbs', context) },
  );
  config.types.forEach((type, i) => {
    const model = types[i]!.model;
    files.push(
      planModelYaml(type, model),
      planModelSource(type, config.base, context.classStem),
      planPosition(type, [model]),
    );
  });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `models/<key>/<model>.yaml`: one predefined model with the properties its type needs. */
export function planModelYaml(type: ModelTypeInfo, model: string, dir = `models/${type.key}`): PlannedFile {
  return {
    path: `${dir}/${modelFileStem(model)}.yaml`,
    content: renderTemplate(`models/${type.key}/model.yaml.hbs`, { schemaBase: schemaBaseUrl(), model }),
  };
}

/** `models/<key>/<key>.py`: the model class (three path components, see the SDK's error naming). */
export function planModelSource(type: ModelTypeInfo, base: Base, classStem: string): PlannedFile {
  return {
    path: modelSourcePath(type),
    content: renderTemplate(`models/${type.key}/${base}.py.hbs`, { classStem }),
  };
}

export function modelSourcePath(type: ModelTypeInfo): string {
  return `models/${type.key}/${type.key}.py`;
}

export function planPosition(type: ModelTypeInfo, models: string[]): PlannedFile {
  return {
    path: `models/${type.key}/_position.yaml`,
    content: renderTemplate('models/_position.yaml.hbs', { schemaBase: schemaBaseUrl(), models }),
  };
}

/** A PEP 508 project name (must start and end with a letter or digit). */
function pyprojectName(name: string): string {
  return name.replace(/^[-_]+|[-_]+$/g, '') || 'dify-model-plugin';
}
