// Real container bytes for every format OpenAI's /audio/speech produces: a decoder opens each of
// them. WAV/PCM hold a quiet tone; MP3, AAC (ADTS), FLAC and Ogg Opus hold silence, built from
// frames that are valid and silent by construction.
import { silentMp3, sinePcm, sineWav } from '../audio.js';

export interface SpeechFormat {
  mime: string;
  make: (seconds: number) => Buffer;
}

export const SPEECH_FORMATS: Record<string, SpeechFormat> = {
  mp3: { mime: 'audio/mpeg', make: (s) => Buffer.concat([id3Header(), silentMp3(s)]) },
  opus: { mime: 'audio/ogg', make: oggOpus },
  aac: { mime: 'audio/aac', make: adtsAac },
  flac: { mime: 'audio/flac', make: flac },
  wav: { mime: 'audio/wav', make: (s) => sineWav(s, 24000) },
  pcm: { mime: 'audio/pcm', make: (s) => sinePcm(Math.round(s * 24000), 24000) },
};

/** An empty ID3v2.4 tag, as OpenAI's MP3 output starts with one. */
function id3Header(): Buffer {
  return Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
}

/** ADTS frames of silent AAC-LC, 44.1 kHz stereo; each frame is 1024 samples. */
function adtsAac(seconds: number): Buffer {
  const frame = Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, 0x21, 0x00, 0x49, 0x90, 0x02, 0x19, 0x00, 0x23, 0x80]);
  const frames = Math.max(1, Math.ceil((seconds * 44100) / 1024));
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

// --- FLAC: STREAMINFO, then frames of one CONSTANT (zero) subframe each ---

const FLAC_RATE = 24000;
const FLAC_BLOCK = 4096;

function flac(seconds: number): Buffer {
  const total = Math.max(1, Math.round(seconds * FLAC_RATE));
  const frames: Buffer[] = [];
  let frameSizeMin = Infinity;
  let frameSizeMax = 0;
  for (let n = 0, start = 0; start < total; n++, start += FLAC_BLOCK) {
    const f = flacFrame(n, Math.min(FLAC_BLOCK, total - start));
    frameSizeMin = Math.min(frameSizeMin, f.length);
    frameSizeMax = Math.max(frameSizeMax, f.length);
    frames.push(f);
  }
  const info = Buffer.alloc(34);
  info.writeUInt16BE(FLAC_BLOCK, 0); // min block size (the last block may be shorter, which is allowed)
  info.writeUInt16BE(FLAC_BLOCK, 2);
  info.writeUIntBE(frameSizeMin, 4, 3);
  info.writeUIntBE(frameSizeMax, 7, 3);
  // sample rate (20 bits), channels-1 (3 bits), bits per sample-1 (5 bits), total samples (36 bits)
  const packed = (BigInt(FLAC_RATE) << 44n) | (0n << 41n) | (15n << 36n) | BigInt(total);
  info.writeBigUInt64BE(packed, 10);
  // bytes 18..33: MD5 of the decoded audio; zero means "not computed", which decoders accept.
  const header = Buffer.from([0x80, 0x00, 0x00, 34]); // last metadata block, STREAMINFO, length 34
  return Buffer.concat([Buffer.from('fLaC', 'ascii'), header, info, ...frames]);
}

function flacFrame(frameNumber: number, blockSize: number): Buffer {
  const h = blockSizeHeader(frameNumber, blockSize);
  const subframe = Buffer.from([0x00, 0x00, 0x00]); // CONSTANT subframe (type 000000, no wasted bits), value 0 (16 bits)
  const body = Buffer.concat([h, Buffer.from([crc8(h)]), subframe]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16(body));
  return Buffer.concat([body, crc]);
}

/** The frame header up to (not including) its CRC-8, with the block size stored in 16 bits. */
function blockSizeHeader(frameNumber: number, blockSize: number): Buffer {
  const bytes = [0xff, 0xf8, (0x7 << 4) | 0x0, (0x0 << 4) | (0x4 << 1), ...utf8Number(frameNumber), ((blockSize - 1) >> 8) & 0xff, (blockSize - 1) & 0xff];
  return Buffer.from(bytes);
}

/** FLAC's "UTF-8" coding of the frame number. */
function utf8Number(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x800) return [0xc0 | (n >> 6), 0x80 | (n & 0x3f)];
  return [0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
}

function crc8(data: Buffer): number {
  let crc = 0;
  for (const b of data) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function crc16(data: Buffer): number {
  let crc = 0;
  for (const b of data) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

// --- Ogg Opus: OpusHead and OpusTags pages, then 20 ms silent packets ---

function oggOpus(seconds: number): Buffer {
  const serial = 0x6d6f636b; // "mock"
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head.writeUInt8(1, 8); // version
  head.writeUInt8(1, 9); // channels
  head.writeUInt16LE(312, 10); // pre-skip
  head.writeUInt32LE(24000, 12); // original input rate
  head.writeInt16LE(0, 16); // output gain
  head.writeUInt8(0, 18); // mapping family
  const vendor = Buffer.from('model-plugin mock', 'ascii');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'ascii');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendor.length);
  const packets = Math.max(1, Math.ceil(seconds / 0.02));
  const silent = Buffer.from([0xf8, 0xff, 0xfe]); // CELT fullband 20 ms mono, a silent frame
  const pages = [oggPage(head, serial, 0, 0n, 0x02), oggPage(tags, serial, 1, 0n, 0)];
  // Audio: up to 50 packets (1 s) per page; granule position counts 48 kHz samples.
  let seq = 2;
  for (let done = 0; done < packets; ) {
    const n = Math.min(50, packets - done);
    done += n;
    const last = done === packets;
    pages.push(oggPage(Array.from({ length: n }, () => silent), serial, seq++, BigInt(done * 960 + 312), last ? 0x04 : 0));
  }
  return Buffer.concat(pages);
}

function oggPage(packets: Buffer | Buffer[], serial: number, sequence: number, granule: bigint, flags: number): Buffer {
  const list = Array.isArray(packets) ? packets : [packets];
  const lacing: number[] = [];
  for (const p of list) {
    let left = p.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'ascii');
  header.writeUInt8(0, 4);
  header.writeUInt8(flags, 5);
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header.writeUInt32LE(0, 22); // CRC, filled below
  header.writeUInt8(lacing.length, 26);
  Buffer.from(lacing).copy(header, 27);
  const page = Buffer.concat([header, ...list]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

const OGG_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

function oggCrc(data: Buffer): number {
  let crc = 0;
  for (const b of data) crc = ((crc << 8) ^ OGG_TABLE[((crc >>> 24) & 0xff) ^ b]) >>> 0;
  return crc >>> 0;
}
