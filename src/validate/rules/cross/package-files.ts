// Files the runtime, the daemon and the marketplace expect next to the YAML (reference §2, §8.6):
// F2 entrypoint module + dependency file, F3 README, F4 PRIVACY, F5 package size.
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../rule.js';
import { getPath } from '../../../plugin/load.js';
import { pathRefs, escapes, suggestFile } from './refs.js';
import { ignoreFileOf, excludedBy } from './ignore-file.js';

export const runtimeFiles: Rule = {
  id: 'F2',
  description: 'The meta.runner.entrypoint module file exists, and so does pyproject.toml or requirements.txt.',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const manifest = plugin.manifest;
    const files = plugin.fs.walk().files;
    const entry = getPath(manifest?.data, ['meta', 'runner', 'entrypoint']);
    const ref = pathRefs(plugin).find((r) => r.kind === 'entrypoint');
    if (ref && !escapes(ref.resolved) && ref.resolved.status !== 'file') {
      ctx.report({
        file: ref.file,
        path: ref.path,
        message: `meta.runner.entrypoint "${ref.written}": the daemon runs \`python -m ${ref.written}\` in the plugin root, but ${ref.lookup} ${ref.resolved.status === 'directory' ? 'is a folder' : 'does not exist'}, so the plugin process fails to start. Create ${ref.written.split('.').join('/')}.py or fix the module name.${suggestFile(ref.lookup, files.filter((f) => f.endsWith('.py')))}`,
      });
    } else if (typeof entry === 'string' && !ref && !entry.endsWith('.py') && entry !== '') {
      ctx.report({
        file: manifest!,
        path: ['meta', 'runner', 'entrypoint'],
        message: `meta.runner.entrypoint "${entry}" is not a Python module name (letters, digits, "_", dots between parts); \`python -m ${entry}\` cannot run it. Use the module name, e.g. "main".`,
      });
    }
    const has = (f: string) => plugin.fs.resolve(f).status === 'file';
    if (!has('pyproject.toml') && !has('requirements.txt')) {
      ctx.report({
        file: null,
        message: 'neither pyproject.toml nor requirements.txt exists; the daemon refuses to start the plugin ("neither pyproject.toml nor requirements.txt found"). Add requirements.txt with e.g. "dify_plugin>=0.9.0,<0.11.0", or a pyproject.toml.',
      });
    }
  },
};

const README_LANG = /^README_([a-z]{2}_[A-Za-z]{2,})\.md$/;

export const readmeFiles: Rule = {
  id: 'F3',
  description: 'README.md exists; localized readmes are readme/README_<lang>.md.',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const files = plugin.fs.walk().files;
    if (plugin.fs.resolve('README.md').status !== 'file') {
      const other = files.find((f) => !f.includes('/') && f.toLowerCase() === 'readme.md');
      ctx.report({
        file: other ?? null,
        message: other
          ? `the readme is named ${other}; Dify looks for README.md exactly (the daemon's readme API and the marketplace checklist). Rename it to README.md.`
          : 'README.md is missing; the daemon\'s readme API has nothing to show and the marketplace rejects the plugin. Add a README.md describing the provider, its models and how to get credentials.',
      });
    }
    for (const f of files) {
      const name = f.slice(f.lastIndexOf('/') + 1);
      if (!/^readme_.*\.md$/i.test(name)) continue;
      const m = README_LANG.exec(name);
      if (f === `readme/${name}` && m) continue;
      ctx.report({
        file: f,
        message: m
          ? `${f}: localized readmes are only recognised as readme/README_<lang>.md. Move it to readme/${name}.`
          : `${f}: a localized readme must be named README_<lang>.md with <lang> like en_US or zh_Hans (pattern ^[a-z]{2}_[A-Za-z]{2,}$), in the readme/ folder; Dify ignores this one.`,
      });
    }
  },
};

