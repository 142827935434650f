// The live lines: one per action as it finishes, with LLM text printed as it streams. Written to
// stdout in text format and to stderr with --format json (stdout then holds only the JSON object).
import type { ChalkInstance } from 'chalk';
import { makeChalk } from '../../validate/reporters/color.js';
import type { Redactor } from '../credentials/redact.js';
import type { SmokeListener } from '../smoke/run.js';
import type { StepResult } from '../smoke/result.js';
import type { ModelType } from '../../plugin/model-types.js';

export class LiveReporter implements SmokeListener {
  readonly c: ChalkInstance;
  private streaming = false;
  private atLineStart = true;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly redactor: Redactor,
  ) {
    this.c = makeChalk(stream);
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  line(text = ''): void {
    this.write(`${text}\n`);
  }

  begin(type: ModelType | null, model: string | null, action: string, streaming: boolean): void {
    if (!streaming) return;
    this.streaming = true;
    this.atLineStart = true;
    this.line(`${this.c.cyan('…')} ${label(type, model, action)}`);
  }

  text(chunk: string): void {
    if (!this.streaming || !chunk) return;
    // Indent streamed text under its step, keeping newlines from the model.
    const parts = chunk.split('\n');
    let out = '';
    parts.forEach((part, i) => {
      if (i > 0) {
        out += '\n';
        this.atLineStart = true;
      }
      if (part && this.atLineStart) {
        out += `    ${this.c.dim('│')} `;
        this.atLineStart = false;
      }
      out += part;
    });
    this.write(out);
  }

  end(r: StepResult): void {
    if (this.streaming && !this.atLineStart) this.write('\n');
    this.streaming = false;
    const mark = r.ok ? this.c.green('✓') : this.c.red('✗');
    const times = [r.firstChunkMs !== null && r.action === 'invoke_llm' ? `first chunk ${r.firstChunkMs} ms` : '', r.totalMs !== null ? `${r.totalMs} ms` : '']
      .filter(Boolean)
      .join(' · ');
    const output = r.ok && r.output && r.action !== 'invoke_llm' ? `  ${oneLine(r.output, 70)}` : '';
    this.line(`${mark} ${label(r.type, r.model, r.action)}  ${this.c.dim(times)}${output}`);
    if (!r.ok && r.error) this.line(`    ${this.c.red(r.error)}`);
    for (const note of r.notes ?? []) this.line(`    ${this.c.yellow(note)}`);
  }

  private write(text: string): void {
    this.stream.write(this.redactor.redact(text));
  }
}

export function label(type: ModelType | null, model: string | null, action: string): string {
  return [type ?? 'provider', model, action].filter(Boolean).join('  ');
}

export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
