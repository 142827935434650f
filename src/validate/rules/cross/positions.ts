// P15: a position file exists and is a YAML list of strings. X5: each position file is reached both
// ways Dify reads it (the daemon by the `position:` key, the SDK by a glob), and lists known models
// (reference §7).
import { isMap, isScalar, isSeq } from '../../../plugin/yaml-ast.js';
import type { Node } from 'yaml';
import type { Rule, RuleContext } from '../../rule.js';
import type { LoadedPlugin } from '../../../plugin/load.js';
import { getPath } from '../../../plugin/load.js';
import { isModelTypeKey, keyToType } from '../../../plugin/model-types.js';
import type { YamlFile } from '../../../plugin/yaml-file.js';
import { escapes, suggestFile } from './refs.js';
import { didYouMean } from './suggest.js';
import { replaceScalar } from '../../../plugin/yaml-edit.js';
import { fixOf } from '../fixes.js';

interface PositionFile {
  path: string;
  /** Keys whose `position:` names the file (the daemon reads it for packaged installs). */
  daemonKeys: string[];
  /** Keys whose globs reach the file (the SDK reads it for the running plugin). */
  sdkKeys: string[];
  yaml: YamlFile | undefined;
}

function positionFiles(plugin: LoadedPlugin): PositionFile[] {
  const byPath = new Map<string, PositionFile>();
  const get = (path: string) => {
    let pf = byPath.get(path);
    if (!pf) {
      pf = { path, daemonKeys: [], sdkKeys: [], yaml: plugin.fs.loadYaml(path) };
      byPath.set(path, pf);
    }
    return pf;
  };
  for (const p of plugin.positionRefs) if (p.resolved.status === 'file') get(p.resolved.rel).daemonKeys.push(p.key);
  for (const g of plugin.globbedPositionFiles) get(g.path).sdkKeys.push(g.key);
  return [...byPath.values()];
}

export const positionFileShape: Rule = {
  id: 'P15',
  description: 'A position file named by models.<key>.position exists, and every position file is a YAML list of strings.',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const provider = plugin.provider;
    if (!provider) return;
    const files = plugin.fs.walk().files.filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
    for (const p of plugin.positionRefs) {
      if (escapes(p.resolved)) continue; // F7
      if (p.resolved.status === 'missing' || p.resolved.status === 'invalid') {
        ctx.report({
          file: provider,
          path: p.path,
          message: `models.${p.key}.position "${p.written}" does not exist; the daemon fails to read the position file, so \`dify plugin package\` and install fail. Create it (a YAML list of model names) or remove the key.${suggestFile(p.written, files)}`,
        });
      } else if (p.resolved.status === 'directory') {
        ctx.report({ file: provider, path: p.path, message: `models.${p.key}.position "${p.written}" is a folder; name the _position.yaml file inside it, e.g. "${p.resolved.rel}/_position.yaml".` });
      }
    }
    for (const pf of positionFiles(plugin)) checkShape(ctx, pf);
  },
};

function checkShape(ctx: RuleContext, pf: PositionFile): void {
  const yaml = pf.yaml;
  if (!yaml || !yaml.ok || !yaml.doc) return; // YAML problems are reported by the Y rules
  const root = yaml.doc.contents as Node | null;
  const readers = [pf.daemonKeys.length ? 'the daemon' : '', pf.sdkKeys.length ? 'the SDK' : ''].filter(Boolean).join(' and ');
  if (root === null || (isScalar(root) && root.value === null)) return; // empty file: an empty list (daemon) / null (SDK), both accepted
  if (isScalar(root)) {
    ctx.report({
      file: yaml,
      position: yaml.positionOf(root.range!),
      severity: 'warning',
      message: `${pf.path} is a single string, not a list of model names (usually inconsistent indentation of "- name" lines, which YAML then folds into one string). Both Dify parsers accept it but the order is lost. Write one "- model-name" per line, all at the same indentation.`,
    });
    return;
  }
  if (isMap(root)) {
    ctx.report({ file: yaml, position: yaml.positionOf(root.range!), message: `${pf.path} is a mapping, not a list of model names; ${readers} reject${readers.includes(' and ') ? '' : 's'} it. Write one "- model-name" per line.` });
    return;
  }
  if (!isSeq(root)) return;
  root.items.forEach((item, i) => {
    const node = item as Node;
    if (foldedItems(yaml).has(i)) {
      const value = String((node as { value?: unknown }).value);
      ctx.report({
        file: yaml,
        path: [i],
        severity: 'warning',
        message: `${pf.path}: item ${i + 1} spans several lines ("${value.length > 60 ? value.slice(0, 57) + '...' : value}"): the "- name" lines after it are indented deeper than the first one, so YAML folds them into one string. Both Dify parsers accept it, but the list holds one unknown name and the order is lost. Put every "- name" at the same indentation.`,
      });
      return;
    }
    if (isScalar(node) && typeof node.value === 'string') return;
    const position = node?.range ? yaml.positionOf(node.range) : yaml.positionOf(root.range!);
    if (isScalar(node)) {
      // Numbers and booleans: the daemon turns them into strings; the SDK refuses them.
      const sdk = pf.sdkKeys.length > 0;
      ctx.report({
        file: yaml,
        position,
        severity: sdk ? 'error' : 'warning',
        message: `${pf.path}: \`${String(node.value)}\` is not a string; ${sdk ? 'the SDK reads this file and fails at start' : 'the daemon converts it, but the SDK would fail if a glob reached this file'}. Quote it: "${String(node.value)}".`,
      });
    } else {
      ctx.report({ file: yaml, position, message: `${pf.path}: items must be model names (strings), not nested lists or mappings; ${readers} reject${readers.includes(' and ') ? '' : 's'} the file. Write one "- model-name" per line.` });
    }
  });
}

