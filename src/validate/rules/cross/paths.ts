// F7: referenced paths stay inside the plugin root (reference §8.1), and no symlink in the plugin
// leads outside it. F9: the provider YAML named in `plugins.models` exists.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../rule.js';
import type { ResolvedPath } from '../../../plugin/plugin-fs.js';
import { GlobMatcher, compileGoGlob, compilePythonGlob } from '../../../plugin/glob.js';
import { pathRefs, escapes, suggestFile, missingReason } from './refs.js';
import { iconFormatIsWrong } from './icons.js';

/** Why a path leaves the root; `shown` is how the path is quoted (e.g. `"icon.svg" (_assets/icon.svg)`). */
export function escapeReason(r: ResolvedPath, shown: string): string {
  switch (r.status) {
    case 'absolute':
      return `${shown} is an absolute path; every path in a plugin is relative to the plugin root (the folder holding manifest.yaml)`;
    case 'parent':
      return `${shown} climbs out of the plugin root with ".."; Dify only reads files inside the plugin`;
    case 'outside':
      return `${shown} is (or goes through) a symlink that leads outside the plugin root; it was not read, and the package would not contain what it points to`;
    default:
      return shown;
  }
}

export const pathSafety: Rule = {
  id: 'F7',
  description: 'Referenced paths stay inside the plugin root (no absolute paths, no "..", no symlinks leading out); symlinks anywhere in the plugin stay inside.',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const reported = new Set<string>();
    for (const ref of pathRefs(plugin)) {
      if (!escapes(ref.resolved)) continue;
      // An absolute or ".." icon value is a format error the schema reports (P5); a link leading out is ours.
      if (ref.kind === 'icon' && ref.resolved.status !== 'outside' && iconFormatIsWrong(ref.written)) continue;
      if (ref.resolved.status === 'outside') reported.add(ref.resolved.rel);
      const what = ref.kind === 'icon' ? `${ref.label} icon` : ref.label;
      const shown = ref.kind === 'icon' || ref.kind === 'entrypoint' ? `"${ref.written}" (file ${ref.lookup})` : `"${ref.written}"`;
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: `${what}: ${escapeReason(ref.resolved, shown)}. ${fixFor(ref.kind)}`,
      });
    }

    // Globs: an absolute pattern or one that climbs out matches nothing the daemon walks, and the SDK refuses it.
    const links = plugin.fs.walk().escapingLinks;
    for (const g of plugin.globs) {
      const st = globEscape(g.pattern);
      if (st) {
        ctx.report({
          file: plugin.provider ?? null,
          path: g.path,
          message: `models.${g.key}.predefined pattern "${g.pattern}" ${st}. Write it relative to the plugin root, e.g. "models/${g.key}/*.yaml".`,
        });
        continue;
      }
      // A file the pattern reaches that is a symlink leading outside: Dify would read it, we do not.
      const go = compileGoGlob(g.pattern);
      const py = compilePythonGlob(g.pattern);
      for (const link of links) {
        if ((go instanceof GlobMatcher && go.test(link)) || py?.test(link)) {
          reported.add(link);
          ctx.report({
            file: plugin.provider ?? null,
            path: g.path,
            message: `models.${g.key}.predefined pattern "${g.pattern}" matches ${link}, a symlink that leads outside the plugin root; it was not read. Replace the link with the file itself.`,
          });
        }
      }
    }

    for (const link of links) {
      if (reported.has(link)) continue;
      if (link === 'manifest.yaml') {
        // Without a readable manifest nothing else of the plugin can be checked.
        ctx.report({
          file: link,
          message: 'manifest.yaml is a symlink that leads outside the plugin root, so it was not read and nothing that depends on it was checked; Dify reads the manifest from the plugin root. Replace the link with the manifest file itself.',
        });
        continue;
      }
      const broken = dangles(plugin.root, link);
      if (broken) {
        // The packager reads every walked file and stops at the first it cannot read.
        ctx.report({
          file: link,
          group: 'dangling',
          message: broken === 'loop'
            ? `${link} is a symlink loop (it leads back to itself); \`dify plugin package\` fails reading it. Point the link at a real file inside the plugin, or remove it.`
            : `${link} is a symlink to nothing; \`dify plugin package\` fails reading it. Remove the link or restore its target (inside the plugin).`,
        });
        continue;
      }
      ctx.report({
        file: link,
        severity: 'warning',
        group: 'escaping',
        message: `${link} is a symlink that leads outside the plugin root. \`dify plugin package\` would pack whatever it points to, and the validator does not follow it. Replace it with a regular file or remove it.`,
      });
    }
  },
};

