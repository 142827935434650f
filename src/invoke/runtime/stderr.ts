// Reading a Python process's stderr: a bounded buffer, and the cause of a crash (the exception
// line with the plugin file and line it happened in), as a developer would look for it.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/** Keeps the last `maxBytes` of a stream's text. */
export class TailBuffer {
  private text = '';
  constructor(private readonly maxBytes = 256 * 1024) {}
  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.maxBytes * 2) this.text = this.text.slice(-this.maxBytes);
  }
  get value(): string {
    return this.text.length > this.maxBytes ? this.text.slice(-this.maxBytes) : this.text;
  }
  lastLines(n: number): string[] {
    const lines = this.value.replace(/\s+$/, '').split('\n');
    return lines.length === 1 && lines[0] === '' ? [] : lines.slice(-n);
  }
}

export interface PythonFrame {
  file: string;
  line: number;
  func?: string;
}

export interface PythonCause {
  /** The exception line, e.g. `SyntaxError: invalid syntax` (may include a few continuation lines). */
  exception: string;
  /** Where it happened: the innermost frame inside the plugin root (relative path), else the innermost frame. */
  location?: { file: string; line: number };
  /** The last lines of that traceback, ending with the exception (without shutdown noise after it). */
  tail: string[];
}

/** How many stderr lines a failure report shows. */
export const TAIL_LINES = 12;

const FRAME = /^\s*File "(.+)", line (\d+)(?:, in (.+))?$/;

/** Frames of a Python traceback text, outermost first. */
export function tracebackFrames(text: string): PythonFrame[] {
  const frames: PythonFrame[] = [];
  for (const line of text.split('\n')) {
    const m = FRAME.exec(line);
    if (m) frames.push({ file: m[1], line: Number(m[2]), func: m[3] });
  }
  return frames;
}

/**
 * The innermost frame in the plugin's own files, as a root-relative path; else (unless `onlyPlugin`)
 * the innermost frame.
 */
export function pluginLocation(frames: PythonFrame[], root: string, onlyPlugin = false): { file: string; line: number } | undefined {
  for (let i = frames.length - 1; i >= 0; i--) {
    const rel = insideRoot(frames[i].file, root);
    if (rel) return { file: rel, line: frames[i].line };
  }
  if (onlyPlugin) return undefined;
  const last = frames.at(-1);
  return last && { file: last.file, line: last.line };
}

function insideRoot(file: string, root: string): string | undefined {
  // A relative path is the plugin's only when the file is there: installed packages report
  // relative paths too (gevent's src/gevent/event.py).
  if (!isAbsolute(file) && !existsSync(`${root}${sep}${file}`)) return undefined;
  if (/[\\/](site-packages|dist-packages)[\\/]|[\\/]lib[\\/]python\d/.test(file)) return undefined;
  const abs = isAbsolute(file) ? file : `${root}${sep}${file}`;
  const rel = relative(root, abs);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  // The plugin's venv is inside the root too, but its files are not the plugin's code.
  if (/^(\.?venv|\.tox|site-packages)[\\/]/.test(rel) || rel.includes(`site-packages${sep}`)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * The cause of a crash from stderr: the last traceback that is not interpreter-shutdown noise
 * ("Exception ignored in ..."), or else the last non-empty line (e.g. `No module named main`).
 */
export function pythonCause(stderr: string, root: string): PythonCause | undefined {
  const lines = stderr.replace(/\r\n/g, '\n').split('\n');
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith('Traceback (most recent call last):') && !/^Exception ignored/.test(lines[i - 1] ?? '')) {
      start = i;
      break;
    }
  }
  if (start < 0) {
    // SyntaxError from `python -m` of the entry module itself has no "Traceback" header.
    const syntax = lines.findLastIndex((l) => /^\s*File ".+", line \d+$/.test(l));
    if (syntax >= 0) start = syntax;
  }
  if (start < 0) {
    const last = lines.map((l) => l.trim()).filter(Boolean).at(-1);
    return last ? { exception: last, tail: lines.filter((l) => l.trim()).slice(-TAIL_LINES) } : undefined;
  }
  let exceptionAt = -1;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i] && !/^\s/.test(lines[i])) {
      exceptionAt = i;
      break;
    }
  }
  const exception: string[] = [];
  if (exceptionAt >= 0) {
    exception.push(lines[exceptionAt]);
    // Multi-line messages (pydantic's ValidationError) continue below; keep a few lines.
    for (let i = exceptionAt + 1; i < lines.length && exception.length < 4; i++) {
      if (!lines[i].trim() || /^(Exception ignored|Traceback|During handling|The above exception)/.test(lines[i])) break;
      exception.push(lines[i]);
    }
  }
  const frames = tracebackFrames(lines.slice(start, exceptionAt >= 0 ? exceptionAt : undefined).join('\n'));
  const end = exceptionAt >= 0 ? exceptionAt + exception.length : lines.length;
  return {
    exception: exception.join('\n').trim() || lines[start].trim(),
    location: pluginLocation(frames, root),
    tail: lines.slice(Math.max(start, end - TAIL_LINES), end),
  };
}
