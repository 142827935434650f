// What `--mock` puts into the credential forms: every shown field a run needs gets a value that
// works against the mock (issue 7 §2). URL-like text inputs get the mock's base URL in the shape
// the field expects, secrets a dummy key, selects their default or first option, anything else
// required its default or a plausible dummy. A value the user gave always wins.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ModelType } from '../../plugin/model-types.js';
import type { FormField, PluginInfo } from '../plugin-info.js';
import type { Target } from '../targets.js';
import { hasValue, isShown, type Credentials } from './form.js';
import { mockTypePrefix } from '../mock-server/type-prefix.js';

/** The dummy key --mock puts into secret fields (the mock accepts any key). */
export const MOCK_API_KEY = 'sk-model-plugin-mock';

/** In a -c/--credentials value, `{mock}` stands for the running mock's base URL (no path). */
export const MOCK_PLACEHOLDER = '{mock}';

export interface MockFilled {
  variable: string;
  value: string;
  secret: boolean;
  /** Why this value: "mock URL", "dummy key", "first option", "default", "dummy". */
  why: string;
}

/** Replaces `{mock}` in given string values with the mock's base URL (e.g. http://127.0.0.1:4100). */
export function substituteMockPlaceholder(given: Credentials, mockBase: string): Credentials {
  const out: Credentials = {};
  for (const [k, v] of Object.entries(given)) out[k] = typeof v === 'string' ? v.split(MOCK_PLACEHOLDER).join(mockBase) : v;
  return out;
}

/** Names of credentials whose value uses `{mock}` (an error without --mock). */
export function usesMockPlaceholder(given: Credentials): string[] {
  return Object.entries(given).flatMap(([k, v]) => (typeof v === 'string' && v.includes(MOCK_PLACEHOLDER) ? [k] : []));
}

/**
 * Fills the forms of every target for a run against the mock at `mockBase` (http://127.0.0.1:<port>).
 * Returns the credentials with the filled values added, and the list of what was filled.
 */
export function fillForMock(
  info: PluginInfo,
  targets: Target[],
  given: Credentials,
  mockBase: string,
  /** Keys the plugin's code indexes without checking (code-reads.ts): optional ones get a value too. */
  readByCode: ReadonlySet<string> = new Set(),
): { values: Credentials; filled: MockFilled[]; byType: Map<ModelType, Credentials> } {
  const values: Credentials = { ...given };
  const filled: MockFilled[] = [];
  // A select whose options depend on the model type (Azure's base_model_name lists LLMs for an LLM,
  // embedding models for an embedding model) gets its value per type, as Dify's UI would offer.
  const byType = new Map<ModelType, Credentials>();
  const forms: { fields: FormField[]; type: ModelType | null; modelForm: boolean }[] = [];
  if (targets.some((t) => t.form === 'provider')) forms.push({ fields: info.providerForm ?? [], type: null, modelForm: false });
  for (const t of targets) forms.push({ fields: (t.form === 'provider' ? info.providerForm : info.modelForm) ?? [], type: t.type, modelForm: t.form === 'model' });

  for (const { fields, type, modelForm } of forms) {
    // Repeat until stable: a filled select can reveal fields (show_on on its value).
    for (let round = 0; round <= fields.length; round++) {
      let changed = false;
      const view = withDefaults(fields, { ...values, ...(type !== null ? byType.get(type) : undefined) }, type);
      for (const f of fields) {
        if (hasValue(given[f.variable]) || !isShown(f, view, type)) continue;
        if (type !== null && perType(f)) {
          const own = byType.get(type) ?? {};
          if (hasValue(own[f.variable])) continue;
          const option = f.options.find((o) => isShown({ ...f, showOn: o.showOn ?? [] }, view, type));
          if (!f.required || f.default !== undefined || !option) continue;
          own[f.variable] = option.value;
          view[f.variable] = option.value;
          byType.set(type, own);
          filled.push({ variable: f.variable, value: option.value, secret: false, why: `first ${type} option` });
          changed = true;
          continue;
        }
        if (type !== null && modelForm && f.type === 'text-input' && f.required && isUrlField(f) && mockUrlFor(f, mockBase).startsWith(mockBase)) {
          // A model's server URL is per model (a TEI server serves one model, an embedder or a
          // reranker): each type gets the mock's URL under its own prefix, which the mock strips,
          // so it knows which type of model the server is meant to be. (A bare host:port has no
          // path to carry it.)
          const own = byType.get(type) ?? {};
          if (hasValue(own[f.variable])) continue;
          own[f.variable] = `${mockBase}${mockTypePrefix(type)}${mockUrlFor(f, mockBase).slice(mockBase.length)}`;
          view[f.variable] = own[f.variable];
          byType.set(type, own);
          filled.push({ variable: f.variable, value: String(own[f.variable]), secret: false, why: `mock URL for ${type}` });
          changed = true;
          continue;
        }
        if (filled.some((x) => x.variable === f.variable)) continue;
        const fill = valueFor(f, mockBase, readByCode.has(f.variable));
        if (!fill) continue;
        values[f.variable] = fill.value;
        view[f.variable] = fill.value;
        filled.push({ variable: f.variable, value: fill.value, secret: f.type === 'secret-input', why: fill.why });
        changed = true;
      }
      if (!changed) break;
    }
  }
  return { values, filled, byType };
}

