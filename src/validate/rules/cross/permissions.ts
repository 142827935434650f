// X10: a permission the manifest requests that the code never uses (issue 11 §4, least privilege).
// Model code calls Dify back only through the session of the request: `get_current_session()` (SDK
// 0.9+) or `self.session` (tools, endpoints), then `.model`, `.tool`, `.app`, `.workflow_node` or
// `.storage`. Official plugins routinely request model and tool permissions they never use, and Dify
// works either way, so this is info (shown with --verbose): advice, not a defect. Sources are
// tokenized, never run; a session passed around under another name counts as using every kind.
import type { Rule } from '../../rule.js';
import type { LoadedPlugin } from '../../../plugin/load.js';
import { getPath } from '../../../plugin/load.js';
import { tokenize } from '../../python/tokenize.js';
import { pythonSources } from '../../python/syntax-service.js';
import { ignoreFileOf, excludedBy } from './ignore-file.js';

/** Permission kind → the session attribute that uses it. */
const KINDS: Record<string, string> = { model: 'model', tool: 'tool', app: 'app', node: 'workflow_node', storage: 'storage' };

export const unusedPermissions: Rule = {
  id: 'X10',
  description: 'A permission in resource.permission is used by the code (a call back into Dify through the session).',
  severity: 'info',
  check(ctx) {
    const manifest = ctx.plugin.manifest;
    if (!manifest?.ok) return;
    const requested = Object.keys(KINDS).filter((kind) => getPath(manifest.data, ['resource', 'permission', kind, 'enabled']) === true);
    if (requested.length === 0) return;
    const used = sessionUses(ctx.plugin);
    if (used === 'all') return;
    for (const kind of requested) {
      if (used.has(KINDS[kind]!)) continue;
      ctx.report({
        file: manifest,
        path: ['resource', 'permission', kind, 'enabled'],
        message:
          `resource.permission.${kind} is enabled, but no Python source calls Dify's ${kind === 'node' ? 'workflow nodes' : kind === 'storage' ? 'storage' : `${kind}s`} back ` +
          `(get_current_session().${KINDS[kind]} or self.session.${KINDS[kind]}). A permission the code does not use only widens what the plugin may do: set enabled: false unless the code will need it.`,
      });
    }
  },
};

/** The session attributes the packaged sources use, or 'all' when a session is used in a way not followed. */
function sessionUses(plugin: LoadedPlugin): Set<string> | 'all' {
  const used = new Set<string>();
  let sessionSeen = false;
  const ignore = ignoreFileOf(plugin);
  for (const { rel, text } of pythonSources(plugin)) {
    if (ignore && excludedBy(ignore, rel)) continue;
    if (!text.includes('session')) continue;
    for (const st of tokenize(text).statements) {
      const t = st.tokens;
      for (let i = 0; i < t.length; i++) {
        if (t[i]!.type !== 'name') continue;
        const name = t[i]!.value;
        if (name === 'get_current_session') sessionSeen = true;
        // `session.model`, `self.session.model`, `get_current_session().model`
        const after = name === 'session' ? i + 1 : name === 'get_current_session' && t[i + 1]?.value === '(' && t[i + 2]?.value === ')' ? i + 3 : -1;
        if (after < 0) continue;
        if (t[after]?.value === '.' && t[after + 1]?.type === 'name') used.add(t[after + 1]!.value);
        else if (name === 'session' && t[i - 1]?.value !== '.' && t[after]?.value !== '=') sessionSeen = true;
      }
    }
  }
  // A session obtained but then used under another name: do not guess which kinds it reaches.
  if (sessionSeen && ![...Object.values(KINDS)].some((k) => used.has(k))) return 'all';
  return used;
}
