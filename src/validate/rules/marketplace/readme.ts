// §2.H README (toolkit/checks/readme.py): README.md present, a link to the source on an accepted
// host, English (no Han characters outside ``` fences), localized-readme naming, section keywords.
import type { Rule, RuleContext } from '../../rule.js';
import type { LoadedPlugin } from '../../../plugin/load.js';
import { packagedFilesOf } from './scan-rule.js';
import { SOURCE_LINK, SOURCE_LINK_NEWER, HOSTS_TEXT, NEWER_ONLY_HOST } from './hosts.js';

const readmes = new WeakMap<LoadedPlugin, string | null>();

/** The packaged README.md's text; null when missing or blank (MK36 reports it once). */
function readme(plugin: LoadedPlugin): string | null {
  if (readmes.has(plugin)) return readmes.get(plugin)!;
  let text: string | null = null;
  if (packagedFilesOf(plugin).files.some((f) => f.path === 'README.md')) text = plugin.fs.readText('README.md', 4 * 1024 * 1024) ?? null;
  if (text !== null && text.trim() === '') text = null;
  readmes.set(plugin, text);
  return text;
}

export const readmePresent: Rule = {
  id: 'MK36',
  severity: 'error',
  description: 'Marketplace: README.md is in the package and not blank.',
  check(ctx) {
    const { plugin } = ctx;
    if (readme(plugin) !== null) return;
    const set = packagedFilesOf(plugin);
    const status = plugin.fs.resolve('README.md').status;
    if (status === 'file' && !set.files.some((f) => f.path === 'README.md')) {
      ctx.report({ file: set.ignore?.file ?? null, message: `missing required file: README.md — ${set.ignore?.file ?? 'the ignore file'} keeps it out of the package. Stop excluding it.` });
    } else if (status === 'file') {
      ctx.report({ file: 'README.md', message: 'README.md is empty; the Marketplace shows it as the plugin\'s page and refuses a blank one. Describe the provider, its models and how to get credentials.' });
    } else if (status !== 'missing') {
      ctx.report({ file: null, message: 'missing required file: README.md (it is not a regular file inside the plugin). Add README.md at the plugin root.' });
    }
    // A README.md missing altogether is the core rule F3's finding (one problem, one finding).
  },
};

export const readmeSourceLink: Rule = {
  id: 'MK37',
  severity: 'error',
  description: `Marketplace: README.md links to the source repository on ${HOSTS_TEXT}.`,
  check(ctx) {
    const text = readme(ctx.plugin);
    if (text === null || SOURCE_LINK.test(text)) return;
    if (SOURCE_LINK_NEWER.test(text)) {
      ctx.report({ file: 'README.md', message: `README.md links to ${NEWER_ONLY_HOST}, which newer Marketplace toolkit copies accept but older ones refuse (sources disagree; following the stricter side). Also link the source on ${HOSTS_TEXT}.` });
      return;
    }
    ctx.report({ file: 'README.md', message: `README.md has no link to the plugin's source repository; the Marketplace requires one on ${HOSTS_TEXT}. Add a line like "Source: https://github.com/<owner>/<repo>".` });
  },
};

const HAN = (cp: number) => (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff);

export const readmeEnglish: Rule = {
  id: 'MK38',
  severity: 'error',
  description: 'Marketplace: README.md has no Han (Chinese) characters outside ``` code fences; translations go in readme/README_<lang>.md.',
  check(ctx) {
    const text = readme(ctx.plugin);
    if (text === null) return;
    // Non-greedy fence removal across lines; an unclosed fence removes nothing.
    const stripped = text.replace(/```[\s\S]*?```/g, '');
    let count = 0;
    let first = -1;
    let i = 0;
    for (const ch of stripped) {
      if (HAN(ch.codePointAt(0)!)) {
        count++;
        if (first < 0) first = i;
      }
      i += ch.length;
    }
    if (count === 0) return;
    const sample = stripped.slice(first, first + 24).split('\n')[0];
    const line = text.split('\n').findIndex((l) => l.includes(sample)) + 1;
    ctx.report({
      file: 'README.md',
      ...(line > 0 ? { position: { line, column: 1 } } : {}),
      message: `README.md must be primarily English: it has ${count} Han character${count === 1 ? '' : 's'} outside code fences (first: "${sample}"). Move translations to readme/README_<lang>.md (e.g. readme/README_zh_Hans.md, which Dify shows for that language).`,
    });
  },
};

const LOOSE = /^README[._-][A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)?\.md$/;
const DOTTED = /^README\.[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)?\.md$/;

export const localizedReadmeNames: Rule = {
  id: 'MK39',
  severity: 'warning',
  description: 'Marketplace: no README-<lang>.md style translations at the root (Dify reads only readme/README_<lang>.md).',
  check(ctx) {
    for (const f of packagedFilesOf(ctx.plugin).files) {
      if (f.path.includes('/')) continue;
      // README_<x>.md at the root is the core rule F3's finding already.
      if (/^readme_.*\.md$/i.test(f.path)) continue;
      if (!LOOSE.test(f.path) || DOTTED.test(f.path)) continue;
      const lang = f.path.slice(7, -3);
      ctx.report({ file: f.path, message: `${f.path}: the Marketplace toolkit warns on this name and Dify never shows it. Sources disagree on the right name (the toolkit says README.<locale>.md, Dify reads readme/README_<lang>.md); readme/README_${lang.replace('-', '_')}.md satisfies both.` });
    }
  },
};

const GROUPS: [string, string[]][] = [
  ['setup instructions', ['setup', 'install', 'installation', 'configure', 'configuration', 'getting started']],
  ['usage instructions', ['usage', 'use', 'example', 'examples', 'workflow', 'chatflow']],
  ['required APIs or credentials', ['api key', 'apikey', 'credential', 'credentials', 'token', 'secret', 'auth', 'authentication', 'authorization']],
  ['connection requirements', ['connection', 'connect', 'endpoint', 'base url', 'host', 'proxy', 'network']],
];

export const readmeSections: Rule = {
  id: 'MK40',
  severity: 'warning',
  description: 'Marketplace: README.md mentions setup, usage, credentials and connection requirements.',
  check(ctx: RuleContext) {
    const text = readme(ctx.plugin);
    if (text === null) return;
    const low = text.toLowerCase();
    for (const [group, words] of GROUPS) {
      if (words.some((w) => low.includes(w))) continue;
      ctx.report({ file: 'README.md', message: `README.md may be missing ${group} (none of: ${words.join(', ')}). Reviewers look for a section on it.` });
    }
  },
};
