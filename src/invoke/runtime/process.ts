// One running plugin, spoken to as Dify's daemon does over stdio (protocol reference §1-§8): spawn
// `python -m <entrypoint>` in the plugin root, wait for the first heartbeat, send one request at a
// time, refuse backwards invocations. The child runs in its own process group so that the whole
// tree can be killed; it never outlives the command (see kill() and the exit hook below).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { LineSplitter, MAX_LINE_BYTES, preview } from './lines.js';
import { RUN_MARKER_VAR, killMarkedProcesses, newRunMarker } from './descendants.js';
import { TAIL_LINES, TailBuffer, pythonCause, type PythonCause } from './stderr.js';
import {
  backwardsRefusalLines,
  isObject,
  newSessionId,
  requestLine,
  type PluginEvent,
  type SessionError,
  type SessionMessage,
} from './protocol.js';

export interface LaunchOptions {
  python: string;
  entrypoint: string;
  root: string;
  env: NodeJS.ProcessEnv;
  startupTimeoutMs: number;
  /** Plugin log events, stray stdout lines and stderr lines, for --verbose. */
  onOutput?: (source: 'log' | 'stdout' | 'stderr', text: string) => void;
}

/** Why the plugin stopped answering: it exited, or a deadline passed. */
export class PluginFailure extends Error {
  constructor(
    readonly kind: 'exited' | 'startup-timeout' | 'request-timeout' | 'spawn-failed' | 'bad-output',
    message: string,
    readonly cause_: PythonCause | undefined,
    readonly stderrTail: string[],
    readonly exit?: { code: number | null; signal: NodeJS.Signals | null },
  ) {
    super(message);
  }

  /** What the request in flight had received when this happened (stream chunks count as progress). */
  partial: { chunks: number; firstChunkMs: number | null } | undefined;
}

export interface RequestOptions {
  timeoutMs: number;
  onStream?: (data: unknown) => void;
}

export interface RequestOutcome {
  streams: unknown[];
  error: SessionError | undefined;
  /** A top-level `error` the plugin wrote instead of answering (the request line was refused). */
  rejected: string | undefined;
  /** Backwards invocations the plugin attempted (each refused). */
  backwards: string[];
  firstChunkMs: number | null;
  totalMs: number;
}

interface Pending {
  sessionId: string;
  started: number;
  outcome: RequestOutcome;
  options: RequestOptions;
  resolve: (o: RequestOutcome) => void;
  reject: (e: PluginFailure) => void;
  timer: NodeJS.Timeout;
}

const live = new Set<PluginProcess>();
let exitHookInstalled = false;

