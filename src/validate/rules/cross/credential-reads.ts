// X9: the provider and model sources read credentials that a form declares. `credentials["x"]`
// for an x no credential form has raises KeyError for every user (a credential check that always
// fails, a model family that never works): a warning at that line. Silent when the code assigns the
// key or checks `"x" in credentials` first, or reads it in a statement that checks another key.
// `credentials.get("x")` without a default returns None for every user; it is usually an optional
// setting read on purpose, so it is info. Sources are tokenized, never run.
import type { Rule } from '../../rule.js';
import { getPath } from '../../../plugin/load.js';
import type { CredentialRead } from '../../python/credential-keys.js';
import { pythonFacts } from '../../python/facts.js';
import { MAX_PYTHON_BYTES } from '../../python/project.js';
import { analysePython } from './python-analysis.js';
import { pathRefs } from './refs.js';

const FORMS = ['provider_credential_schema', 'model_credential_schema'];

export const credentialReads: Rule = {
  id: 'X9',
  description: 'The provider and model sources read only credentials a credential form declares (credentials["x"]: warning; credentials.get("x"): info).',
  severity: 'warning',
  check(ctx) {
    const { plugin } = ctx;
    const provider = plugin.provider;
    if (!provider?.ok) return;
    const declared = new Set<string>();
    for (const form of FORMS) {
      const list = getPath(provider.data, [form, 'credential_form_schemas']);
      if (!Array.isArray(list)) continue;
      for (const f of list) {
        const v = getPath(f, ['variable']);
        if (typeof v === 'string') declared.add(v);
      }
    }
    const files = new Set(analysePython(plugin).project.loadedFiles());
    for (const ref of pathRefs(plugin)) {
      if ((ref.kind === 'provider-source' || ref.kind === 'model-source') && ref.resolved.status === 'file') files.add(ref.resolved.rel);
    }
    const forms = FORMS.filter((f) => getPath(provider.data, [f]) !== undefined).join(' or ') || 'provider_credential_schema';
    for (const file of [...files].sort()) {
      const text = plugin.fs.readText(file, MAX_PYTHON_BYTES);
      if (text === undefined || text.includes('\0')) continue;
      for (const read of undeclaredReads(text, declared)) {
        ctx.report({
          file,
          position: { line: read.line, column: read.column },
          severity: read.kind === 'get' ? 'info' : undefined,
          group: `${read.kind}:${read.key}`,
          message:
            read.kind === 'subscript'
              ? `credentials["${read.key}"]: no credential form declares "${read.key}", so this raises KeyError for every user. Add a field with variable: ${read.key} to ${forms}, or read a declared one (${[...declared].slice(0, 4).join(', ') || 'none declared'}).`
              : `credentials.get("${read.key}"): no credential form declares "${read.key}", so this is None for every user. Declare it in ${forms}, or give a default.`,
        });
      }
    }
  },
};

/** Reads of undeclared keys, in source order, without those the file assigns or checks first. */
export function undeclaredReads(source: string, declared: ReadonlySet<string>): CredentialRead[] {
  return pythonFacts(source).reads.filter((r) => !r.guarded && !declared.has(r.key));
}
