// Puts a planned plugin on disk without ever leaving half of it behind: every file is written
// into a temporary folder next to the target, and moved into place only when all are written.
// A busy target is refused untouched unless `force`, and `force` replaces only generated files.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InterruptedError, UsageError } from '../cli/errors.js';
import type { PlannedFile } from './plan.js';

export interface WriteOptions {
  force: boolean;
  dryRun: boolean;
}

export interface WriteResult {
  target: string;
  /** Each planned file and whether it replaces an existing one. */
  files: { path: string; overwrites: boolean }[];
}

type TargetState = 'missing' | 'empty' | 'busy';

/** Checks the target folder; throws the usage error the user should see when it cannot be used. */
export function inspectTarget(target: string, force: boolean): TargetState {
  const stat = lstatOrUndefined(target);
  if (!stat) return 'missing';
  if (!stat.isDirectory()) {
    throw new UsageError(`${target} exists and is not a folder; choose another folder for the plugin.`);
  }
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch (err) {
    throw new UsageError(`cannot read ${target} (${(err as NodeJS.ErrnoException).code}); choose a folder you can read and write.`);
  }
  // Only `.git` (a fresh clone of an empty repository) counts as empty, as in create-vite.
  if (entries.every((e) => e === '.git')) return 'empty';
  if (!force) {
    throw new UsageError(
      `${target} is not empty, so nothing was written. Choose a new folder, or pass --force to ` +
        'overwrite the files the plugin consists of (other files are kept).',
    );
  }
  return 'busy';
}

/** The message inspectTarget would throw, or undefined when the folder can be used. */
export function targetProblem(target: string, force: boolean): string | undefined {
  try {
    inspectTarget(target, force);
    return undefined;
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
}

/**
 * A new, empty staging folder next to `target`. Made with mkdir (not mkdtemp, whose 0700 would
 * become the plugin folder's mode once renamed): the folder gets the umask's mode like any other.
 */
function makeStaging(parent: string, name: string): string {
  for (;;) {
    const path = join(parent, `.${name}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(path);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

export async function writePlugin(targetPath: string, files: PlannedFile[], options: WriteOptions): Promise<WriteResult> {
  const target = resolve(targetPath);
  const state = inspectTarget(target, options.force);
  if (state === 'busy') checkMergeConflicts(target, files);
  const result: WriteResult = {
    target,
    files: files.map((f) => ({ path: f.path, overwrites: state === 'busy' && exists(join(target, f.path)) })),
  };
  if (options.dryRun) return result;

  const signals = catchSignals();
  const parent = dirname(target);
  // mkdir -p returns the first folder it created; remove it again if we fail.
  const createdParent = state === 'missing' ? mkdirSync(parent, { recursive: true }) : undefined;
  let staging: string | undefined;
  let done = false;
  try {
    staging = makeStaging(parent, basename(target));
    for (const file of files) {
      const path = join(staging, ...file.path.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
    }
    // Let a Ctrl-C that arrived during the writes above reach its handler, before any move.
    await yieldToSignals();
    signals.throwIfCaught('nothing was written.');
    // From here on everything is synchronous: the moves finish before a signal is handled.
    if (state === 'missing') {
      renameSync(staging, target);
      staging = undefined;
    } else {
      for (const file of files) {
        const to = join(target, ...file.path.split('/'));
        mkdirSync(dirname(to), { recursive: true });
        renameSync(join(staging, ...file.path.split('/')), to);
      }
    }
    done = true;
    return result;
  } catch (err) {
    throw asUsageError(err, target);
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
    if (!done && createdParent) rmSync(createdParent, { recursive: true, force: true });
    signals.release();
  }
}

/**
 * With --force into a busy folder: every folder on the way to a generated file must be a real
 * folder (not a file, not a symlink that could lead outside the target), and no generated file
 * may land on an existing folder. Checked before anything is written.
 */
function checkMergeConflicts(target: string, files: PlannedFile[]): void {
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = join(target, ...parts.slice(0, i));
      const stat = lstatOrUndefined(dir);
      if (stat && (!stat.isDirectory() || stat.isSymbolicLink())) {
        throw new UsageError(
          `${dir} is in the way of ${file.path}: it is ${stat.isSymbolicLink() ? 'a symbolic link' : 'a file'}, ` +
            'not a folder. Move it away and run again; nothing was written.',
        );
      }
    }
    const stat = lstatOrUndefined(join(target, ...parts));
    if (stat?.isDirectory()) {
      throw new UsageError(`${join(target, ...parts)} is a folder, but the plugin needs a file there. Move it away and run again; nothing was written.`);
    }
  }
}

const FS_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'a file appeared there while writing',
  ENOTEMPTY: 'the folder was filled by something else while writing',
  ENOTDIR: 'a file is where a folder should be',
  ENAMETOOLONG: 'the path is too long',
};

/** File-system errors the user can fix become a usage error; bugs stay as they are. */
function asUsageError(err: unknown, where: string): unknown {
  const { code, path } = err as NodeJS.ErrnoException;
  if (!code || !(code in FS_PROBLEMS)) return err;
  return new UsageError(`cannot write ${path ?? where}: ${FS_PROBLEMS[code]} (${code}). Nothing was written; fix that and run again.`);
}

/** The signals that end a write: each is held off until the files are cleaned up, then exits 128+n. */
const ENDING_SIGNALS: [NodeJS.Signals, number][] = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

/** Catches SIGINT, SIGTERM and SIGHUP alike while files are written (so the cleanup runs for each). */
function catchSignals() {
  let caught: [NodeJS.Signals, number] | undefined;
  const handlers = ENDING_SIGNALS.map(([signal, code]) => {
    const handler = () => {
      caught ??= [signal, code];
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    throwIfCaught(what: string): void {
      if (!caught) return;
      const [signal, code] = caught;
      throw new InterruptedError(`${signal === 'SIGINT' ? 'interrupted' : `got ${signal}`}, ${what}`, code);
    },
    release(): void {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    },
  };
}

/** Two turns of the event loop: a pending signal is handled in the first one's poll phase. */
async function yieldToSignals(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function exists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}

/**
 * Writes files into an existing plugin (`add`): each file is first written next to its
 * destination under a temporary name, and only when all are written are they renamed into
 * place, so a failure leaves the plugin as it was. `paths` are absolute and already checked to
 * be inside the plugin root.
 */
export async function commitFiles(files: { path: string; content: string }[]): Promise<void> {
  const staged: { temp: string; path: string }[] = [];
  const createdDirs: string[] = [];
  const signals = catchSignals();
  let done = false;
  try {
    for (const file of files) {
      const created = mkdirSync(dirname(file.path), { recursive: true });
      if (created) createdDirs.push(created);
      const temp = join(dirname(file.path), `.${basename(file.path)}.tmp-${process.pid}-${staged.length}`);
      writeFileSync(temp, file.content, { flag: 'wx' });
      staged.push({ temp, path: file.path });
    }
    await yieldToSignals();
    signals.throwIfCaught('nothing was changed.');
    for (const { temp, path } of staged) renameSync(temp, path);
    done = true;
  } catch (err) {
    throw asUsageError(err, dirname(files[0]?.path ?? '.'));
  } finally {
    if (!done) {
      for (const { temp } of staged) rmSync(temp, { force: true });
      for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    }
    signals.release();
  }
}
