// P9's check for a `select` or `radio` credential field without options: both parsers accept it,
// but the form offers nothing to choose, so a required field can never be filled in. A warning.
import { getPath } from '../../../plugin/load.js';
import type { RuleContext } from '../../rule.js';

const FORMS = ['provider_credential_schema', 'model_credential_schema'];

export function checkEmptyOptions(ctx: RuleContext): void {
  const provider = ctx.plugin.provider;
  if (!provider?.ok) return;
  for (const form of FORMS) {
    const list = getPath(provider.data, [form, 'credential_form_schemas']);
    if (!Array.isArray(list)) continue;
    list.forEach((field, i) => {
      const type = getPath(field, ['type']);
      if (type !== 'select' && type !== 'radio') return;
      const options = getPath(field, ['options']);
      if (Array.isArray(options) && options.length > 0) return;
      if (options !== undefined && options !== null && !Array.isArray(options)) return; // the schema reports the shape
      const variable = getPath(field, ['variable']);
      ctx.report({
        file: provider,
        path: [form, 'credential_form_schemas', i, options === undefined ? 'type' : 'options'],
        severity: 'warning',
        message: `${typeof variable === 'string' ? `"${variable}"` : `Field ${i + 1}`} is a ${type} with no options, so there is nothing to choose${getPath(field, ['required']) === true ? ' and the required field can never be filled in' : ''}. Add options: [{value: ..., label: {en_US: ...}}], or make it a text-input.`,
      });
    });
  }
}
