// F10: files left as `dify plugin init` wrote them. The template icon carries the marker
// DIFY_MARKETPLACE_TEMPLATE_ICON_DO_NOT_USE and the template PRIVACY.md the line "Please fill in the
// privacy policy of the plugin": Dify runs the plugin, but users see the template icon and an
// empty policy, and the marketplace refuses both (MK34, MK32). A warning at the file.
import { readFileSync, statSync } from 'node:fs';
import type { Rule } from '../../rule.js';
import { getPath } from '../../../plugin/load.js';
import { pathRefs } from './refs.js';

const ICON_MARKER = 'DIFY_MARKETPLACE_TEMPLATE_ICON_DO_NOT_USE';
const PRIVACY_MARKER = 'please fill in the privacy policy';
/** Icons and policies are small; a larger file is not a template. */
const MAX_BYTES = 1024 * 1024;

export const placeholderFiles: Rule = {
  id: 'F10',
  description: 'The icons and PRIVACY.md are not the `dify plugin init` templates (the icon marked DIFY_MARKETPLACE_TEMPLATE_ICON_DO_NOT_USE, the "Please fill in the privacy policy" file).',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const icons = new Set<string>();
    for (const ref of pathRefs(plugin)) if (ref.kind === 'icon' && ref.resolved.status === 'file') icons.add(ref.resolved.rel);
    for (const rel of [...icons].sort()) {
      const bytes = read(plugin.fs.resolve(rel).abs);
      if (bytes?.includes(ICON_MARKER)) {
        ctx.report({
          file: rel,
          group: 'template-icon',
          message: `${rel} is the template icon of \`dify plugin init\` (it contains ${ICON_MARKER}); users see a placeholder and the marketplace refuses it. Replace it with the provider's own icon.`,
        });
      }
    }
    const privacy = getPath(plugin.manifest?.data, ['privacy']);
    const policy = typeof privacy === 'string' && privacy !== '' && !/^https?:\/\//i.test(privacy) ? privacy : 'PRIVACY.md';
    const r = plugin.fs.resolve(policy);
    if (r.status !== 'file') return;
    const text = read(r.abs)?.toString('utf8');
    if (text?.toLowerCase().includes(PRIVACY_MARKER)) {
      const line = text.split('\n').findIndex((l) => l.toLowerCase().includes(PRIVACY_MARKER)) + 1;
      ctx.report({
        file: r.rel,
        position: { line, column: 1 },
        message: `${r.rel} is still the \`dify plugin init\` template ("Please fill in the privacy policy of the plugin"); the marketplace refuses it. Write what data the plugin sends to the provider and keeps.`,
      });
    }
  },
};

function read(abs: string | undefined): Buffer | undefined {
  if (!abs) return undefined;
  try {
    if (statSync(abs).size > MAX_BYTES) return undefined;
    return readFileSync(abs);
  } catch {
    return undefined;
  }
}
