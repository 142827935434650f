// Splits a plugin's byte stream into lines ourselves, with a cap, as Dify's daemon does (a
// bufio.Scanner with a 5 MiB maximum line; protocol reference §2.1). readline has no cap: a plugin
// writing without newlines grew one string until the CLI died at ~640 MB.

/** The daemon's maximum stdout line (dify-plugin-daemon internal/types/app/config.go). */
export const MAX_LINE_BYTES = 5 * 1024 * 1024;

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set once a line went over the cap: everything after is dropped until the next newline. */
  private skipping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    /** A line longer than `maxBytes`: called with its first bytes; the rest of that line is dropped. */
    private readonly onOversized: (firstBytes: Buffer) => void,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      this.take(chunk.subarray(start, nl), true);
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start), false);
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    if (this.pendingBytes > 0 && !this.skipping) this.emit();
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private take(piece: Buffer, complete: boolean): void {
    if (!this.skipping) {
      if (this.pendingBytes + piece.length > this.maxBytes) {
        this.pending.push(piece.subarray(0, Math.max(0, 4096 - this.pendingBytes)));
        this.onOversized(Buffer.concat(this.pending).subarray(0, 4096));
        this.pending = [];
        this.pendingBytes = 0;
        this.skipping = true;
      } else {
        this.pending.push(piece);
        this.pendingBytes += piece.length;
        if (complete) this.emit();
      }
    }
    if (complete && this.skipping) {
      this.skipping = false;
      this.pending = [];
      this.pendingBytes = 0;
    }
  }

  private emit(): void {
    const line = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.onLine(line.toString('utf8'));
  }
}

/** At most `max` characters of a line for the terminal; redact before clipping, so no secret is cut in half. */
export function clip(line: string, max = 4096): string {
  return line.length > max ? `${line.slice(0, max)}… (${line.length} characters)` : line;
}

/** The first bytes of some output, printable in a message: `"abc…" (12 MiB)`. */
export function preview(bytes: Buffer, max = 120): string {
  const text = bytes.subarray(0, max).toString('utf8').replace(/\uFFFD+$/, '');
  const shown = JSON.stringify(text.length < bytes.length ? `${text}…` : text);
  return shown;
}