/** Last resort: whatever path the command leaves by, no plugin survives it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) p.kill();
  });
}

export class PluginProcess {
  /** The first stdout line: the plugin's parsed manifest (§2.4). */
  declaration: Record<string, unknown> | undefined;
  readonly startedAt = performance.now();
  readyMs: number | undefined;

  private readonly child: ChildProcessWithoutNullStreams;
  private readonly stderr = new TailBuffer();
  private pending: Pending | undefined;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private exitWaiters: (() => void)[] = [];
  private stderrEnded = false;
  private killed = false;
  private onReady: (() => void) | undefined;
  /** stdout lines that are not protocol messages (a stray print()): how many, and the first few. */
  private stray = { count: 0, first: [] as string[] };
  /** Inherited by everything the plugin starts: how descendants that left the process group are found. */
  private readonly marker = newRunMarker();
  private onStartFailure: ((e: PluginFailure) => void) | undefined;

  /** The plugin's process id (its process group's too). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Settles on the first heartbeat; rejects (and kills the plugin) on exit, timeout or kill. */
  readonly ready: Promise<void>;

  private constructor(private readonly options: LaunchOptions) {
    installExitHook();
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onStartFailure?.(
          new PluginFailure(
            'startup-timeout',
            `the plugin did not become ready within ${formatSeconds(options.startupTimeoutMs)} (no heartbeat on stdout; --startup-timeout)`,
            undefined,
            this.stderr.lastLines(TAIL_LINES),
          ),
        );
      }, options.startupTimeoutMs);
      this.onReady = () => {
        clearTimeout(timer);
        this.onReady = this.onStartFailure = undefined;
        resolve();
      };
      this.onStartFailure = (e) => {
        clearTimeout(timer);
        this.onReady = this.onStartFailure = undefined;
        this.kill(false);
        reject(e);
      };
    });
    this.ready.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
    this.child = spawn(options.python, ['-m', options.entrypoint], {
      cwd: options.root,
      env: { ...options.env, [RUN_MARKER_VAR]: this.marker },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group: kill(-pid) ends the plugin and anything it started
    });
    live.add(this);
    this.child.stdin.on('error', () => {
      /* EPIPE after the child died: reported through the exit path */
    });
    // --verbose shows stderr by whole lines (a secret split across two chunks is still masked whole).
    const stderrLines = options.onOutput
      ? new LineSplitter(
          (line) => line.trim() && options.onOutput!('stderr', line.replace(/\r$/, '')),
          () => options.onOutput!('stderr', `(a line of more than ${MAX_LINE_BYTES / 1024 / 1024} MiB, not shown)`),
        )
      : undefined;
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk.toString('utf8'));
      stderrLines?.push(chunk);
    });
    this.child.stderr.on('end', () => {
      stderrLines?.end();
      this.stderrEnded = true;
    });
    // Lines split here with the daemon's cap; readline has none and died at ~640 MB of one line.
    const stdoutLines = new LineSplitter(
      (line) => this.onLine(line),
      (first) => this.onOversized(first),
    );
    this.child.stdout.on('data', (chunk: Buffer) => stdoutLines.push(chunk));
    this.child.stdout.on('end', () => stdoutLines.end());
    this.child.on('error', (err) => {
      this.fail(new PluginFailure('spawn-failed', `could not start ${options.python}: ${err.message}`, undefined, []));
    });
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      live.delete(this);
      // Let the last stderr bytes arrive (bounded wait: a grandchild may hold the pipe open).
      const settle = () => {
        // A grandchild that escaped the process group may still hold the pipes: let them go, or
        // they would keep this process alive.
        this.child.stdin.destroy();
        this.child.stdout.destroy();
        this.child.stderr.destroy();
        for (const w of this.exitWaiters.splice(0)) w();
        if (!this.killed) this.fail(this.exitFailure());
      };
      if (this.stderrEnded) settle();
      else {
        const t = setTimeout(settle, 300);
        this.child.stderr.once('end', () => {
          clearTimeout(t);
          settle();
        });
      }
    });
  }

  /** Spawns the plugin; await `ready` before sending requests. */
  static spawn(options: LaunchOptions): PluginProcess {
    return new PluginProcess(options);
  }

  /** Sends one request and collects its session until `end` (or failure). One at a time. */
  request(data: Record<string, unknown>, options: RequestOptions): Promise<RequestOutcome> {
    if (this.pending) throw new Error('internal: a request is already in flight');
    if (this.exited || this.killed) return Promise.reject(this.exitFailure());
    const sessionId = newSessionId();
    return new Promise<RequestOutcome>((resolve, reject) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        const p = this.pending;
        this.pending = undefined;
        this.kill(); // there is no cancel message in the protocol (§5.1)
        const failure = new PluginFailure(
          'request-timeout',
          `no answer within ${formatSeconds(options.timeoutMs)} (--timeout); the plugin was stopped${this.strayNote()}`,
          undefined, // a live process's stderr holds no crash to blame; its tail is shown
          this.stderr.lastLines(TAIL_LINES),
        );
        if (p) failure.partial = partialOf(p);
        reject(failure);
      }, options.timeoutMs);
      this.pending = {
        sessionId,
        started,
        options,
        resolve,
        reject,
        timer,
        outcome: { streams: [], error: undefined, rejected: undefined, backwards: [], firstChunkMs: null, totalMs: 0 },
      };
      this.child.stdin.write(requestLine(sessionId, data));
    });
  }

  /**
   * Kills the plugin's whole process group, now. Safe to call more than once. A request in flight
   * fails with "stopped", unless `settlePending` is false (the caller is exiting anyway).
   */
  kill(settlePending = true): void {
    this.killed = true;
    live.delete(this);
    if (settlePending) this.onStartFailure?.(new PluginFailure('exited', 'the plugin was stopped', undefined, this.stderr.lastLines(TAIL_LINES)));
    const p = this.pending;
    if (p && settlePending) {
      clearTimeout(p.timer);
      this.pending = undefined;
      p.reject(new PluginFailure('exited', 'the plugin was stopped', undefined, this.stderr.lastLines(TAIL_LINES)));
    }
    if (!this.exited && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        try {
          this.child.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    // Also after the plugin exited by itself: what it started in a new session may still run.
    killMarkedProcesses(this.marker);
  }

  /** Kills the plugin and waits until the process has exited. */
  async stop(settlePending = true): Promise<void> {
    this.kill(settlePending);
    if (this.exited || this.child.pid === undefined) return;
    await new Promise<void>((resolve) => this.exitWaiters.push(resolve));
  }

  private onLine(line: string): void {
    const text = line.trim();
    if (!text) return;
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      // A stray print() in plugin code: the daemon logs and ignores it (§2.1).
      return this.onStray(line);
    }
    if (!isObject(msg)) return this.onStray(line);
    const ev = msg as PluginEvent;
    if (ev.event === undefined) {
      this.declaration ??= msg;
      return;
    }
    switch (ev.event) {
      case 'heartbeat':
        if (this.readyMs === undefined) {
          this.readyMs = performance.now() - this.startedAt;
          this.onReady?.();
        }
        return;
      case 'log':
        if (isObject(ev.data)) this.options.onOutput?.('log', `${ev.data.level ?? 'INFO'} ${ev.data.message ?? ''}`);
        return;
      case 'error':
        return this.onTopLevelError(ev);
      case 'session':
        return this.onSession(ev);
      default:
        this.options.onOutput?.('stdout', line);
    }
  }

  /** Output that is no protocol message: shown with --verbose, and named if the run then fails. */
  private onStray(line: string): void {
    this.stray.count++;
    if (this.stray.first.length < 3) this.stray.first.push(preview(Buffer.from(line.slice(0, 200))));
    this.options.onOutput?.('stdout', line);
  }

  /** A stdout line over the daemon's cap: Dify stops reading such a plugin, so the run stops here. */
  private onOversized(first: Buffer): void {
    this.fail(
      new PluginFailure(
        'bad-output',
        `the plugin wrote more than ${MAX_LINE_BYTES / 1024 / 1024} MiB on stdout without a newline, more than Dify's daemon reads as one line (it stops reading the plugin). It starts with ${preview(first)}: print() output without newlines or an oversized answer in the plugin's code`,
        undefined,
        this.stderr.lastLines(TAIL_LINES),
      ),
    );
    this.kill(false);
  }

  /** "; it also wrote 2 lines on stdout that are not protocol messages, the first: "…"" for a failure message. */
  private strayNote(): string {
    if (this.stray.count === 0) return '';
    const n = this.stray.count;
    return `; it also wrote ${n} line${n > 1 ? 's' : ''} on stdout that ${n > 1 ? 'are' : 'is'} not protocol messages (print() output?), the first: ${this.stray.first[0]}`;
  }

  private onTopLevelError(ev: PluginEvent): void {
    const text = isObject(ev.data) ? String(ev.data.error ?? '') : JSON.stringify(ev.data);
    const p = this.pending;
    // Requests go one at a time, so an error with no session belongs to the one in flight (§5.5).
    if (p && (ev.session_id === p.sessionId || ev.session_id == null)) {
      p.outcome.rejected = text;
      if (ev.session_id == null) this.finish(p); // no `end` follows a refused line
    } else {
      this.options.onOutput?.('log', `ERROR ${text}`);
    }
  }

  private onSession(ev: PluginEvent): void {
    const p = this.pending;
    if (!p || ev.session_id !== p.sessionId || !isObject(ev.data)) return; // late output of a finished session
    const m = ev.data as unknown as SessionMessage;
    switch (m.type) {
      case 'stream':
        p.outcome.firstChunkMs ??= performance.now() - p.started;
        p.outcome.streams.push(m.data);
        p.options.onStream?.(m.data);
        return;
      case 'error':
        p.outcome.error = isObject(m.data)
          ? { error_type: String(m.data.error_type ?? 'Error'), message: String(m.data.message ?? ''), args: isObject(m.data.args) ? m.data.args : null }
          : { error_type: 'Error', message: JSON.stringify(m.data) };
        return;
      case 'invoke': {
        const inner = isObject(m.data) ? m.data : {};
        p.outcome.backwards.push(String(inner.type ?? 'unknown'));
        if (typeof inner.backwards_request_id === 'string') {
          this.child.stdin.write(backwardsRefusalLines(p.sessionId, inner.backwards_request_id));
        }
        return;
      }
      case 'end':
        return this.finish(p);
    }
  }

  private finish(p: Pending): void {
    clearTimeout(p.timer);
    this.pending = undefined;
    p.outcome.totalMs = performance.now() - p.started;
    p.resolve(p.outcome);
  }

  private exitFailure(): PluginFailure {
    const how = this.exited?.signal ? `was killed by ${this.exited.signal}` : `exited with status ${this.exited?.code ?? '?'}`;
    const when = this.readyMs === undefined ? 'before it was ready' : this.pending ? 'while answering a request' : '';
    const cause = pythonCause(this.stderr.value, this.options.root);
    return new PluginFailure('exited', `the plugin ${how}${when ? ` ${when}` : ''}${this.strayNote()}`, cause, cause?.tail ?? this.stderr.lastLines(TAIL_LINES), this.exited);
  }

  private fail(e: PluginFailure): void {
    if (this.onStartFailure) return this.onStartFailure(e);
    const p = this.pending;
    if (p) {
      clearTimeout(p.timer);
      this.pending = undefined;
      e.partial = partialOf(p);
      p.reject(e);
    }
  }
}

function partialOf(p: Pending): PluginFailure['partial'] {
  return { chunks: p.outcome.streams.length, firstChunkMs: p.outcome.firstChunkMs };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
