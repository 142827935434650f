// X9: the provider and model sources read credentials that a form declares. `credentials["x"]`
// for an x no credential form has raises KeyError for every user (a credential check that always
// fails, a model family that never works): a warning at that line. Silent when the code assigns the
// key or checks `"x" in credentials` first, or reads it in a statement that checks another key.
// `credentials.get("x")` without a default returns None for every user; it is usually an optional
// setting read on purpose, so it is info. The SDK's OpenAI-compatible bases read endpoint_url and
// mode the same way: a class deriving from them needs a form field or code that sets them.
// Sources are tokenized, never run.
import type { Rule, RuleContext } from '../../rule.js';
import { getPath } from '../../../plugin/load.js';
import { tokenize, type Token } from '../../python/tokenize.js';
import { MAX_PYTHON_BYTES } from '../../python/project.js';
import { analysePython } from './python-analysis.js';
import { derivesFrom, hasExternalBase, isUncertainClass } from '../../python/hierarchy.js';
import type { ModelType } from '../../../plugin/model-types.js';

/**
 * What the SDK's OpenAI-compatible bases read with `credentials["x"]` (KeyError when absent): the
 * LLM in validate_credentials and _generate, the reranker in _invoke (dify_plugin
 * interfaces/model/openai_compatible). The other OAICompat classes read with .get.
 */
const SDK_READS: { type: ModelType; base: string; keys: string[] }[] = [
  { type: 'llm', base: 'OAICompatLargeLanguageModel', keys: ['endpoint_url', 'mode'] },
  { type: 'rerank', base: 'OAICompatRerankModel', keys: ['endpoint_url'] },
];
import { pathRefs } from './refs.js';

const FORMS = ['provider_credential_schema', 'model_credential_schema'];

