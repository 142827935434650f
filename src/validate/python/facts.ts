// What the class, import and credential rules read from one Python source (its module scan, its
// credential reads and the credential keys it sets), computed from the text alone, so kept between runs like the syntax answers
// (syntax-cache.ts): <tool cache>/python-facts/<sha256>.json. Tokenizing and scanning a plugin's
// sources in a fresh process was about a tenth of a `validate`; reading the answers back is well
// under a millisecond. The key hashes the text with the tool's version and build; an entry that does
// not read back right is computed again. Off when running the TypeScript sources (tests) and with
// MODEL_PLUGIN_NO_CACHE=1.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PACKAGE_ROOT, RUNNING_FROM_SOURCE } from '../../package-root.js';
import { buildStamp, cacheFolder, readCacheEntry, writeCacheEntries } from '../../setup/tool-cache.js';
import { credentialKeyReads, credentialKeySets, type CredentialRead, type KeySet } from './credential-keys.js';
import { scanModule, type ModuleScan } from './scan.js';

/** Bump when scan.ts or credential-keys.ts change what they find for a given text. */
const FACTS_VERSION = 1;

export interface PythonFacts {
  scan: ModuleScan;
  reads: CredentialRead[];
  keysSet: KeySet[];
  privateMentions: Record<string, number>;
}

const memo = new Map<string, PythonFacts>();
let salt: string | undefined;

/** The facts of one source text (as read: a BOM is the caller's business). */
export function pythonFacts(text: string): PythonFacts {
  const hit = memo.get(text);
  if (hit) return hit;
  const dir = RUNNING_FROM_SOURCE ? undefined : cacheFolder('python-facts');
  let key: string | undefined;
  let facts: PythonFacts | undefined;
  if (dir) {
    salt ??= `${FACTS_VERSION}\0${buildStamp(import.meta.url, join(PACKAGE_ROOT, 'package.json'))}`;
    key = createHash('sha256').update(salt).update('\0').update(text).digest('hex');
    facts = decode(readCacheEntry(dir, key, 'json'));
  }
  if (!facts) {
    facts = { scan: scanModule(text), reads: credentialKeyReads(text), ...credentialKeySets(text) };
    if (dir && key) writeCacheEntries(dir, 'json', [{ key, data: JSON.stringify(facts, (_k, v: unknown) => (v instanceof Set ? { $set: [...v] } : v)) }]);
  }
  memo.set(text, facts);
  return facts;
}

function decode(bytes: Buffer | undefined): PythonFacts | undefined {
  if (!bytes) return undefined;
  try {
    const v = JSON.parse(bytes.toString('utf8'), (_k, x: unknown) => {
      const set = x && typeof x === 'object' && (x as { $set?: unknown }).$set;
      return Array.isArray(set) ? new Set(set) : x;
    }) as Partial<PythonFacts> | null;
    return v && Array.isArray(v.scan?.bindings) && Array.isArray(v.scan.starImports) && Array.isArray(v.reads) && Array.isArray(v.keysSet) && typeof v.privateMentions === 'object' && v.privateMentions !== null ? (v as PythonFacts) : undefined;
  } catch {
    return undefined;
  }
}
