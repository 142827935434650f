// P2's check for `background: #E5E7EB` written without quotes: `#` starts a YAML comment, so the
// value is null. Both parsers accept null and the plugin runs, but the colour is lost: a warning
// that says to quote it (issue 10: it used to be a false error that stopped invoke).
import type { RuleContext } from '../../rule.js';

export function checkBackground(ctx: RuleContext): void {
  const provider = ctx.plugin.provider;
  if (!provider?.ok || !provider.data || typeof provider.data !== 'object') return;
  const data = provider.data as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(data, 'background') || data.background !== null) return;
  const at = provider.locate(['background'], 'key');
  const line = provider.text.split('\n')[at.line - 1] ?? '';
  const colour = /^\s*background\s*:\s*(#\S*)/.exec(line)?.[1];
  ctx.report({
    file: provider,
    path: ['background'],
    part: 'key',
    severity: 'warning',
    message: colour
      ? `background: ${colour} is read as empty: \`#\` starts a YAML comment. Quote the colour: background: "${colour}".`
      : 'background is empty (null); Dify shows no colour behind the icon. Write a quoted colour, e.g. background: "#E5E7EB", or remove the key.',
  });
}
