// Puts a planned plugin on disk without ever leaving half of it behind: every file is written
// into a temporary folder next to the target, and moved into place only when all are written.
// A busy target is refused untouched unless `force`, and `force` replaces only generated files.
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
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
  if (readdirSync(target).length === 0) return 'empty';
  if (!force) {
    throw new UsageError(
      `${target} is not empty, so nothing was written. Choose a new folder, or pass --force to ` +
        'overwrite the files the plugin consists of (other files are kept).',
    );
  }
  return 'busy';
}

export async function writePlugin(targetPath: string, files: PlannedFile[], options: WriteOptions): Promise<WriteResult> {
  const target = resolve(targetPath);
  const state = inspectTarget(target, options.force);
  const result: WriteResult = {
    target,
    files: files.map((f) => ({ path: f.path, overwrites: state === 'busy' && exists(join(target, f.path)) })),
  };
  if (state === 'busy') checkMergeConflicts(target, files);
  if (options.dryRun) return result;

  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const parent = dirname(target);
  // mkdir -p returns the first folder it created; remove it again if we fail.
  const createdParent = state === 'missing' ? mkdirSync(parent, { recursive: true }) : undefined;
  let staging: string | undefined;
  let done = false;
  try {
    staging = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
    for (const file of files) {
      // A Ctrl-C is noticed between two writes, always before anything is moved into place.
      if (interrupted) throw new InterruptedError('interrupted, nothing was written.');
      const path = join(staging, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    if (interrupted) throw new InterruptedError('interrupted, nothing was written.');
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
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
    if (!done && createdParent) rmSync(createdParent, { recursive: true, force: true });
    process.removeListener('SIGINT', onSigint);
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

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
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
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  let done = false;
  try {
    for (const file of files) {
      if (interrupted) throw new InterruptedError('interrupted, nothing was changed.');
      const created = await mkdir(dirname(file.path), { recursive: true });
      if (created) createdDirs.push(created);
      const temp = join(dirname(file.path), `.${basename(file.path)}.tmp-${process.pid}-${staged.length}`);
      staged.push({ temp, path: file.path });
      await writeFile(temp, file.content, { flag: 'wx' });
    }
    if (interrupted) throw new InterruptedError('interrupted, nothing was changed.');
    for (const { temp, path } of staged) renameSync(temp, path);
    done = true;
  } finally {
    if (!done) {
      for (const { temp } of staged) rmSync(temp, { force: true });
      for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    }
    process.removeListener('SIGINT', onSigint);
  }
}