/** A symlink whose target does not exist (stat follows the link; lstat does not). */
/** Why a symlink cannot be read ('loop' or 'dangling'), or undefined when it can. */
function dangles(root: string, rel: string): 'loop' | 'dangling' | undefined {
  try {
    statSync(join(root, rel));
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'dangling';
  }
}

function globEscape(pattern: string): string | undefined {
  if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern)) {
    return 'is an absolute path: the daemon never matches it and the SDK raises NotImplementedError ("Non-relative patterns are unsupported") at start';
  }
  let depth = 0;
  for (const seg of pattern.split('/')) {
    if (seg === '..') {
      if (--depth < 0) return 'climbs out of the plugin root with ".."; Dify only loads model files inside the plugin';
    } else if (seg !== '' && seg !== '.') depth++;
  }
  return undefined;
}

function fixFor(kind: string): string {
  switch (kind) {
    case 'icon':
      return 'Put the icon file in the plugin\'s _assets/ folder and write its file name, e.g. "icon.svg".';
    case 'provider-yaml':
      return 'List the provider YAML by its path inside the plugin, e.g. "provider/acme.yaml".';
    case 'position':
      return 'Point at a _position.yaml inside the plugin, e.g. "models/llm/_position.yaml".';
    case 'provider-source':
    case 'model-source':
      return 'Keep the Python source inside the plugin and write its path from the plugin root, e.g. "models/llm/llm.py".';
    case 'entrypoint':
      return 'Make the entrypoint module a regular file inside the plugin (e.g. main.py).';
    default:
      return 'Use a path inside the plugin.';
  }
}

export const providerYamlExists: Rule = {
  id: 'F9',
  description: 'Each `plugins.models` entry names an existing provider YAML file inside the plugin.',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const yamlFiles = plugin.fs.walk().files.filter((f) => /\.ya?ml$/i.test(f));
    for (const ref of pathRefs(plugin)) {
      if (ref.kind !== 'provider-yaml') continue;
      const st = ref.resolved.status;
      if (st === 'unreadable') {
        ctx.report({
          file: ref.file,
          path: ref.path,
          message: `plugins.models entry "${ref.written}" ${missingReason(ref.resolved)}; \`dify plugin package\` and install fail ("failed to read" the provider file). Make the folders on its path readable (chmod a+rx).`,
        });
      } else if (st === 'missing' || st === 'invalid') {
        const candidates = yamlFiles.filter((f) => f !== 'manifest.yaml' && !f.startsWith('models/'));
        ctx.report({
          file: ref.file,
          path: ref.path,
          message: `plugins.models entry "${ref.written}" does not exist; \`dify plugin package\` and install fail ("failed to read" the provider file) and the SDK crashes at start. Create the provider YAML or fix the path.${suggestFile(ref.written, candidates)}`,
        });
      } else if (st === 'directory') {
        ctx.report({
          file: ref.file,
          path: ref.path,
          message: `plugins.models entry "${ref.written}" is a folder; it must name the provider YAML file inside it, e.g. "${ref.resolved.rel}/${ref.resolved.rel.split('/').pop()}.yaml".`,
        });
      }
    }
  },
};
