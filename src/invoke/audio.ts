// Audio helpers shared by the smoke run and the mock upstream: a short generated WAV (so
// speech2text needs no input file), silent MP3 frames, and format sniffing for saved TTS output.

/** A mono 16-bit PCM WAV file holding a sine tone. */
export function sineWav(seconds = 0.5, sampleRate = 16000, frequency = 440): Buffer {
  const samples = Math.max(1, Math.round(seconds * sampleRate));
  const pcm = sinePcm(samples, sampleRate, frequency);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/** Raw little-endian 16-bit mono samples of a quiet sine tone. */
export function sinePcm(samples: number, sampleRate: number, frequency = 440): Buffer {
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * frequency * i) / sampleRate)), i * 2);
  }
  return pcm;
}

/**
 * Silent MPEG-1 Layer III audio: frames of 128 kbit/s at 44.1 kHz whose side information is all
 * zero, which decoders play as silence. Each frame lasts 1152/44100 s.
 */
export function silentMp3(seconds: number): Buffer {
  const FRAME_BYTES = 417; // 144 * 128000 / 44100, no padding
  const frames = Math.max(1, Math.ceil((seconds * 44100) / 1152));
  const frame = Buffer.alloc(FRAME_BYTES);
  frame.writeUInt32BE(0xfffb90c4, 0); // sync, MPEG-1, Layer III, no CRC, 128 kbit/s, 44.1 kHz, mono, original
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** What a WAV header says, or undefined when the bytes are not a PCM WAV. */
export function wavInfo(bytes: Buffer): { sampleRate: number; channels: number; seconds: number } | undefined {
  if (bytes.length < 44 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  const channels = bytes.readUInt16LE(22);
  const sampleRate = bytes.readUInt32LE(24);
  const byteRate = bytes.readUInt32LE(28);
  if (!sampleRate || !byteRate) return undefined;
  return { sampleRate, channels, seconds: Math.max(0, bytes.length - 44) / byteRate };
}

/** File extension for audio bytes, from their magic number (TTS output has no reliable name). */
export function audioExtension(bytes: Buffer, mimeType?: string | null): string {
  const ascii = (start: number, end: number) => bytes.toString('ascii', start, end);
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 3) === 'ID3' || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0)) return 'mp3';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(4, 8) === 'ftyp') return 'm4a';
  if (bytes[0] === 0xff && (bytes[1] & 0xf6) === 0xf0) return 'aac';
  const fromMime: Record<string, string> = { 'audio/mpeg': 'mp3', 'audio/wav': 'wav', 'audio/ogg': 'ogg', 'audio/aac': 'aac', 'audio/mp4': 'm4a' };
  return (mimeType && fromMime[mimeType]) || 'bin';
}
