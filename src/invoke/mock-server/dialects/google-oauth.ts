// Google's OAuth 2.0 token endpoint (oauth2.googleapis.com/token), where google-auth trades a
// service account's signed JWT (grant_type jwt-bearer) for an access token. The JWT's shape is
// checked (header.claims.signature, claims naming the token URI as audience); its signature is
// not (the mock never has the public key of the key it was signed with). Errors are OAuth's
// `{"error", "error_description"}`.
import type { Ctx, Dialect, ErrorKind, VendorError } from '../dialect.js';
import { HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { sha256 } from '../deterministic.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function token(c: Ctx): void {
  const type = String(c.req.headers['content-type'] ?? '');
  const form = /json/.test(type) ? new URLSearchParams(Object.entries(c.json()).map(([k, v]): [string, string] => [k, String(v)])) : new URLSearchParams(c.raw.toString('utf8'));
  if (form.get('grant_type') !== JWT_BEARER) throw new HttpError(400, 'Invalid grant_type: only service-account assertions (jwt-bearer) are served by the mock.');
  const assertion = form.get('assertion') ?? '';
  const parts = assertion.split('.');
  let claims: Record<string, unknown> | undefined;
  try {
    claims = parts.length === 3 ? (JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;
  } catch {
    claims = undefined;
  }
  if (!claims || typeof claims.iss !== 'string' || typeof claims.aud !== 'string') throw new HttpError(400, 'Invalid JWT: the assertion must be a signed JWT with iss and aud claims.');
  sendJson(c.res, 200, { access_token: `ya29.mock-${sha256(claims.iss).toString('hex').slice(0, 40)}`, expires_in: 3599, token_type: 'Bearer' });
}

export const googleOauth: Dialect = {
  name: 'google-oauth',
  title: 'Google OAuth 2.0 token endpoint (service-account JWT assertions)',
  hosts: ['oauth2.googleapis.com', 'www.googleapis.com', 'accounts.google.com'],
  providers: [],
  keyRequired: false,
  key: () => undefined,
  routes: [
    { method: 'POST', path: /^\/token$/, public: true, accepts: (c) => c.byHost, handle: token },
    { method: 'POST', path: /^\/oauth2\/v4\/token$/, public: true, accepts: (c) => c.byHost, handle: token },
  ],
  error: (kind: ErrorKind, message: string): VendorError => {
    const e = (status: number, error: string, desc: string): VendorError => ({ status, body: { error, error_description: desc }, reason: desc });
    switch (kind) {
      case 'auth':
        return e(401, 'invalid_client', message || 'The OAuth client was not found.');
      case 'rate-limit':
        return e(429, 'rate_limit_exceeded', message || 'Rate limit exceeded.');
      case 'server-error':
        return e(500, 'internal_failure', message || 'Internal failure.');
      default:
        return e(400, 'invalid_grant', message || 'Invalid grant.');
    }
  },
};