export const credentialReads: Rule = {
  id: 'X9',
  description: 'The provider and model sources read only credentials a credential form declares (credentials["x"]: warning; credentials.get("x"): info), and set the keys the SDK\'s OpenAI-compatible LLM and rerank bases read (endpoint_url, mode) when no form has them.',
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
    const analysis = analysePython(plugin);
    const files = new Set(analysis.project.loadedFiles());
    for (const ref of pathRefs(plugin)) {
      if ((ref.kind === 'provider-source' || ref.kind === 'model-source') && ref.resolved.status === 'file') files.add(ref.resolved.rel);
    }
    const forms = FORMS.filter((f) => getPath(provider.data, [f]) !== undefined).join(' or ') || 'provider_credential_schema';
    reportSdkReads(ctx, analysis, files);
    for (const file of [...files].sort()) {
      const text = plugin.fs.readText(file, MAX_PYTHON_BYTES);
      if (text === undefined || text.includes('\0')) continue;
      for (const read of undeclaredReads(text, declared)) {
        ctx.report({
          file,
          position: { line: read.token.line, column: read.token.column },
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

/**
 * The keys the SDK's OpenAI-compatible base reads that the form a model uses does not declare and
 * no plugin code sets (an assignment counts unless it sits in a private method nothing calls, as in
 * an official plugin whose `_update_credential` nothing calls): KeyError on every call.
 */
function reportSdkReads(ctx: RuleContext, analysis: ReturnType<typeof analysePython>, files: Set<string>): void {
  const { plugin } = ctx;
  const provider = plugin.provider!;
  const methods = getPath(provider.data, ['configurate_methods']);
  if (!Array.isArray(methods)) return;
  const variables = (form: string) => {
    const list = getPath(provider.data, [form, 'credential_form_schemas']);
    return new Set(Array.isArray(list) ? list.map((f) => getPath(f, ['variable'])).filter((v): v is string => typeof v === 'string') : []);
  };
  const texts = [...files].sort().map((f) => plugin.fs.readText(f, MAX_PYTHON_BYTES)).filter((t): t is string => t !== undefined && !t.includes('\0'));
  const set = keysSet(texts);
  for (const { type, base, keys } of SDK_READS) {
    const reg = analysis.models.winners.get(type);
    if (!reg?.info.local || !derivesFrom(reg.info, base) || isUncertainClass(reg.info) || hasExternalBase(reg.info)) continue;
    // The forms a model of the type is invoked with: the provider's for predefined models, the model form for customizable ones.
    const contexts: [string, Set<string>][] = [];
    if (methods.includes('predefined-model') && plugin.modelFiles.some((m) => getPath(m.yaml.data, ['model_type']) === type)) contexts.push(['predefined models (provider_credential_schema)', variables('provider_credential_schema')]);
    if (methods.includes('customizable-model')) contexts.push(['customizable models (model_credential_schema)', variables('model_credential_schema')]);
    // One finding per class: the keys missing in any form it is invoked with, and for which models.
    const missing = keys.filter((k) => !set.has(k) && contexts.some(([, declared]) => !declared.has(k)));
    if (missing.length === 0) continue;
    const which = contexts.filter(([, declared]) => missing.some((k) => !declared.has(k))).map(([w]) => w);
    const them = missing.length > 1 ? 'them' : 'it';
    ctx.report({
      file: reg.info.local.module.file ?? null,
      position: reg.info.local.cls.position,
      message: `${reg.info.name} derives from ${base}, which reads ${missing.map((k) => `credentials["${k}"]`).join(' and ')}; for ${which.join(' and ')} no form field declares ${them} and no plugin code sets ${them}, so every call raises KeyError. Set ${them} before calling the base (e.g. \`credentials["${missing[0]}"] = …\` in _invoke and validate_credentials), or declare ${them} in the form.`,
    });
  }
}

/**
 * Credential keys plugin code sets: `x["key"] = …`, `"key": …` in a dict, `.setdefault("key"`, and
 * `key=` keyword arguments; not inside a private method (`_name`) that no source mentions again.
 */
function keysSet(texts: string[]): Set<string> {
  const mentions = new Map<string, number>();
  const perFile = texts.map((text) => tokenize(text).statements);
  for (const statements of perFile) for (const st of statements) for (const t of st.tokens) if (t.type === 'name') mentions.set(t.value, (mentions.get(t.value) ?? 0) + 1);
  const uncalled = (name: string) => name.startsWith('_') && !name.startsWith('__') && (mentions.get(name) ?? 0) <= 1;
  const out = new Set<string>();
  for (const statements of perFile) {
    const defs: { name: string; indent: number }[] = [];
    for (const st of statements) {
      const t = st.tokens;
      while (defs.length > 0 && defs[defs.length - 1].indent >= st.indent) defs.pop();
      const d = t[0]?.value === 'async' ? 1 : 0;
      if (t[d]?.value === 'def' && t[d + 1]?.type === 'name') {
        defs.push({ name: t[d + 1].value, indent: st.indent });
        continue;
      }
      if (defs.some((f) => uncalled(f.name))) continue;
      const op = (k: number, v: string) => t[k]?.type === 'op' && t[k].value === v;
      for (let k = 0; k < t.length; k++) {
        const key = t[k].type === 'string' ? stringValue(t[k].value) : undefined;
        if (key !== undefined && ((op(k - 1, '[') && op(k + 1, ']') && op(k + 2, '=')) || (op(k + 1, ':') && (op(k - 1, '{') || op(k - 1, ','))) || (op(k - 1, '(') && t[k - 2]?.value === 'setdefault'))) out.add(key);
        if (t[k].type === 'name' && op(k + 1, '=') && (op(k - 1, '(') || op(k - 1, ','))) out.add(t[k].value);
      }
    }
  }
  return out;
}

interface Read {
  key: string;
  kind: 'subscript' | 'get';
  token: Token;
}

/** Reads of undeclared keys, in source order, without those the file assigns or checks first. */
export function undeclaredReads(source: string, declared: ReadonlySet<string>): Read[] {
  const { statements } = tokenize(source);
  const guarded = new Set<string>();
  const out: Read[] = [];
  for (const st of statements) {
    const t = st.tokens;
    const str = (k: number) => (t[k]?.type === 'string' ? stringValue(t[k].value) : undefined);
    const op = (k: number, v: string) => t[k]?.type === 'op' && t[k].value === v;
    const isCred = (k: number) => t[k]?.type === 'name' && t[k].value === 'credentials' && !op(k - 1, '.');
    // `"x" in credentials`, `credentials["x"] = ...`, `credentials.setdefault("x", ...)`: x is known from here on.
    const checksOther = t.some((tok, k) => tok.value === 'in' && isCred(k + 1));
    for (let k = 0; k < t.length; k++) {
      if (t[k].value === 'in' && isCred(k + 1) && str(k - 1) !== undefined) guarded.add(str(k - 1)!);
      if (!isCred(k)) continue;
      if (op(k + 1, '[') && str(k + 2) !== undefined && op(k + 3, ']')) {
        const key = str(k + 2)!;
        if (op(k + 4, '=')) {
          guarded.add(key);
          continue;
        }
        if (!declared.has(key) && !guarded.has(key) && !checksOther) out.push({ key, kind: 'subscript', token: t[k] });
      } else if (op(k + 1, '.') && t[k + 2]?.value === 'get' && op(k + 3, '(') && str(k + 4) !== undefined && op(k + 5, ')')) {
        const key = str(k + 4)!;
        // `credentials.get("x") or default` has its default.
        if (t[k + 6]?.value === 'or') continue;
        if (!declared.has(key) && !guarded.has(key) && !checksOther) out.push({ key, kind: 'get', token: t[k] });
      } else if (op(k + 1, '.') && t[k + 2]?.value === 'setdefault' && str(k + 4) !== undefined) {
        guarded.add(str(k + 4)!);
      }
    }
  }
  return out;
}

/** The value of a plain string literal token ("x" or 'x'); undefined for f-strings and others. */
function stringValue(tok: string): string | undefined {
  const m = /^(['"])([\w.-]*)\1$/.exec(tok);
  return m ? m[2] : undefined;
}
