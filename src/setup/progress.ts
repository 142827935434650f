// Progress of setup: one line per step. On a terminal the running step shows a spinner and its
// elapsed time, replaced by ✓ or ✗ when it ends; elsewhere (CI logs, pipes) each step is one
// plain line written when it starts, so a log shows where a slow or failed run was.

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Colors {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  dim(s: string): string;
}

const plain: Colors = { green: (s) => s, yellow: (s) => s, red: (s) => s, dim: (s) => s };

export class Progress {
  private spinner: { label: string; timer: NodeJS.Timeout; started: number; frame: number } | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    readonly tty: boolean,
    readonly c: Colors = plain,
  ) {}

  static async forStdout(): Promise<Progress> {
    const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
    const wantsColor = tty && !process.env.NO_COLOR;
    if (!wantsColor) return new Progress(process.stdout, tty);
    const { default: chalk } = await import('chalk');
    return new Progress(process.stdout, tty, { green: chalk.green, yellow: chalk.yellow, red: chalk.red, dim: chalk.dim });
  }

  /** A finished fact (no spinner). */
  line(text: string): void {
    if (!this.spinner) {
      this.out.write(`${text}\n`);
      return;
    }
    this.out.write(`\r\x1b[K${text}\n`);
    this.drawSpinner();
  }

  ok(text: string): void {
    this.line(`${this.c.green('✓')} ${text}`);
  }

  warn(text: string): void {
    this.line(`${this.c.yellow('!')} ${text}`);
  }

  /** Shows output of the running step (--verbose) without breaking the spinner line. */
  detail(text: string): void {
    this.line(this.c.dim(`    ${text}`));
  }

  /** Runs a step; `done` turns its result into the line that replaces the spinner. */
  async step<T>(label: string, body: () => Promise<T>, done?: (result: T) => string): Promise<T> {
    const started = performance.now();
    if (this.tty) this.startSpinner(label);
    else this.out.write(`• ${label}\n`);
    try {
      const result = await body();
      const ms = performance.now() - started;
      this.clearSpinner();
      if (this.tty) this.out.write(`${this.c.green('✓')} ${done ? done(result) : label} ${this.c.dim(`(${seconds(ms)})`)}\n`);
      else if (done) this.out.write(`  ${done(result)} (${seconds(ms)})\n`);
      return result;
    } catch (err) {
      this.clearSpinner();
      if (this.tty) this.out.write(`${this.c.red('✗')} ${label}\n`);
      throw err;
    }
  }

  private startSpinner(label: string): void {
    const s = { label, started: performance.now(), frame: 0, timer: setInterval(() => this.drawSpinner(), 100) };
    s.timer.unref();
    this.spinner = s;
    this.drawSpinner();
  }

  private drawSpinner(): void {
    const s = this.spinner;
    if (!s) return;
    const elapsed = performance.now() - s.started;
    this.out.write(`\r\x1b[K${FRAMES[s.frame++ % FRAMES.length]} ${s.label}${elapsed > 2000 ? this.c.dim(` (${Math.floor(elapsed / 1000)} s)`) : ''}`);
  }

  private clearSpinner(): void {
    if (!this.spinner) return;
    clearInterval(this.spinner.timer);
    this.spinner = undefined;
    this.out.write('\r\x1b[K');
  }
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
