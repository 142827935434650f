// Every path a plugin's YAML files point at (reference §8.3), in one list, so that the existence
// rules (P5, P15, P16, F2, F9), the path-safety rule (F7) and the ignore-file rule (F6) agree on
// what is referenced and where it is written.
import type { LoadedPlugin } from '../../../plugin/load.js';
import { getPath, isRecord } from '../../../plugin/load.js';
import type { ResolvedPath } from '../../../plugin/plugin-fs.js';
import type { ValuePath } from '../../../plugin/position.js';
import type { YamlFile } from '../../../plugin/yaml-file.js';
import { closest } from './suggest.js';

export type RefKind = 'provider-yaml' | 'icon' | 'position' | 'provider-source' | 'model-source' | 'entrypoint';

export interface PathRef {
  kind: RefKind;
  /** The value as written in the YAML file. */
  written: string;
  /** The path actually looked up, relative to the root (icons get `_assets/` in front). */
  lookup: string;
  resolved: ResolvedPath;
  file: YamlFile;
  path: ValuePath;
  /** For icons: the field and language, e.g. `icon_small.en_US`. */
  label: string;
}

export const I18N_KEYS = ['en_US', 'zh_Hans', 'ja_JP', 'pt_BR'] as const;
export const PROVIDER_ICON_FIELDS = ['icon_small', 'icon_large', 'icon_small_dark', 'icon_large_dark'] as const;
export const MANIFEST_ICON_FIELDS = ['icon', 'icon_dark'] as const;
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const cache = new WeakMap<LoadedPlugin, PathRef[]>();

export function pathRefs(plugin: LoadedPlugin): PathRef[] {
  const hit = cache.get(plugin);
  if (hit) return hit;
  const refs: PathRef[] = [];
  const { fs, manifest, provider } = plugin;
  const add = (kind: RefKind, written: string, lookup: string, file: YamlFile, path: ValuePath, label: string) => {
    refs.push({ kind, written, lookup, resolved: fs.resolve(lookup), file, path, label });
  };

  if (manifest?.data !== undefined) {
    for (const r of plugin.providerRefs) {
      if (typeof r.written === 'string' && r.written !== '') add('provider-yaml', r.written, r.written, manifest, r.path, 'plugins.models');
    }
    for (const field of MANIFEST_ICON_FIELDS) {
      const v = getPath(manifest.data, [field]);
      if (typeof v === 'string' && v !== '') add('icon', v, iconLookup(v), manifest, [field], field);
    }
    const entry = getPath(manifest.data, ['meta', 'runner', 'entrypoint']);
    // `main.py` is a file name, not a module name: the schema (M12) reports it.
    if (typeof entry === 'string' && MODULE_NAME.test(entry) && !entry.endsWith('.py')) {
      const base = entry.split('.').join('/');
      // `python -m x` runs x.py, or x/__main__.py for a package.
      const pkgMain = `${base}/__main__.py`;
      const lookup = fs.resolve(`${base}.py`).status === 'missing' && fs.resolve(pkgMain).status !== 'missing' ? pkgMain : `${base}.py`;
      add('entrypoint', entry, lookup, manifest, ['meta', 'runner', 'entrypoint'], 'meta.runner.entrypoint');
    }
  }

  if (provider?.data !== undefined) {
    for (const field of PROVIDER_ICON_FIELDS) {
      const obj = getPath(provider.data, [field]);
      if (!isRecord(obj)) continue;
      for (const lang of I18N_KEYS) {
        const v = obj[lang];
        if (typeof v === 'string' && v !== '') add('icon', v, iconLookup(v), provider, [field, lang], `${field}.${lang}`);
      }
    }
    for (const p of plugin.positionRefs) add('position', p.written, p.written, provider, p.path, `models.${p.key}.position`);
    const src = getPath(provider.data, ['extra', 'python', 'provider_source']);
    if (typeof src === 'string' && src !== '') add('provider-source', src, src, provider, ['extra', 'python', 'provider_source'], 'extra.python.provider_source');
    const sources = getPath(provider.data, ['extra', 'python', 'model_sources']);
    if (Array.isArray(sources)) {
      sources.forEach((s, i) => {
        if (typeof s === 'string' && s !== '') add('model-source', s, s, provider, ['extra', 'python', 'model_sources', i], `extra.python.model_sources[${i}]`);
      });
    }
  }
  cache.set(plugin, refs);
  return refs;
}

/** Icons are file names relative to `_assets/` (reference §5.2). */
export function iconLookup(value: string): string {
  return `_assets/${value}`;
}

/** Why a resolved path is not a readable file: "does not exist", or the truth when a folder on its way is unreadable. */
export function missingReason(r: ResolvedPath, folder = 'is a folder'): string {
  if (r.status === 'directory') return folder;
  if (r.status === 'unreadable') return 'cannot be read (permission denied on a folder on its path)';
  return 'does not exist';
}

/** True when the reference leaves the plugin root (F7 reports these; other rules stay quiet). */
export function escapes(r: ResolvedPath): boolean {
  return r.status === 'absolute' || r.status === 'parent' || r.status === 'outside';
}

/** " Did you mean …?" for a missing file: near names, else the only file of that kind in the folder. */
export function suggestFile(wanted: string, files: readonly string[], ext?: RegExp): string {
  const pool = ext ? files.filter((f) => ext.test(f)) : files;
  let list = closest(wanted, pool);
  if (list.length === 0) {
    const dir = wanted.includes('/') ? wanted.slice(0, wanted.lastIndexOf('/') + 1) : '';
    const sameDir = pool.filter((f) => f.startsWith(dir) && !f.slice(dir.length).includes('/'));
    if (sameDir.length === 1) list = sameDir;
  }
  if (list.length === 0) return '';
  return ` Did you mean ${list.map((c) => `"${c}"`).join(' or ')}?`;
}
