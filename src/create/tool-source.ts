// Where the generated files get this tool from. Two places refer to it: the CI workflow runs
// `npx --package <spec> model-plugin …`, and the `# yaml-language-server: $schema=…` modelines
// point editors at our JSON Schemas. Both default to the npm registry (the CDN mirrors every
// published version), which does not work before the package is published, or for a fork: so
// both are configurable, by flag or environment variable, and `create` says which it wrote.
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { printable, type ToolSource } from './answers.js';
import { packageVersion, schemaBaseUrl } from './package-info.js';

export const TOOL_SOURCE_ENV = 'MODEL_PLUGIN_TOOL_SOURCE';
export const SCHEMAS_ENV = 'MODEL_PLUGIN_SCHEMAS';

export type ToolSourceKind = 'registry' | 'tarball' | 'git' | 'path';
export type SchemaKind = 'cdn' | 'local' | 'node_modules' | 'url';

export interface ResolvedToolSource extends ToolSource {
  kind: ToolSourceKind;
  schemaKind: SchemaKind;
}

/** The default npm spec: this exact version from the registry. */
export function defaultToolSpec(): string {
  return `create-model-plugin@${packageVersion()}`;
}

/**
 * Characters an npm spec, a path, a git URL or a tarball URL needs; nothing a shell or YAML
 * would read differently (the spec is written into a workflow `run:` line and a README).
 */
