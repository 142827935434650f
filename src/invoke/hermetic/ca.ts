// The certificate authority of `invoke --mock`: trusted only by the plugin a run starts (through
// SSL_CERT_FILE and friends, from a private file deleted when the run ends). Leaf certificates are
// made per host on demand and cached for the run. Keys come from Node's crypto and every signature
// is made by Node's crypto (native, fast); the certificates are built with node-forge (no
// hand-written ASN.1).
//
// Making two RSA keys costs seconds of CPU on a busy machine, so the CA (its key, certificate and
// the leaf key) is kept in the tool's cache (caCacheFile) for a short time: valid 3 days, reused
// while more than a day is left. It is never written into a plugin folder, never printed, and
// stored with mode 0600 in a 0700 folder; a cached file that anyone else could read or write, or
// that does not parse, is made anew.
import { createPrivateKey, generateKeyPair, randomBytes, sign as nativeSign } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Forge from 'node-forge';
import { toolCacheDir } from '../../setup/paths.js';

type ForgeModule = typeof Forge;

export interface RunCa {
  /** The CA certificate, PEM. */
  certPem: string;
  /** Certificate and key for a TLS server answering as `host` (cached per host). */
  leaf(host: string): { cert: string; key: string };
  /** Loads what leaf() needs ahead of the first request (optional; leaf() loads it otherwise). */
  warm(): void;
}

const DAY = 24 * 3600 * 1000;
/** How long a CA made now is valid, and how much validity a cached one must still have to be used. */
const VALID_FOR = 3 * DAY;
const MIN_LEFT = DAY;
const CACHE_VERSION = 1;

interface StoredCa {
  version: number;
  caKey: string;
  caCert: string;
  leafKey: string;
  leafPublic: string;
  notBefore: number;
  notAfter: number;
}

/** Where the CA is kept between runs: <tool cache>/hermetic-ca/ca.json. */
export function caCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(toolCacheDir(env), 'hermetic-ca', 'ca.json');
}

function rsaKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return new Promise((resolve, reject) =>
    generateKeyPair(
      'rsa',
      { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } },
      (err, publicKey, privateKey) => (err ? reject(err) : resolve({ publicKey, privateKey })),
    ),
  );
}

/** Positive serial numbers, unique per certificate (browsers and OpenSSL reject repeats). */
function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

/**
 * Signs a forge certificate with Node's crypto: forge's `cert.sign(key, md)` feeds the DER of the
 * TBSCertificate to `md` and asks `key.sign(md)` for the signature; here `md` only collects the
 * bytes and `key` signs them natively (RSA PKCS#1 v1.5 with SHA-256, as forge would).
 */
function signNatively(cert: Forge.pki.Certificate, privateKeyPem: string): void {
  const key = createPrivateKey(privateKeyPem);
  let tbs = '';
  const md = { algorithm: 'sha256', update: (bytes: string) => void (tbs += bytes) };
  const signer = { sign: () => nativeSign('sha256', Buffer.from(tbs, 'binary'), key).toString('binary') };
  cert.sign(signer as unknown as Forge.pki.rsa.PrivateKey, md as unknown as Forge.md.MessageDigest);
}

/** The cached CA when it is ours alone, parses and has more than MIN_LEFT of validity left. */
function readCached(file: string, now: number): StoredCa | undefined {
  try {
    const st = lstatSync(file);
    const uid = process.getuid?.();
    if (!st.isFile() || (st.mode & 0o077) !== 0 || (uid !== undefined && st.uid !== uid)) return undefined;
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredCa;
    if (stored.version !== CACHE_VERSION || typeof stored.caKey !== 'string' || typeof stored.caCert !== 'string') return undefined;
    if (typeof stored.leafKey !== 'string' || typeof stored.leafPublic !== 'string') return undefined;
    if (!(stored.notBefore <= now) || !(stored.notAfter - now > MIN_LEFT)) return undefined;
    return stored;
  } catch {
    return undefined;
  }
}

