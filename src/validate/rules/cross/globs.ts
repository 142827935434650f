// P14: `models.<key>.predefined` patterns stay in the subset both Dify components read the same way
// (reference §8.2). F8: YAML files under models/ that no pattern reaches are packaged but never loaded.
import type { Rule } from '../../rule.js';
import { getPath, type GlobRef } from '../../../plugin/load.js';
import { ignoreFileOf, excludedBy } from './ignore-file.js';

const YAML_EXT = /\.ya?ml$/i;

export const globPatterns: Rule = {
  id: 'P14',
  description: 'predefined globs are relative, without "./", "**" or backslashes, valid for Go\'s matcher, and match only YAML files.',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const provider = plugin.provider;
    if (!provider) return;
    for (const g of plugin.globs) {
      const at = { file: provider, path: g.path };
      const where = `models.${g.key}.predefined pattern "${g.pattern}"`;
      if (g.pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(g.pattern)) continue; // F7
      if (g.syntaxError) {
        ctx.report({ ...at, message: `${where} is not a valid pattern for the daemon's Go matcher (${g.syntaxError}); \`dify plugin package\` and install fail with "syntax error in pattern". Fix the brackets or escape them.` });
        continue;
      }
      const segs = g.pattern.split('/');
      if (segs[0] === '.' || segs.slice(1).includes('.')) {
        ctx.report({ ...at, message: `${where} contains a "./" segment; the SDK still finds the models, but the daemon compares paths literally and finds none, so packaged installs list no models. Write "${segs.filter((s) => s !== '.').join('/')}".` });
        continue;
      }
      if (segs.includes('..')) {
        if (!climbsOut(segs)) {
          ctx.report({ ...at, message: `${where} contains ".."; the daemon compares walked paths literally and never matches it. Write the path without "..": "${normalise(segs)}".` });
        }
        continue; // climbing out is F7's
      }
      if (g.pattern.includes('\\')) {
        ctx.report({ ...at, severity: 'warning', message: `${where} contains a backslash, which is an escape character for the daemon and a literal character for the SDK. Separate folders with "/".` });
      }
      if (segs.includes('') && g.pattern !== '') {
        ctx.report({ ...at, severity: 'warning', message: `${where} contains an empty segment ("//" or a trailing "/"); the daemon never matches it. Remove the extra "/".` });
      }
      if (g.pattern.includes('**')) {
        ctx.report({
          ...at,
          severity: 'warning',
          message: `${where} uses "**", which the SDK expands recursively but the daemon treats as a single "*", so packaged installs and the running plugin see different models${differs(g)}. Use one "*" per folder level, e.g. "models/${g.key}/*.yaml".`,
        });
      } else if (!sameSet(g.daemonMatches, g.sdkMatches)) {
        ctx.report({ ...at, severity: 'warning', message: `${where} matches different files for the daemon and the SDK${differs(g)}. Use a plain "folder/*.yaml" pattern.` });
      }
      const matched = [...new Set([...g.daemonMatches, ...g.sdkMatches])];
      const nonYaml = matched.filter((f) => !YAML_EXT.test(f));
      if (nonYaml.length > 0) {
        ctx.report({
          ...at,
          message: `${where} also matches ${list(nonYaml)}; both Dify components parse every matched file as a model YAML, so packaging fails or the plugin crashes at start. End the pattern with "*.yaml".`,
        });
      }
      if (matched.length === 0) {
        // Customizable providers often keep globs for folders that are empty for now (reference §8.3: zero matches is allowed).
        const methods = getPath(provider.data, ['configurate_methods']);
        const customizable = Array.isArray(methods) && methods.includes('customizable-model');
        ctx.report({
          ...at,
          severity: customizable ? 'info' : 'warning',
          message: `${where} matches no file, so it declares no model. Fix the pattern (paths are relative to the plugin root) or remove it${customizable ? ' if no predefined models are planned' : ''}.`,
        });
      }
    }
  },
};

function climbsOut(segs: string[]): boolean {
  let depth = 0;
  for (const s of segs) {
    if (s === '..') {
      if (--depth < 0) return true;
    } else if (s !== '' && s !== '.') depth++;
  }
  return false;
}

function normalise(segs: string[]): string {
  const out: string[] = [];
  for (const s of segs) {
    if (s === '..') out.pop();
    else if (s !== '.' && s !== '') out.push(s);
  }
  return out.join('/');
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function differs(g: GlobRef): string {
  const onlySdk = g.sdkMatches.filter((f) => !g.daemonMatches.includes(f));
  const onlyDaemon = g.daemonMatches.filter((f) => !g.sdkMatches.includes(f));
  const parts: string[] = [];
  if (onlySdk.length) parts.push(`only the SDK loads ${list(onlySdk)}`);
  if (onlyDaemon.length) parts.push(`only the daemon loads ${list(onlyDaemon)}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function list(files: string[]): string {
  const shown = files.slice(0, 3).join(', ');
  return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}

export const unreachedYaml: Rule = {
  id: 'F8',
  description: 'YAML files under models/ are reached by a predefined glob or a position key (otherwise they are packaged but never loaded).',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    // Without a readable provider nothing is known about the globs: Y2 reports the provider, and
    // any broken model file as an error (it is probably loaded).
    if (!plugin.provider?.ok) return;
    const reached = new Set<string>();
    for (const g of plugin.globs) for (const f of [...g.daemonMatches, ...g.sdkMatches]) reached.add(f);
    for (const p of plugin.positionRefs) if (p.resolved.status === 'file') reached.add(p.resolved.rel);
    const ignore = ignoreFileOf(plugin);
    // Group by folder: a folder of unreached declarations (e.g. configurations the plugin's code reads) is one finding.
    const byDir = new Map<string, string[]>();
    for (const f of plugin.fs.walk().files) {
      if (!f.startsWith('models/') || !YAML_EXT.test(f) || reached.has(f)) continue;
      if (ignore && excludedBy(ignore, f)) continue; // not packaged at all
      const yaml = plugin.fs.loadYaml(f);
      const broken = yaml?.problems.find((p) => p.kind !== 'bom');
      if (broken) {
        ctx.report({
          file: f,
          position: broken.position,
          message: `${f} is not reached by any models.<key>.predefined glob, so it is packaged but never loaded as a model. It has a YAML problem here (${broken.message.replace(/\.$/, '')}); that is harmless while nothing loads it, which is why this is a warning, but it becomes an error once a glob reaches it. Fix or delete the file.`,
        });
        continue;
      }
      const dir = f.slice(0, f.lastIndexOf('/') + 1);
      byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
    }
    for (const [dir, files] of byDir) {
      const positionOnly = files.every((f) => f.endsWith('_position.yaml'));
      const names = files.slice(0, 3).map((f) => f.slice(dir.length)).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
      const fix = positionOnly
        ? 'Name it in the matching models.<key>.position and cover it with that key\'s predefined glob, or delete it.'
        : `Add a predefined glob that covers ${files.length > 1 ? 'them' : 'it'} (e.g. "${dir}*.yaml"), or delete ${files.length > 1 ? 'them' : 'it'} if the plugin's own code does not read ${files.length > 1 ? 'them' : 'it'}.`;
      ctx.report({
        file: files[0],
        message: `${files.length === 1 ? `${files[0]} is` : `${files.length} YAML files in ${dir} (${names}) are`} not reached by any models.<key>.predefined glob${positionOnly ? ' or position key' : ''}, so Dify packages but never loads ${files.length > 1 ? 'them' : 'it'}. ${fix}`,
      });
    }
  },
};
