// F6: the packager's ignore file must not exclude files the plugin needs (reference §8.6, §10.2 #7):
// `dify plugin package` reads the manifest, provider, position files and icons directly and passes,
// but the zip lacks them and install fails; excluded sources or model files are missing at runtime.
// `!` lines re-include nothing in Dify's packager.
import type { Rule } from '../../rule.js';
import { getPath } from '../../../plugin/load.js';
import { pathRefs } from './refs.js';
import { ignoreFileOf, excludedBy, type IgnorePattern } from './ignore-file.js';

interface Needed {
  rel: string;
  why: string;
  severity: 'error' | 'warning' | 'info';
}

export const ignoreFileExclusions: Rule = {
  id: 'F6',
  description: '.difyignore (or .gitignore when there is none) does not exclude files the plugin needs; "!" lines meant to keep a needed file have no effect.',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const ignore = ignoreFileOf(plugin);
    if (!ignore) return;
    const at = (p: IgnorePattern) => ({ line: p.line, column: 1, endLine: p.line, endColumn: p.text.length + 1 });
    const source = ignore.file === '.gitignore' ? '.gitignore (used because there is no .difyignore)' : '.difyignore';

    const needed: Needed[] = [{ rel: 'manifest.yaml', why: 'the manifest', severity: 'error' }];
    const install = 'install fails: the package lacks it, although `dify plugin package` reads it directly and passes';
    for (const ref of pathRefs(plugin)) {
      if (ref.resolved.status !== 'file') continue;
      switch (ref.kind) {
        case 'provider-yaml':
          needed.push({ rel: ref.resolved.rel, why: `the provider YAML; ${install}`, severity: 'error' });
          break;
        case 'icon':
          needed.push({ rel: ref.resolved.rel, why: `the icon named by ${ref.file.path} ${ref.label}; ${install}`, severity: 'error' });
          break;
        case 'position':
          needed.push({ rel: ref.resolved.rel, why: `the models.* position file; ${install}`, severity: 'error' });
          break;
        case 'provider-source':
        case 'model-source':
          needed.push({ rel: ref.resolved.rel, why: `${ref.label}; the packaged plugin crashes at start without it`, severity: 'error' });
          break;
        case 'entrypoint':
          needed.push({ rel: ref.resolved.rel, why: 'the entrypoint module; the packaged plugin cannot start without it', severity: 'error' });
          break;
      }
    }
    for (const m of plugin.modelFiles) {
      needed.push({ rel: m.yaml.path, why: 'a model YAML reached by a predefined glob; the packaged plugin silently loses this model', severity: 'error' });
    }
    // The runtime needs one of requirements.txt / pyproject.toml: excluding all of them is fatal.
    // Excluding one while the package keeps the other is a packaging choice (chuizi, an official
    // plugin, ships only its requirements.txt): the daemon installs from the one it finds, so info.
    const deps = ['requirements.txt', 'pyproject.toml'].filter((d) => plugin.fs.resolve(d).status === 'file');
    const allDepsGone = deps.length > 0 && deps.every((d) => excludedBy(ignore, d));
    const kept = deps.find((d) => !excludedBy(ignore, d));
    for (const dep of deps) {
      needed.push({
        rel: dep,
        why: allDepsGone
          ? 'and the packaged plugin then has neither requirements.txt nor pyproject.toml, so the daemon refuses to start it'
          : `a dependency file; the packaged plugin installs from ${kept} instead, so keep its dependencies in step`,
        severity: allDepsGone ? 'error' : 'info',
      });
    }
    // The old `dify plugin init` template excludes uv.lock; the runtime then resolves from
    // pyproject.toml instead of the lock: harmless, so info.
    if (plugin.fs.resolve('uv.lock').status === 'file') needed.push({ rel: 'uv.lock', why: 'the lock file `uv sync --frozen` installs from; without it the runtime resolves pyproject.toml afresh', severity: 'info' });
    if (plugin.fs.resolve('README.md').status === 'file') needed.push({ rel: 'README.md', why: 'the readme the daemon and marketplace show', severity: 'warning' });
    const privacy = getPath(plugin.manifest?.data, ['privacy']);
    const privacyPath = typeof privacy === 'string' && privacy ? privacy : 'PRIVACY.md';
    const pr = plugin.fs.resolve(privacyPath);
    if (pr.status === 'file') needed.push({ rel: pr.rel, why: 'the privacy policy the marketplace requires', severity: 'warning' });

    // A "!" line re-includes nothing in Dify's packager: it matters only when it was meant to bring
    // back a needed file that another line excludes. For any other file it is silent.
    for (const p of ignore.patterns) {
      if (!p.negated) continue;
      const only = { ...ignore, patterns: [{ ...p, negated: false }] };
      const meant = needed.filter((n) => n.severity !== 'info' && excludedBy(only, n.rel) && excludedBy(ignore, n.rel));
      if (meant.length === 0) continue;
      ctx.report({
        file: ignore.file,
        position: at(p),
        message: `"${p.text}" is meant to keep ${meant[0].rel}, but Dify's packager never re-includes a file with "!": line ${excludedBy(ignore, meant[0].rel)!.line} still excludes it. Narrow that pattern instead and remove this line.`,
      });
    }

    // One finding per pattern, naming everything it hides; an error if anything hidden is fatal.
    const byPattern = new Map<IgnorePattern, Needed[]>();
    const seen = new Set<string>();
    for (const n of needed) {
      if (seen.has(n.rel)) continue;
      seen.add(n.rel);
      const p = excludedBy(ignore, n.rel);
      if (p) byPattern.set(p, [...(byPattern.get(p) ?? []), n]);
    }
    for (const [p, hidden] of byPattern) {
      const fatal = hidden.filter((h) => h.severity === 'error');
      const shown = (fatal.length > 0 ? fatal : hidden).slice(0, 3);
      const severity = fatal.length > 0 ? 'error' : hidden.some((h) => h.severity === 'warning') ? 'warning' : 'info';
      const rest = hidden.length - shown.length;
      ctx.report({
        file: ignore.file,
        position: at(p),
        severity,
        message: `"${p.text}" in ${source} excludes ${shown.map((h) => `${h.rel} (${h.why})`).join('; ')}${rest > 0 ? `; and ${rest} more needed file${rest > 1 ? 's' : ''}` : ''}. Make the pattern more specific so that it keeps what the plugin needs.`,
      });
    }
  },
};