/** A select or radio whose options the UI offers per model type. */
function perType(f: FormField): boolean {
  return (f.type === 'select' || f.type === 'radio') && f.options.some((o) => (o.showOn ?? []).some((c) => c.variable === '__model_type'));
}

function withDefaults(fields: FormField[], values: Credentials, type: ModelType | null): Credentials {
  const view: Credentials = { ...values };
  for (let round = 0; round <= fields.length; round++) {
    let changed = false;
    for (const f of fields) {
      if (!hasValue(view[f.variable]) && f.default !== undefined && isShown(f, view, type)) {
        view[f.variable] = f.default;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return view;
}

function valueFor(f: FormField, mockBase: string, readByCode: boolean): { value: string; why: string } | undefined {
  if (f.type === 'secret-input' && isServiceAccountField(f)) return { value: serviceAccountKey(f), why: 'service account key (a throwaway RSA key)' };
  if (f.type === 'secret-input') return { value: MOCK_API_KEY, why: 'dummy key' };
  // Optional in the form, but the code indexes it: empty, it is a KeyError for every user.
  if (!f.required && f.default === undefined && readByCode && f.type === 'text-input') {
    return isUrlField(f) ? { value: mockUrlFor(f, mockBase), why: 'mock URL (read by the code)' } : { value: dummyText(f), why: 'dummy (read by the code)' };
  }
  if (f.type === 'text-input' && f.required && isUrlField(f)) return { value: mockUrlFor(f, mockBase), why: 'mock URL' };
  if (!f.required || f.default !== undefined) return undefined; // Dify sends the default; optional fields stay empty
  if (f.type === 'select' || f.type === 'radio') {
    // The first option the UI shows (an option's show_on can depend on other fields' values).
    const option = f.options.find((o) => (o.showOn ?? []).length === 0) ?? f.options[0];
    return option ? { value: option.value, why: 'first option' } : undefined;
  }
  if (f.type === 'switch') return { value: 'false', why: 'dummy' };
  return { value: dummyText(f), why: 'dummy' };
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s,;)'"]+/i;
/** host:port with no scheme, e.g. "127.0.0.1:7890" in "(e.g. 127.0.0.1:7890)". */
const HOST_PORT = /(?:^|[\s(])(?:(?:[\w-]+\.)+[\w-]+|localhost):\d{2,5}\b/;

/** A field that takes a URL or an address: judged by its variable, label, placeholder and default. */
export function isUrlField(f: FormField): boolean {
  const v = f.variable.toLowerCase();
  // Ids and names that merely mention an endpoint (endpoint_id, endpoint_model_name) are not addresses.
  if (/(_id|_name|_ids|_names)$/.test(v) || /model/.test(v)) return false;
  const hints = [f.default, f.placeholder].filter((s): s is string => typeof s === 'string');
  if (hints.some((h) => URL_IN_TEXT.test(h) || HOST_PORT.test(h))) return true;
  if (/(^|_)(url|uri|api_base|base|host|server|address)(_|$)/.test(v) || /url$/.test(v)) return true;
  return /\b(url|uri|base url|host)\b/i.test(f.label);
}

/**
 * The mock's URL in the shape the field expects: with `/v1` when its default or placeholder ends in
 * `/v1` (the plugin appends the rest), else bare (the mock answers both); without the scheme when
 * the example is a bare host:port.
 */
export function mockUrlFor(f: FormField, mockBase: string): string {
  const hints = [f.default, f.placeholder, f.label].filter((s): s is string => typeof s === 'string');
  for (const h of hints) {
    const m = URL_IN_TEXT.exec(h);
    if (!m) continue;
    let path = '';
    try {
      path = new URL(m[0]).pathname;
    } catch {
      /* an example that is not a parseable URL says nothing about the shape */
    }
    return /\/v1\/?$/.test(path) ? `${mockBase}/v1` : mockBase;
  }
  if (hints.some((h) => HOST_PORT.test(h))) return mockBase.replace(/^[a-z]+:\/\//, '');
  return mockBase;
}

function dummyText(f: FormField): string {
  const v = f.variable.toLowerCase();
  if (/max_chunks/.test(v)) return '1';
  if (/context|tokens|size|length|dimension|limit|batch/.test(v)) return '4096';
  if (/timeout/.test(v)) return '60';
  if (/retr/.test(v)) return '3';
  // A Google Cloud location (Vertex AI checks it against its regions), else an AWS-style region.
  if (/region|location/.test(v)) return /google|gcp|vertex/i.test(`${v} ${f.label} ${f.placeholder ?? ''}`) ? 'us-central1' : 'us-east-1';
  if (/model/.test(v)) return 'mock-model';
  return `mock-${f.variable.replace(/_/g, '-')}`;
}

/** A Google service account key field (Vertex AI's vertex_service_account_key). */
function isServiceAccountField(f: FormField): boolean {
  return [f.variable, f.label, f.placeholder ?? ''].some((t) => /service[\s_-]*account/i.test(t));
}

/**
 * A service account key google-auth can use: its own RSA key signs the JWT it sends to the token
 * URI, which the mock answers (google-oauth dialect). Base64 when the field's hint says so.
 */
function serviceAccountKey(f: FormField): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const json = JSON.stringify({
    type: 'service_account',
    project_id: 'mock-project',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey,
    client_email: 'model-plugin-mock@mock-project.iam.gserviceaccount.com',
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    universe_domain: 'googleapis.com',
  });
  return /base64/i.test(`${f.label} ${f.placeholder ?? ''}`) ? Buffer.from(json).toString('base64') : json;
}
