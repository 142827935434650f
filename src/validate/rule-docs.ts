// Where a rule is documented: its row in the README's rule table, which carries an anchor
// `rule-<id>` (scripts/rules-table.mjs writes it). The README's address comes from package.json:
// `homepage`, else a GitHub `repository`, else the package's npm page (which shows the README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

export function ruleAnchor(id: string): string {
  return `rule-${id.toLowerCase()}`;
}

export function ruleDocsUrl(id: string): string {
  return `${readmeUrl()}#${ruleAnchor(id)}`;
}

let cached: string | undefined;

/** The README's URL, without a fragment. */
export function readmeUrl(): string {
  cached ??= readmeUrlOf(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson);
  return cached;
}

interface PackageJson {
  name?: string;
  homepage?: string;
  repository?: string | { url?: string };
}

export function readmeUrlOf(pkg: PackageJson): string {
  if (typeof pkg.homepage === 'string' && /^https?:\/\//.test(pkg.homepage)) return pkg.homepage.replace(/#.*$/, '');
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const github = repo && /github(?:\.com[:/]|:)([^/\s]+\/[^/\s#]+?)(?:\.git)?(?:#.*)?$/.exec(repo);
  // GitHub shows the README on the repository page, with its anchors.
  if (github) return `https://github.com/${github[1]}`;
  return `https://www.npmjs.com/package/${pkg.name ?? 'create-model-plugin'}`;
}
