// §2.F Manifest metadata (toolkit/checks/manifest.py): the Marketplace-only fields and formats.
// Fields Dify itself requires (author, name, version, type, icon, label, meta...) are the core M
// rules; MK23 (manifest present) and MK27 (type: plugin) are Y2/M2; these add what only the
// Marketplace asks for.
import type { Rule, RuleContext } from '../../rule.js';
import { getPath } from '../../../plugin/values.js';
import { packagedFilesOf } from './scan-rule.js';
import { REPO_URL, REPO_URL_NEWER, HOSTS_TEXT, NEWER_ONLY_HOST, CONTACT_EMAIL } from './hosts.js';

/** yq's `<path> // ""`: absent, null, false and "" are missing; other scalars are their text. */
export function yqValue(v: unknown): string {
  if (v === undefined || v === null || v === false) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

function field(ctx: RuleContext, path: string[]): string {
  return yqValue(getPath(ctx.plugin.manifest?.data, path));
}

const MARKETPLACE_FIELDS: { key: string; why: string; example: string }[] = [
  { key: 'privacy', why: 'the privacy policy (a file in the package, conventionally PRIVACY.md, or an https URL)', example: 'privacy: PRIVACY.md' },
  { key: 'repo', why: `the source repository, on ${HOSTS_TEXT}`, example: 'repo: https://github.com/<owner>/<repo>' },
  { key: 'contact', why: 'an e-mail address the Marketplace reviewers can reach', example: 'contact: you@example.com' },
];

export const requiredFields: Rule = {
  id: 'MK24',
  severity: 'error',
  description: 'Marketplace: manifest has privacy, repo and contact (Dify ignores them; the Marketplace pre-check requires them). The other required fields are core M rules.',
  check(ctx) {
    const manifest = ctx.plugin.manifest;
    if (!manifest || manifest.data === undefined) return;
    for (const f of MARKETPLACE_FIELDS) {
      if (field(ctx, [f.key]) !== '') continue;
      ctx.report({ file: manifest, path: [], message: `missing required field: ${f.key} — the Marketplace requires ${f.why}. Add e.g. \`${f.example}\` to manifest.yaml.` });
    }
  },
};

export const minimumDifyVersion: Rule = {
  id: 'MK25',
  severity: 'warning',
  description: 'Marketplace: manifest has meta.minimum_dify_version (recommended).',
  check(ctx) {
    const manifest = ctx.plugin.manifest;
    if (!manifest || manifest.data === undefined || field(ctx, ['meta', 'minimum_dify_version']) !== '') return;
    const hasMeta = getPath(manifest.data, ['meta']) !== undefined;
    ctx.report({ file: manifest, path: hasMeta ? ['meta'] : [], part: 'key', message: 'missing recommended field: meta.minimum_dify_version — the Marketplace flags it for review. Add the oldest Dify version the plugin works with, e.g. `minimum_dify_version: 1.10.0` under meta.' });
  },
};

export const bannedAuthor: Rule = {
  id: 'MK26',
  severity: 'error',
  description: 'Marketplace: author does not contain "dify" or "langgenius" (reserved for official plugins).',
  check(ctx) {
    const manifest = ctx.plugin.manifest;
    const author = field(ctx, ['author']);
    if (!manifest || !author) return;
    // The toolkit tests case-sensitively, the install step allows only lowercase: lowercase it (stricter).
    for (const word of ['langgenius', 'dify']) {
      if (!author.toLowerCase().includes(word)) continue;
      ctx.report({ file: manifest, path: ['author'], message: `author "${author}" contains "${word}", which the Marketplace reserves for official plugins. Use your own organization's name (lowercase letters, digits, "_" or "-").` });
    }
  },
};

export const repoHost: Rule = {
  id: 'MK28',
  severity: 'error',
  description: `Marketplace: repo is an http(s) URL of a repository on ${HOSTS_TEXT}.`,
  check(ctx) {
    const manifest = ctx.plugin.manifest;
    const repo = field(ctx, ['repo']);
    if (!manifest || !repo || REPO_URL.test(repo)) return;
    if (REPO_URL_NEWER.test(repo)) {
      ctx.report({ file: manifest, path: ['repo'], message: `repo "${repo}" is on ${NEWER_ONLY_HOST}, which newer Marketplace toolkit copies accept but older ones refuse (sources disagree; following the stricter side). Host the repository on ${HOSTS_TEXT} to be safe.` });
      return;
    }
    let host = '';
    try {
      host = new URL(repo).host;
    } catch {
      /* not a URL */
    }
    ctx.report({ file: manifest, path: ['repo'], message: `repo "${repo}"${host ? ` is on ${host}, ` : ' is '}not a repository URL the Marketplace accepts: it must be http(s)://<host>/<path> with <host> one of ${HOSTS_TEXT} (new hosts are admitted by a pull request to the Marketplace toolkit).` });
  },
};


export const contactEmail: Rule = {
  id: 'MK29',
  severity: 'error',
  description: 'Marketplace: contact is an e-mail address.',
  check(ctx) {
    const manifest = ctx.plugin.manifest;
    const contact = field(ctx, ['contact']);
    if (!manifest || !contact || CONTACT_EMAIL.test(contact)) return;
    ctx.report({ file: manifest, path: ['contact'], message: `contact "${contact}" must be a valid email address (the Marketplace reviewers write to it), e.g. contact: you@example.com.` });
  },
};

export const privacyFileExists: Rule = {
  id: 'MK30',
  severity: 'error',
  description: 'Marketplace: PRIVACY.md is in the package, even when manifest privacy is a URL.',
  check(ctx) {
    const { plugin } = ctx;
    if (!plugin.manifest) return;
    const set = packagedFilesOf(plugin);
    if (set.files.some((f) => f.path === 'PRIVACY.md')) return;
    const onDisk = plugin.fs.resolve('PRIVACY.md').status === 'file';
    const url = /^https?:\/\//.test(field(ctx, ['privacy']));
    ctx.report({
      file: onDisk && set.ignore ? set.ignore.file : null,
      message: onDisk
        ? `missing required file: PRIVACY.md — it exists but ${set.ignore?.file ?? 'the ignore file'} keeps it out of the package. Stop excluding it.`
        : `missing required file: PRIVACY.md — the Marketplace pre-check requires it at the plugin root${url ? ' even though manifest privacy is a URL (its docs say a hosted policy is enough, its checker does not; following the stricter side)' : ''}. Add PRIVACY.md saying what data the plugin sends where, and whether it stores any.`,
    });
  },
};

export const privacyReference: Rule = {
  id: 'MK31',
  severity: 'error',
  description: 'Marketplace: manifest privacy is an http(s) URL or a file inside the package.',
  check(ctx) {
    const { plugin } = ctx;
    const manifest = plugin.manifest;
    const privacy = field(ctx, ['privacy']);
    if (!manifest || !privacy || /^https?:\/\//.test(privacy)) return;
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(privacy)) {
      ctx.report({ file: manifest, path: ['privacy'], message: `privacy URL "${privacy}" must start with http:// or https://. Use an https URL or a file in the package such as PRIVACY.md.` });
      return;
    }
    const written = privacy.replace(/^\.\//, '');
    const r = plugin.fs.resolve(written);
    // PRIVACY.md itself missing or not packaged is MK30's finding (one problem, one finding).
    if (r.rel === 'PRIVACY.md' && r.status !== 'directory') return;
    if (r.status === 'absolute' || r.status === 'parent' || r.status === 'outside') {
      ctx.report({ file: manifest, path: ['privacy'], message: `privacy must reference a file inside the package: ${privacy}. Put the policy in the plugin (e.g. PRIVACY.md) and write its relative path.` });
    } else if (r.status !== 'file') {
      ctx.report({ file: manifest, path: ['privacy'], message: `privacy references missing file: ${privacy}. Create it, or point privacy at PRIVACY.md.` });
    } else if (!packagedFilesOf(plugin).files.some((f) => f.path === r.rel)) {
      ctx.report({ file: manifest, path: ['privacy'], message: `privacy references ${privacy}, which .difyignore keeps out of the package. Stop excluding it.` });
    }
  },
};

const DIFY_PLACEHOLDER = 'please fill in the privacy policy';
/** The placeholder comment of create-model-plugin's own PRIVACY.md template. */
const SCAFFOLD_PLACEHOLDER = 'todo: describe how your service handles data';
const DISCLOSURE = ['collect', 'collection', 'personal data', 'user data', 'data collected', 'store', 'storage', 'retain', 'retention', 'persist', 'log', 'logging', 'third party', 'third-party', 'share', 'send', 'transmit', 'external service', 'no user data collected', 'does not collect', 'do not collect', 'not collect any user data'];

export const privacyContent: Rule = {
  id: 'MK32',
  severity: 'error',
  description: 'Marketplace: the privacy policy file is not empty and not a template placeholder (Dify\'s or create-model-plugin\'s); a policy without any data-handling words is a warning.',
  check(ctx) {
    const { plugin } = ctx;
    const privacy = field(ctx, ['privacy']);
    if (!plugin.manifest || !privacy || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(privacy)) return;
    const r = plugin.fs.resolve(privacy.replace(/^\.\//, ''));
    if (r.status !== 'file') return;
    const text = plugin.fs.readText(r.rel, 1024 * 1024);
    if (text === undefined) return;
    const low = text.toLowerCase();
    const name = r.rel.slice(r.rel.lastIndexOf('/') + 1);
    if (low.trim() === '') {
      ctx.report({ file: r.rel, message: `privacy policy file is empty: ${name}. Say what data the plugin sends to which service, and whether it stores any.` });
    } else if (low.includes(DIFY_PLACEHOLDER)) {
      ctx.report({ file: r.rel, position: lineOf(text, DIFY_PLACEHOLDER), message: `privacy policy file still contains template placeholder text: ${name} ("Please fill in the privacy policy"). Replace it with your policy.` });
    } else if (low.includes(SCAFFOLD_PLACEHOLDER)) {
      ctx.report({ file: r.rel, position: lineOf(text, SCAFFOLD_PLACEHOLDER), message: `privacy policy file still contains template placeholder text: ${name} is create-model-plugin's placeholder (its TODO comment is still there). Write your own policy (what is sent to the provider, what is stored) and remove the TODO comment.` });
    } else if (!DISCLOSURE.some((w) => low.includes(w))) {
      ctx.report({ file: r.rel, severity: 'warning', message: `privacy policy ${name} does not say what happens to data (no words like collect, store, send, share, third party, "does not collect"). The Marketplace flags it for review; describe the data flow.` });
    }
  },
};

function lineOf(text: string, needleLower: string): { line: number; column: number } {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.toLowerCase().includes(needleLower));
  return { line: i + 1, column: lines[i].toLowerCase().indexOf(needleLower) + 1 };
}