export const positionConsistency: Rule = {
  id: 'X5',
  description:
    'Position files are reached by both the position key (daemon) and a glob (SDK), and list only models of that type, once. ' +
    'Warning: nothing fails, but one of the two ways Dify loads the plugin shows the models unordered; repeats are one finding per kind.',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const provider = plugin.provider;
    if (!provider) return;

    for (const p of plugin.positionRefs) {
      if (p.resolved.status !== 'file') continue;
      const globbed = plugin.globbedPositionFiles.some((g) => g.key === p.key && g.path === p.resolved.rel);
      if (!globbed) {
        ctx.report({
          file: provider,
          path: p.path,
          group: 'daemon-only',
          message: `models.${p.key}.position "${p.written}" is read by the daemon (packaged installs) but no models.${p.key}.predefined glob reaches it, so the running plugin (remote debug) sends no order for ${p.key}. Make a predefined pattern match it, e.g. "${dirOf(p.resolved.rel)}*.yaml".`,
        });
      }
    }
    for (const g of plugin.globbedPositionFiles) {
      const keyed = plugin.positionRefs.some((p) => p.key === g.key && p.resolved.rel === g.path && p.resolved.status === 'file');
      if (keyed) continue;
      const glob = plugin.globs.find((r) => r.key === g.key && (r.sdkMatches.includes(g.path) || r.daemonMatches.includes(g.path)));
      ctx.report({
        file: provider,
        path: glob?.path ?? ['models', g.key],
        group: 'sdk-only',
        message: `${g.path} is reached by a models.${g.key}.predefined glob, so the SDK uses it, but models.${g.key}.position does not name it, so packaged installs ignore the order. Add \`position: "${g.path}"\` under models.${g.key}.`,
      });
    }

    // Names: each should be a model of the key's type (or one the key's globs reach), listed once.
    const modelNames = new Map<string, Set<string>>();
    const stems = new Map<string, { file: string; model: string }>();
    for (const m of plugin.modelFiles) {
      const name = getPath(m.yaml.data, ['model']);
      const type = getPath(m.yaml.data, ['model_type']);
      if (typeof name !== 'string') continue;
      const stem = m.yaml.path.slice(m.yaml.path.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
      stems.set(stem, { file: m.yaml.path, model: name });
      for (const key of new Set([...m.globs.map((g) => g.key), typeof type === 'string' ? type : ''])) {
        const k = key.replace('-', '_');
        if (!modelNames.has(k)) modelNames.set(k, new Set());
        modelNames.get(k)!.add(name);
      }
    }
    for (const pf of positionFiles(plugin)) {
      const yaml = pf.yaml;
      if (!yaml?.ok || !Array.isArray(yaml.data)) continue;
      const keys = [...new Set([...pf.daemonKeys, ...pf.sdkKeys])];
      // A model file of these keys that did not parse has an unknown name (Y2 reports it): a name
      // missing from the list proves nothing then.
      const unreadable = plugin.modelFiles.some((m) => !m.yaml.ok && m.globs.some((g) => keys.includes(g.key)));
      const known = new Set<string>();
      for (const k of keys) for (const n of modelNames.get(k) ?? []) known.add(n);
      const typeNames = keys.map((k) => (isModelTypeKey(k) ? keyToType(k) : k)).join('/');
      const seen = new Map<string, number>();
      const folded = foldedItems(yaml); // P15 reports them
      yaml.data.forEach((name, i) => {
        if (typeof name !== 'string' || folded.has(i)) return;
        if (seen.has(name)) {
          ctx.report({ file: yaml, path: [i], group: `twice:${pf.path}`, message: `${pf.path}: "${name}" is listed twice (first at item ${seen.get(name)! + 1}); only one position counts. Remove the duplicate.` });
          return;
        }
        seen.set(name, i);
        if (!known.has(name) && !unreadable) {
          // "gpt-4o" for a file gpt-4o.yaml whose model is named otherwise, or "gpt-4o.yaml" itself.
          const byFile = stems.get(name) ?? stems.get(name.replace(/\.ya?ml$/i, ''));
          if (byFile) {
            ctx.report({
              file: yaml,
              path: [i],
              group: `file-names:${pf.path}`,
              fix: fixOf(yaml, `position "${name}" → model name "${byFile.model}"`, replaceScalar(yaml, [i], byFile.model)),
              message: `${pf.path}: "${name}" is a file name; positions list model names, and the model in ${byFile.file} is named "${byFile.model}". Write "${byFile.model}", otherwise both parsers ignore the entry.`,
            });
            return;
          }
          ctx.report({
            file: yaml,
            path: [i],
            group: `unknown-names:${pf.path}`,
            message: `${pf.path}: "${name}" matches no ${typeNames} model of this plugin, so both parsers ignore it. Remove it or fix the name (position entries are model names, the \`model\` value, not file names).${didYouMean(name, known)}`,
          });
        }
      });
    }
  },
};

/** Items of a position list that are plain scalars spread over several lines (regolo's malformed list, §10.3 #6). */
export function foldedItems(yaml: YamlFile): Set<number> {
  const out = new Set<number>();
  const root = yaml.doc?.contents as Node | null | undefined;
  if (!root || !isSeq(root)) return out;
  root.items.forEach((item, i) => {
    const node = item as Node;
    if (!isScalar(node) || node.type !== 'PLAIN' || !node.range || typeof node.value !== 'string') return;
    const pos = yaml.positionOf(node.range);
    if (pos.endLine !== undefined && pos.endLine > pos.line) out.add(i);
  });
  return out;
}

function dirOf(p: string): string {
  return p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '';
}
