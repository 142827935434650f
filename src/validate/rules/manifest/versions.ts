// M1 (the PEP 440 half) and M13: version strings the SDK parses with packaging.version.Version.
// The daemon's format (M1's regex) is a schema pattern; a version must satisfy both (reference §3.2).
import { getPath } from '../../../plugin/load.js';
import type { RuleContext } from '../../rule.js';
import { isPep440 } from './pep440.js';

const DAEMON_VERSION = /^\d{1,4}(\.\d{1,4}){2}(-\w{1,16})?$/;

export function checkVersionIsPep440(ctx: RuleContext): void {
  const file = ctx.plugin.manifest;
  if (!file?.ok) return;
  const version = getPath(file.data, ['version']);
  // Other shapes are the schema's M1 findings; only the daemon-valid but PEP 440-invalid remain.
  if (typeof version !== 'string' || !DAEMON_VERSION.test(version) || isPep440(version)) return;
  const release = version.replace(/-.*$/, '');
  ctx.report({
    file,
    path: ['version'],
    message: `version "${version}" passes \`dify plugin package\` but is not a PEP 440 version, so the SDK refuses the manifest when the plugin starts. Use a suffix PEP 440 knows (-alpha1, -beta, -rc1, -post1, -dev1), e.g. ${release}-beta, or none: ${release}.`,
  });
}

export function checkMinimumDifyVersion(ctx: RuleContext): void {
  const file = ctx.plugin.manifest;
  if (!file?.ok) return;
  const value = getPath(file.data, ['meta', 'minimum_dify_version']);
  if (typeof value !== 'string' || isPep440(value)) return;
  ctx.report({
    file,
    path: ['meta', 'minimum_dify_version'],
    message: `meta.minimum_dify_version "${value}" is not a PEP 440 version, so the SDK refuses the manifest when the plugin starts. Write a Dify release such as "1.4.0", or remove the key.`,
  });
}
