// Is a TTS result the audio its model declares (model_properties.audio_type)? Checked by the
// container's signature: ID3 or MPEG frame sync (mp3), RIFF/WAVE, OggS (ogg, opus), fLaC, ADTS (aac),
// ftyp (m4a/mp4), EBML (webm). Raw PCM has no signature: any even number of bytes passes.
import { CheckFailure } from './result.js';

type Sniff = (b: Buffer) => boolean;

const mpegFrame: Sniff = (b) => b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && (b[1] & 0x06) !== 0; // layer bits set
const adts: Sniff = (b) => b.length >= 2 && b[0] === 0xff && (b[1] & 0xf6) === 0xf0; // layer bits 00
const CONTAINERS: Record<string, { name: string; test: Sniff }> = {
  mp3: { name: 'MP3 (ID3 tag or MPEG audio frames)', test: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || mpegFrame(b) },
  wav: { name: 'WAV (RIFF/WAVE)', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE' },
  ogg: { name: 'Ogg (OggS)', test: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' },
  flac: { name: 'FLAC (fLaC)', test: (b) => b.subarray(0, 4).toString('latin1') === 'fLaC' },
  aac: { name: 'AAC (ADTS frames)', test: adts },
  m4a: { name: 'MP4/M4A (ftyp)', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  webm: { name: 'WebM (EBML)', test: (b) => b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3 },
};
const ALIASES: Record<string, string> = { mpeg: 'mp3', mpga: 'mp3', wave: 'wav', 'x-wav': 'wav', opus: 'ogg', oga: 'ogg', mp4: 'm4a', 'x-flac': 'flac' };

/** What the bytes look like: a container key, or undefined. */
export function sniffAudio(audio: Buffer): string | undefined {
  return Object.entries(CONTAINERS).find(([, c]) => c.test(audio))?.[0];
}

/**
 * Throws CheckFailure when the bytes are not audio in the container `audioType` names (or, with no
 * audio_type, in any container known here). Returns a short description of what was found.
 */
export function checkAudioContainer(audio: Buffer, audioType: string | undefined): string {
  const declared = audioType?.toLowerCase().replace(/^audio\//, '');
  const key = declared ? (ALIASES[declared] ?? declared) : undefined;
  const found = sniffAudio(audio);
  if (key === 'pcm') {
    if (audio.length % 2 !== 0) throw new CheckFailure(`audio_type is pcm (16-bit samples) but the audio has an odd number of bytes (${audio.length})`);
    return 'pcm';
  }
  const expected = key ? CONTAINERS[key] : undefined;
  if (expected) {
    if (expected.test(audio)) return key!;
    throw new CheckFailure(`the model declares audio_type ${audioType}, but the bytes are not ${expected.name}: ${found ? `they look like ${CONTAINERS[found].name}` : describeBytes(audio)}`);
  }
  if (found) return found;
  throw new CheckFailure(`the bytes are not audio in any container Dify plays (mp3, wav, ogg, flac, aac, m4a, webm): ${describeBytes(audio)}`);
}

function describeBytes(audio: Buffer): string {
  const head = audio.subarray(0, 24);
  const printable = head.every((c) => c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f));
  return printable ? `they start with text ${JSON.stringify(head.toString('latin1'))}` : `they start with bytes ${head.subarray(0, 8).toString('hex')}`;
}