export const privacyFile: Rule = {
  id: 'F4',
  description:
    'A manifest `privacy` path points at an existing file (a URL is accepted). Warning: Dify itself never reads it, but the marketplace does. ' +
    'A missing PRIVACY.md is info: only the marketplace asks for it (package --marketplace checks that).',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const privacy = getPath(plugin.manifest?.data, ['privacy']);
    if (typeof privacy === 'string' && privacy !== '') {
      // A hosted policy is accepted by Dify and by the Marketplace docs (`--marketplace` MK30 asks for PRIVACY.md too).
      if (/^https?:\/\//i.test(privacy)) return;
      const r = plugin.fs.resolve(privacy);
      if (r.status !== 'file') {
        const why = escapes(r) ? 'is outside the plugin root' : r.status === 'directory' ? 'is a folder' : 'does not exist';
        ctx.report({ file: plugin.manifest!, path: ['privacy'], message: `privacy "${privacy}" ${why}; the marketplace reads the privacy policy from it. Create ${privacy} inside the plugin or point privacy at PRIVACY.md.` });
      }
      return;
    }
    if (plugin.fs.resolve('PRIVACY.md').status !== 'file') {
      ctx.report({ file: null, severity: 'info', message: 'PRIVACY.md is missing; only the marketplace requires a privacy policy. Add PRIVACY.md (what data the plugin sends to the provider) before publishing there.' });
    }
  },
};

/** `dify plugin package --max-size` default and the install limit (MAX_PLUGIN_PACKAGE_SIZE). */
export const MAX_PACKAGE_BYTES = 50 * 1024 * 1024;
/** Folders the validator's walk skips but the packager packs unless the ignore file excludes them. */
const HEAVY_DIRS = ['.venv', 'venv', 'node_modules', '.git'];

export const packageSize: Rule = {
  id: 'F5',
  description: 'The files that would be packaged total at most 50 MiB uncompressed.',
  severity: 'error',
  check(ctx) {
    const { plugin } = ctx;
    const walk = plugin.fs.walk();
    const ignore = ignoreFileOf(plugin);
    if (walk.totalBytes > MAX_PACKAGE_BYTES) {
      // Only what the ignore file lets through is packaged.
      let total = 0;
      const sizes: { f: string; n: number }[] = [];
      for (const f of walk.files) {
        if (ignore && excludedBy(ignore, f)) continue;
        let n = 0;
        try {
          n = lstatSync(join(plugin.root, f)).size;
        } catch {
          continue;
        }
        total += n;
        sizes.push({ f, n });
      }
      if (total > MAX_PACKAGE_BYTES) {
        const biggest = sizes.sort((a, b) => b.n - a.n).slice(0, 3).map((s) => `${s.f} (${mib(s.n)})`).join(', ');
        ctx.report({
          file: null,
          message: `the files to package total ${mib(total)}, more than the ${mib(MAX_PACKAGE_BYTES)} that \`dify plugin package\` and install accept. Largest: ${biggest}. Exclude what the plugin does not need in .difyignore.`,
        });
      }
    }
    if (walk.truncated) {
      ctx.report({ file: null, severity: 'warning', message: 'the plugin has more files than the validator walks, so its size and file checks are incomplete. Exclude generated folders from the plugin.' });
    }
    for (const dir of HEAVY_DIRS) {
      let isDir = false;
      try {
        isDir = lstatSync(join(plugin.root, dir)).isDirectory();
      } catch {
        /* absent */
      }
      if (!isDir || (ignore && excludedBy(ignore, dir, true))) continue;
      ctx.report({
        file: null,
        severity: 'warning',
        message: `${dir}/ is not excluded by ${ignore?.file ?? '.difyignore'}, so \`dify plugin package\` packs it (its size is not counted here, it can easily exceed ${mib(MAX_PACKAGE_BYTES)}). Add "${dir}/" to .difyignore.`,
      });
    }
  },
};

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