/** Atomic, private write; a cache that cannot be written only costs the next run the key making. */
function writeCached(file: string, stored: StoredCa): void {
  const dir = join(file, '..');
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return;
    if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    writeFileSync(tmp, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

async function makeCa(forge: ForgeModule, now: number): Promise<StoredCa> {
  const { pki } = forge;
  const [caKeys, leafKeys] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  // A clock a little off must not make the certificates "not yet valid".
  const notBefore = now - DAY;
  const notAfter = now + VALID_FOR;
  const ca = pki.createCertificate();
  ca.publicKey = pki.publicKeyFromPem(caKeys.publicKey);
  ca.serialNumber = serial();
  ca.validity.notBefore = new Date(notBefore);
  ca.validity.notAfter = new Date(notAfter);
  const caName = [
    { name: 'commonName', value: `model-plugin invoke --mock CA ${randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'model-plugin (offline mock, local only)' },
  ];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signNatively(ca, caKeys.privateKey);
  return { version: CACHE_VERSION, caKey: caKeys.privateKey, caCert: pki.certificateToPem(ca), leafKey: leafKeys.privateKey, leafPublic: leafKeys.publicKey, notBefore, notAfter };
}

/**
 * The CA for a run: the cached one when it is still good, else a new one (cached for the next
 * runs). `cacheFile: null` makes a fresh CA and keeps nothing.
 */
export async function createRunCa(options: { cacheFile?: string | null } = {}): Promise<RunCa> {
  const file = options.cacheFile === undefined ? caCacheFile() : options.cacheFile;
  const now = Date.now();
  const cached = file ? readCached(file, now) : undefined;
  const stored = cached ?? (await makeCa(loadForge(), now));
  if (!cached && file) writeCached(file, stored);
  return runCaFrom(stored);
}

/** The cached CA when it is still good, else undefined (making one takes seconds: not for a quick start). */
export function cachedRunCa(): RunCa | undefined {
  const stored = readCached(caCacheFile(), Date.now());
  return stored ? runCaFrom(stored) : undefined;
}

function runCaFrom(stored: StoredCa): RunCa {
  const { caKey, leafKey } = stored;
  const notBefore = new Date(stored.notBefore);
  const notAfter = new Date(stored.notAfter);

  // node-forge (~60 ms to load) is needed only to issue a leaf, at the first HTTPS request: a
  // cached CA lets the plugin start without it (warm() loads it meanwhile, on the other core).
  let parsed: { pki: ForgeModule['pki']; ca: Forge.pki.Certificate; caKeyId: string; leafPublic: Forge.pki.PublicKey } | undefined;
  const forgeParts = () => {
    if (parsed) return parsed;
    const { pki } = loadForge();
    const ca = pki.certificateFromPem(stored.caCert);
    parsed = { pki, ca, caKeyId: ca.generateSubjectKeyIdentifier().getBytes(), leafPublic: pki.publicKeyFromPem(stored.leafPublic) };
    return parsed;
  };
  const leaves = new Map<string, { cert: string; key: string }>();
  return {
    certPem: stored.caCert,
    warm() {
      forgeParts();
    },
    leaf(host: string) {
      const key = host.toLowerCase();
      let found = leaves.get(key);
      if (found) return found;
      const { pki, ca, caKeyId, leafPublic } = forgeParts();
      const cert = pki.createCertificate();
      cert.publicKey = leafPublic;
      cert.serialNumber = serial();
      cert.validity.notBefore = notBefore;
      cert.validity.notAfter = notAfter;
      cert.setSubject([{ name: 'commonName', value: key.slice(0, 64) }]);
      cert.setIssuer(ca.subject.attributes);
      const altName = isIP(key) ? { type: 7, ip: key } : { type: 2, value: key };
      cert.setExtensions([
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [altName] },
        { name: 'subjectKeyIdentifier' },
        { name: 'authorityKeyIdentifier', keyIdentifier: caKeyId },
      ]);
      signNatively(cert, caKey);
      found = { cert: pki.certificateToPem(cert) + stored.caCert, key: leafKey };
      leaves.set(key, found);
      return found;
    },
  };
}

function loadForge(): ForgeModule {
  return createRequire(import.meta.url)('node-forge') as ForgeModule;
}
