// Reading an existing plugin for `add`: paths stay inside the plugin root, and YAML is loaded
// as a `yaml` Document so edits keep the author's comments and layout.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { UsageError } from '../cli/errors.js';
import { PluginFs } from '../plugin/plugin-fs.js';
import { sequenceIndentOf } from '../plugin/yaml-edit.js';

/**
 * The absolute path of `rel` inside `root`, resolved by the shared plugin layer: refuses absolute
 * paths, `..` that climbs out, and symbolic links on the way that lead outside the root.
 */
export function resolveInside(root: string, rel: string, where: string): string {
  const fs = new PluginFs(root);
  const r = fs.resolve(rel);
  switch (r.status) {
    case 'absolute':
      throw new UsageError(`${where}: ${rel} is an absolute path; plugin paths are relative to the plugin root.`);
    case 'parent':
      throw new UsageError(`${where}: ${rel} points outside the plugin folder ${root}.`);
    case 'outside':
      throw new UsageError(`${where}: ${rel} leads outside the plugin folder through a symbolic link.`);
    case 'invalid':
      throw new UsageError(`${where}: "${rel}" is not a usable path.`);
    default:
      return r.rel ? join(fs.root, ...r.rel.split('/')) : fs.root;
  }
}

export interface YamlFile {
  /** Path relative to the plugin root, as written in the plugin's files. */
  rel: string;
  path: string;
  source: string;
  doc: Document;
}

export function readYamlFile(root: string, rel: string, where: string): YamlFile {
  const path = resolveInside(root, rel, where);
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${where}: cannot read ${rel} (${code ?? String(err)}).`);
  }
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw new UsageError(`${rel}:${pos?.line ?? 1}:${pos?.col ?? 1}: ${error.message}. Fix the YAML, then run again.`);
  }
  return { rel, path, source, doc };
}

/**
 * The document as text, laid out like its source: block sequences indented under their key
 * or not (whichever the file mostly does), no re-wrapping of long lines, the BOM kept.
 */
export function stringifyLike(file: YamlFile): string {
  const text = file.doc.toString({ lineWidth: 0, indentSeq: sequenceIndentOf(file.source) });
  return (file.source.startsWith('\uFEFF') ? '\uFEFF' : '') + text;
}

export function pluginRootOf(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(join(root, 'manifest.yaml'))) {
    throw new UsageError(`${root} has no manifest.yaml: run this inside a plugin folder, or pass --dir <plugin folder>.`);
  }
  return root;
}
