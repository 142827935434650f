// Where TTS audio goes: --out (checked up front, overwritten only with --force) or a new temp file.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioExtension } from '../audio.js';
import { CheckFailure } from './result.js';

/** Writes atomically (temp file + rename); returns the path written. */
export function saveAudio(audio: Buffer, mimeType: string | null, out: string | undefined): string {
  const target = out ?? join(tmpdir(), `model-plugin-tts-${randomBytes(4).toString('hex')}.${audioExtension(audio, mimeType)}`);
  const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, audio, { flag: 'wx' });
    renameSync(tmp, target);
    return target;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new CheckFailure(`the audio could not be written to ${target}: ${(err as Error).message}`);
  }
}