const SPEC = /^[A-Za-z0-9@._~:/+#=?%,-]+$/;

export function checkToolSource(value: string): string | undefined {
  if (value === '') return 'the tool source must not be empty';
  if (!SPEC.test(value)) {
    return `"${printable(value)}" cannot be written into a workflow as it is: use an npm spec (create-model-plugin@1.2.3), a tarball (./tools/create-model-plugin-1.2.3.tgz), a git URL (git+https://host/owner/repo.git#v1.2.3) or a path, without spaces or quotes`;
  }
  return undefined;
}

export function checkSchemas(value: string): string | undefined {
  if (['cdn', 'local', 'node_modules'].includes(value)) return undefined;
  if (/^https?:\/\/\S+$/.test(value) && !/["'\s]/.test(value)) return undefined;
  return `unknown schema source "${printable(value)}"; choose cdn, local, node_modules or an http(s) URL of a folder holding <kind>.schema.json`;
}

export function toolSourceKind(spec: string): ToolSourceKind {
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /\.git(#.*)?$/.test(spec)) return 'git';
  if (/\.(tgz|tar\.gz|tar)$/.test(spec)) return 'tarball';
  if (/^(\.{1,2}(\/|$)|\/|~\/|file:)/.test(spec) || /^[A-Za-z]:[\\/]/.test(spec)) return 'path';
  // npm reads `owner/repo` as a GitHub repository.
  if (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(#.*)?$/.test(spec)) return 'git';
  return 'registry';
}

/**
 * The tool source and schema base from flags, then the environment, then the defaults: this
 * version from npm, and schemas from the CDN for a registry spec (the CDN mirrors the registry)
 * or from this installation's own copy otherwise (the CDN has nothing for a tarball or a fork).
 */
export function resolveToolSource(
  flags: { toolSource?: string; schemas?: string },
  env: NodeJS.ProcessEnv = process.env,
): { source?: ResolvedToolSource; error?: string } {
  const fromFlag = flags.toolSource !== undefined;
  const spec = flags.toolSource ?? (env[TOOL_SOURCE_ENV] || undefined) ?? defaultToolSpec();
  const specProblem = checkToolSource(spec);
  if (specProblem) return { error: `${fromFlag ? '--tool-source' : TOOL_SOURCE_ENV}: ${specProblem}` };
  const kind = toolSourceKind(spec);

  const schemasFromFlag = flags.schemas !== undefined;
  const schemas = flags.schemas ?? (env[SCHEMAS_ENV] || undefined) ?? (kind === 'registry' ? 'cdn' : 'local');
  const schemasProblem = checkSchemas(schemas);
  if (schemasProblem) return { error: `${schemasFromFlag ? '--schemas' : SCHEMAS_ENV}: ${schemasProblem}` };

  const schemaKind: SchemaKind = schemas === 'cdn' || schemas === 'local' || schemas === 'node_modules' ? schemas : 'url';
  const schemaBase =
    schemaKind === 'cdn'
      ? schemaBaseUrl()
      : schemaKind === 'local'
        ? join(PACKAGE_ROOT, 'schemas').split(sep).join('/')
        : schemaKind === 'node_modules'
          ? 'node_modules/create-model-plugin/schemas'
          : schemas.replace(/\/+$/, '');
  return { source: { spec, schemaBase, kind, schemaKind } };
}

/**
 * The modeline base as seen from a YAML file `depth` folders below the plugin root: only the
 * plugin-relative node_modules form changes with depth.
 */
export function schemaBaseFor(tool: ToolSource, depth: number): string {
  if (isAbsolute(tool.schemaBase) || /^[a-z]+:\/\//.test(tool.schemaBase)) return tool.schemaBase;
  return '../'.repeat(depth) + tool.schemaBase;
}

/** What `create` says about the tool source it wrote. */
export function describeToolSource(source: ResolvedToolSource): string[] {
  const lines = [`CI workflow runs: npx --package ${source.spec} model-plugin …  (${kindText(source.kind)}; change MODEL_PLUGIN_TOOL in .github/workflows/plugin.yml)`];
  const schemas: Record<SchemaKind, string> = {
    cdn: 'the CDN copy of the published package',
    local: 'this installation\'s copy, on this machine only',
    node_modules: 'node_modules/create-model-plugin in the plugin folder (npm install --save-dev it there)',
    url: 'the URL given',
  };
  lines.push(`Schema modelines: ${source.schemaBase}/  (${schemas[source.schemaKind]})`);
  if (source.kind === 'registry' && source.spec === defaultToolSpec()) {
    lines.push(`  Not on npm yet, or a fork: pass --tool-source <tarball|git URL|path> (or set ${TOOL_SOURCE_ENV}); see the README.`);
  }
  if ((source.kind === 'tarball' || source.kind === 'path') && !/^[a-z+]+:\/\//.test(source.spec) && (isAbsolute(source.spec) || source.spec.startsWith('..'))) {
    lines.push('  CI checks out only the plugin repository: put the tarball inside it and give its path relative to the plugin root.');
  }
  return lines;
}

function kindText(kind: ToolSourceKind): string {
  return { registry: 'from the npm registry', tarball: 'from a tarball', git: 'from a git repository', path: 'from a local folder' }[kind];
}

/**
 * How the "Next:" lines run the tool: plainly as `model-plugin` when that command on PATH is
 * this installation (npm install -g, npm link), else through npx with the tool source.
 */
export function commandPrefix(spec: string, cwd = process.cwd()): string {
  if (onPathIsThisPackage()) return 'model-plugin';
  const kind = toolSourceKind(spec);
  // A relative path would be read from the plugin folder after `cd`: write it absolute.
  const shown = (kind === 'tarball' || kind === 'path') && /^\.{1,2}(\/|$)/.test(spec) ? resolve(cwd, spec) : spec;
  return `npx --package ${shown} model-plugin`;
}

function onPathIsThisPackage(): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const bin = join(dir, process.platform === 'win32' ? 'model-plugin.cmd' : 'model-plugin');
    if (!existsSync(bin)) continue;
    // npm's global bin is a link into <prefix>/lib/node_modules/create-model-plugin (or the clone).
    try {
      const target = realpathSync(bin);
      const root = realpathSync(PACKAGE_ROOT);
      return !relative(root, target).startsWith('..');
    } catch {
      return false;
    }
  }
  return false;
}
