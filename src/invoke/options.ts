// Checks the invoke flags before anything starts; every bad value is a usage error (exit 2).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { MODEL_TYPES, isModelType, type ModelType } from '../plugin/model-types.js';
import { parseModelFlags, type ModelChoice } from './targets.js';
import { SMOKE_INPUT } from './smoke/requests.js';
import { FAULT_KINDS, isFaultKind, type FaultKind } from './mock-server/faults.js';

export interface InvokeCliOptions {
  dir?: string;
  type?: string[];
  model?: string[];
  prompt?: string;
  credentials?: string;
  credential?: string[];
  mock?: boolean;
  mockFault?: string;
  python?: string;
  timeout?: string;
  startupTimeout?: string;
  out?: string;
  audio?: string;
  format?: string;
  force?: boolean;
  verbose?: boolean;
  skipCredentialCheck?: boolean;
}

export interface InvokeOptions {
  root: string;
  types: ModelType[] | undefined;
  models: ModelChoice;
  prompt: string;
  credentialsFile: string | undefined;
  credentialFlags: string[];
  mock: boolean;
  /** `--mock-fault`: the fault every mock request answers with. */
  mockFault: FaultKind | undefined;
  python: string | undefined;
  timeoutMs: number;
  startupTimeoutMs: number;
  out: string | undefined;
  audio: { bytes: Buffer; name: string } | undefined;
  json: boolean;
  force: boolean;
  verbose: boolean;
  skipCredentialCheck: boolean;
}

export const DEFAULT_TIMEOUT_S = 60;
/** Dify's daemon waits 120 s for the first heartbeat; real plugins with heavy imports take seconds. */
export const DEFAULT_STARTUP_TIMEOUT_S = 120;
const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

export function parseInvokeOptions(o: InvokeCliOptions, cwd = process.cwd()): InvokeOptions {
  const root = resolve(cwd, o.dir ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`--dir ${o.dir}: no such folder. Pass the plugin root (the folder holding manifest.yaml).`);
  }
  if (!existsSync(resolve(root, 'manifest.yaml'))) {
    throw new UsageError(`no manifest.yaml in ${root}. Run this in the plugin root or pass it with --dir <path>.`);
  }

  let types: ModelType[] | undefined;
  if (o.type && o.type.length > 0) {
    const bad = o.type.find((t) => !isModelType(t));
    if (bad !== undefined) throw new UsageError(`--type ${bad}: not a model type; use one of ${MODEL_TYPES.join(', ')}.`);
    types = [...new Set(o.type as ModelType[])];
  }

  const timeoutS = seconds(o.timeout, DEFAULT_TIMEOUT_S, '--timeout', 'each request');
  const startupS = seconds(o.startupTimeout, DEFAULT_STARTUP_TIMEOUT_S, '--startup-timeout', 'the plugin to start (first heartbeat)');

  const format = o.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format}: use text or json.`);

  let out: string | undefined;
  if (o.out !== undefined) {
    out = resolve(cwd, o.out);
    if (existsSync(out)) {
      if (statSync(out).isDirectory()) throw new UsageError(`--out ${o.out} is a folder; give a file name for the TTS audio.`);
      if (!o.force) throw new UsageError(`--out ${o.out} already exists; pass --force to overwrite it, or choose another name.`);
    }
    if (!existsSync(resolve(out, '..'))) throw new UsageError(`--out ${o.out}: the folder does not exist.`);
  }

  let audio: InvokeOptions['audio'];
  if (o.audio !== undefined) {
    const path = resolve(cwd, o.audio);
    if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--audio ${o.audio}: file not found.`);
    const size = statSync(path).size;
    if (size === 0) throw new UsageError(`--audio ${o.audio} is empty; give an audio file (wav, mp3, ...).`);
    if (size > MAX_AUDIO_BYTES) throw new UsageError(`--audio ${o.audio} is larger than 25 MB; use a short clip.`);
    audio = { bytes: readFileSync(path), name: o.audio };
  }

  let mockFault: FaultKind | undefined;
  if (o.mockFault !== undefined) {
    if (!isFaultKind(o.mockFault)) throw new UsageError(`--mock-fault ${o.mockFault}: use one of ${FAULT_KINDS.join(', ')}.`);
    if (!o.mock) throw new UsageError('--mock-fault needs --mock: faults are injected by the built-in mock upstream.');
    mockFault = o.mockFault;
  }

  if (o.prompt !== undefined && !o.prompt.trim()) throw new UsageError('--prompt is empty; give the text to send to the LLM.');

  return {
    root,
    types,
    models: parseModelFlags(o.model ?? []),
    prompt: o.prompt ?? SMOKE_INPUT.prompt,
    credentialsFile: o.credentials,
    credentialFlags: o.credential ?? [],
    mock: Boolean(o.mock),
    mockFault,
    python: o.python,
    timeoutMs: Math.round(timeoutS * 1000),
    startupTimeoutMs: Math.round(startupS * 1000),
    out,
    audio,
    json: format === 'json',
    force: Boolean(o.force),
    verbose: Boolean(o.verbose),
    skipCredentialCheck: Boolean(o.skipCredentialCheck),
  };
}

function seconds(value: string | undefined, fallback: number, flag: string, what: string): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 3600) {
    throw new UsageError(`${flag} ${value}: give the seconds to wait for ${what}, a number above 0 (default ${fallback}).`);
  }
  return n;
}
