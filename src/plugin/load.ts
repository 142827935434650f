// Loads a plugin the way Dify does (reference §1): manifest.yaml → the provider YAML listed in
// `plugins.models` → the model YAML files its `models.<key>.predefined` globs reach. Each file is
// read and parsed once; nothing outside the plugin root is read.
import { PluginFs, type ResolvedPath } from './plugin-fs.js';
import type { ValuePath } from './position.js';
import type { YamlFile } from './yaml-file.js';
import { GlobMatcher, compileGoGlob, compilePythonGlob } from './glob.js';
import { isModelTypeKey } from './model-types.js';
import { getPath, isRecord } from './values.js';

// Kept here too: rules read plugin data through these.
export { getPath, isRecord } from './values.js';

export interface ProviderRef {
  written: unknown;
  path: ValuePath;
  resolved: ResolvedPath | undefined;
}

/** One `models.<key>.predefined[i]` pattern and what each Dify component finds with it. */
export interface GlobRef {
  key: string;
  pattern: string;
  /** Where the pattern is written in the provider file. */
  path: ValuePath;
  /** Files the daemon's Go matcher picks (packaged installs). */
  daemonMatches: string[];
  /** Files the SDK's Python glob picks (the running plugin). */
  sdkMatches: string[];
  /** Set when Go's filepath.Match rejects the pattern: the daemon's decode fails. */
  syntaxError?: string;
  /** Set when the pattern is longer than we match (MAX_GLOB_LENGTH); it was not matched. */
  tooLong?: boolean;
}

export interface ModelFileRef {
  /** The mapping key of the first glob that reached the file. */
  key: string;
  yaml: YamlFile;
  globs: GlobRef[];
}

export interface LoadedPlugin {
  /** Absolute real path of the plugin root (holds manifest.yaml). */
  root: string;
  fs: PluginFs;
  manifest: YamlFile | undefined;
  /** Entries of manifest `plugins.models`. */
  providerRefs: ProviderRef[];
  /** The provider YAML (the first listed, as remote debug keeps it), if it could be read. */
  provider: YamlFile | undefined;
  globs: GlobRef[];
  /** Model YAML files reached by any glob (SDK or daemon), excluding `_position.yaml` files. */
  modelFiles: ModelFileRef[];
  /** `_position.yaml` files reached by globs, per mapping key. */
  globbedPositionFiles: { key: string; path: string }[];
  /** `models.<key>.position` entries (what the daemon reads), resolved and loaded when they are files. */
  positionRefs: PositionRef[];
}

export interface PositionRef {
  key: string;
  written: string;
  path: ValuePath;
  resolved: ResolvedPath;
  yaml: YamlFile | undefined;
}

const POSITION_SUFFIX = '_position.yaml';
const YAML_FILE = /\.ya?ml$/i;

export function loadPlugin(root: string): LoadedPlugin {
  const fs = new PluginFs(root);
  const manifest = fs.loadYaml('manifest.yaml');
  const plugin: LoadedPlugin = {
    root: fs.root,
    fs,
    manifest,
    providerRefs: [],
    provider: undefined,
    globs: [],
    modelFiles: [],
    globbedPositionFiles: [],
    positionRefs: [],
  };

  const models = getPath(manifest?.data, ['plugins', 'models']);
  if (Array.isArray(models)) {
    plugin.providerRefs = models.map((written, i) => ({
      written,
      path: ['plugins', 'models', i],
      resolved: typeof written === 'string' ? fs.resolve(written) : undefined,
    }));
  } else if (typeof models === 'string') {
    // Both parsers refuse a plain string, but a reader still wants the provider checked.
    plugin.providerRefs = [{ written: models, path: ['plugins', 'models'], resolved: fs.resolve(models) }];
  }
  const first = plugin.providerRefs.find((r) => r.resolved?.status === 'file');
  if (first?.resolved) plugin.provider = fs.loadYaml(first.resolved.rel);

  collectGlobs(plugin);
  collectPositionRefs(plugin);
  return plugin;
}

function collectGlobs(plugin: LoadedPlugin): void {
  const mapping = getPath(plugin.provider?.data, ['models']);
  if (!isRecord(mapping)) return;
  const files = plugin.fs.walk().files;
  const byPath = new Map<string, ModelFileRef>();

  for (const [key, entry] of Object.entries(mapping)) {
    // Both Dify parsers ignore other keys (e.g. `text-embedding:`), so their files are never loaded.
    if (!isModelTypeKey(key)) continue;
    const predefined = isRecord(entry) ? entry.predefined : undefined;
    if (!Array.isArray(predefined)) continue;
    predefined.forEach((pattern, i) => {
      if (typeof pattern !== 'string') return;
      const ref: GlobRef = { key, pattern, path: ['models', key, 'predefined', i], daemonMatches: [], sdkMatches: [] };
      const go = compileGoGlob(pattern);
      if (go instanceof GlobMatcher) ref.daemonMatches = files.filter((f) => go.test(f));
      else if (go.tooLong) ref.tooLong = true;
      else ref.syntaxError = go.message;
      // The SDK refuses absolute patterns and never leaves cwd; `..` patterns are reported by the rules.
      const py = pattern.startsWith('/') || pattern.split('/').includes('..') ? undefined : compilePythonGlob(pattern);
      if (py) ref.sdkMatches = files.filter((f) => py.test(f));
      plugin.globs.push(ref);

      for (const f of new Set([...ref.sdkMatches, ...ref.daemonMatches])) {
        if (f.endsWith(POSITION_SUFFIX)) {
          if (!plugin.globbedPositionFiles.some((p) => p.key === key && p.path === f)) {
            plugin.globbedPositionFiles.push({ key, path: f });
          }
          continue;
        }
        // Both Dify components would parse any matched file as YAML; P14 reports the others,
        // which are never parsed here (a `**` can reach a 700 KB tokenizer.json).
        if (!YAML_FILE.test(f)) continue;
        const existing = byPath.get(f);
        if (existing) {
          if (!existing.globs.includes(ref)) existing.globs.push(ref);
          continue;
        }
        const yaml = plugin.fs.loadYaml(f);
        if (!yaml) continue;
        const fileRef: ModelFileRef = { key, yaml, globs: [ref] };
        byPath.set(f, fileRef);
        plugin.modelFiles.push(fileRef);
      }
    });
  }
}

function collectPositionRefs(plugin: LoadedPlugin): void {
  const mapping = getPath(plugin.provider?.data, ['models']);
  if (!isRecord(mapping)) return;
  for (const [key, entry] of Object.entries(mapping)) {
    const written = isRecord(entry) ? entry.position : undefined;
    if (typeof written !== 'string') continue;
    const resolved = plugin.fs.resolve(written);
    const yaml = resolved.status === 'file' ? plugin.fs.loadYaml(resolved.rel) : undefined;
    plugin.positionRefs.push({ key, written, path: ['models', key, 'position'], resolved, yaml });
  }
}
