// The certificate authority of one `invoke --mock` run: made when the run starts, trusted only by
// the plugin it starts (through SSL_CERT_FILE and friends), gone when the run ends. Leaf
// certificates are made per host on demand and cached for the run. Keys come from Node's crypto
// (native, fast); certificates are built and signed with node-forge (no hand-written ASN.1).
import { generateKeyPair, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { createRequire } from 'node:module';
import type * as Forge from 'node-forge';

type ForgeModule = typeof Forge;

export interface RunCa {
  /** The CA certificate, PEM. */
  certPem: string;
  /** Certificate and key for a TLS server answering as `host` (cached per host). */
  leaf(host: string): { cert: string; key: string };
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

export async function createRunCa(): Promise<RunCa> {
  const forge: ForgeModule = createRequire(import.meta.url)('node-forge');
  const { pki, md } = forge;
  const [caKeys, leafKeys] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  const caPrivate = pki.privateKeyFromPem(caKeys.privateKey);
  const caPublic = pki.publicKeyFromPem(caKeys.publicKey);
  const leafPublic = pki.publicKeyFromPem(leafKeys.publicKey);

  const now = Date.now();
  // A clock a little off must not make the certificates "not yet valid"; a run never lasts days.
  const notBefore = new Date(now - 24 * 3600 * 1000);
  const notAfter = new Date(now + 7 * 24 * 3600 * 1000);

  const ca = pki.createCertificate();
  ca.publicKey = caPublic;
  ca.serialNumber = serial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  const caName = [
    { name: 'commonName', value: `model-plugin invoke --mock CA ${randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'model-plugin (per-run, offline)' },
  ];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caPrivate, md.sha256.create());
  const caKeyId = ca.generateSubjectKeyIdentifier().getBytes();

  const leaves = new Map<string, { cert: string; key: string }>();
  return {
    certPem: pki.certificateToPem(ca),
    leaf(host: string) {
      const key = host.toLowerCase();
      let found = leaves.get(key);
      if (found) return found;
      const cert = pki.createCertificate();
      cert.publicKey = leafPublic;
      cert.serialNumber = serial();
      cert.validity.notBefore = notBefore;
      cert.validity.notAfter = notAfter;
      cert.setSubject([{ name: 'commonName', value: key.slice(0, 64) }]);
      cert.setIssuer(caName);
      const altName = isIP(key) ? { type: 7, ip: key } : { type: 2, value: key };
      cert.setExtensions([
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [altName] },
        { name: 'subjectKeyIdentifier' },
        { name: 'authorityKeyIdentifier', keyIdentifier: caKeyId },
      ]);
      cert.sign(caPrivate, md.sha256.create());
      found = { cert: pki.certificateToPem(cert) + pki.certificateToPem(ca), key: leafKeys.privateKey };
      leaves.set(key, found);
      return found;
    },
  };
}
