// Turns what went wrong into one line a plugin author can act on: the Python exception, the plugin
// file and line it came from (SDK >= 0.10.1 sends the traceback), and a hint for known causes.
import type { PluginInfo } from '../plugin-info.js';
import type { ModelType } from '../../plugin/model-types.js';
import { SDK_BASE_CLASS } from '../../plugin/model-types.js';
import { BACKWARDS_REFUSAL, type SessionError } from '../runtime/protocol.js';
import { pluginLocation, tracebackFrames, type PythonCause, type PythonFrame } from '../runtime/stderr.js';
import type { PluginFailure } from '../runtime/process.js';

export function describeSessionError(err: SessionError, info: PluginInfo, type: ModelType | null): string {
  const traceback = typeof err.args?.traceback === 'string' ? err.args.traceback : '';
  const message = err.message.trim();
  let text = message ? `${err.error_type}: ${message}` : err.error_type;
  // The SDK wraps most model errors (InvokeError "[models] Error: <text>", or a provider's
  // CredentialsValidateFailedError); the traceback (SDK >= 0.10.1) still names the original
  // exception and where it was raised, which is what the author has to fix.
  const first = firstException(traceback);
  let frames = tracebackFrames(traceback);
  if (first && first.type !== err.error_type) {
    const firstMessage = first.line.slice(first.line.indexOf(':') + 1).trim();
    const said = first.line.includes(':') && firstMessage && !text.includes(firstMessage) ? `: ${firstMessage}` : '';
    text += ` (raised as ${first.type}${said})`;
    if (pluginLocation(first.frames, info.root, true)) frames = first.frames;
  }
  const loc = pluginLocation(frames, info.root, true);
  const inPlugin = loc && `${loc.file}:${loc.line}`;
  const hint = /\bNotImplementedError\b/.test(text) ? 'a method of the plugin is not implemented yet' : hintFor(err, info, type, traceback);
  return [text, inPlugin && `at ${inPlugin}`, hint].filter(Boolean).join(' — ');
}

/** The innermost frame's source line reads credentials (tracebacks show it under the File line). */
function readsCredentials(traceback: string): boolean {
  const lines = traceback.split('\n');
  const at = lines.findLastIndex((l) => /^\s*File ".+", line \d+/.test(l));
  return at >= 0 && /credentials/.test(lines[at + 1] ?? '');
}

/** The first exception of a chained traceback: its line, short type name and the frames above it. */
function firstException(traceback: string): { line: string; type: string; frames: PythonFrame[] } | undefined {
  const lines = traceback.split('\n');
  const at = lines.findIndex((l) => /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b/.test(l));
  if (at < 0) return undefined;
  const line = lines[at].trim();
  return { line, type: line.split(':')[0].split('.').at(-1) ?? '', frames: tracebackFrames(lines.slice(0, at).join('\n')) };
}

function hintFor(err: SessionError, info: PluginInfo, type: ModelType | null, traceback: string): string | undefined {
  // KeyError "<ModelType.TTS: 'tts'>": no class of that type was registered (reference §8.4).
  if (err.error_type === 'KeyError' && type && /ModelType\./.test(err.message)) {
    return `the plugin has no ${type} model class: add a ${SDK_BASE_CLASS[type]} subclass to a file listed in extra.python.model_sources of ${info.providerFile}`;
  }
  const key = /^'([\w-]+)'$/.exec(err.message.trim())?.[1];
  if (err.error_type === 'KeyError' && key && readsCredentials(traceback)) {
    const fields = [...(info.providerForm ?? []), ...(info.modelForm ?? [])];
    if (!fields.some((f) => f.variable === key)) {
      return `missing credential: the model read credentials["${key}"], which no credential form of ${info.providerFile} has: add it to the form (with a default), or pass -c ${key}=<value>`;
    }
    return `credential "${key}" is in the form but was not sent (optional and empty): pass -c ${key}=<value>, or read it with credentials.get("${key}")`;
  }
  if (err.error_type === 'TypeError' && /abstract method/.test(err.message)) {
    return 'the model class does not implement every abstract method of its SDK base class';
  }
  if (err.error_type === 'ValidationError') return 'the plugin rejected the request fields; is this SDK version older or newer than the protocol model-plugin speaks?';
  return undefined;
}

export function backwardsNote(kinds: string[]): string {
  return `the model tried to call back into Dify (${[...new Set(kinds)].join(', ')}); refused as Dify does ("${BACKWARDS_REFUSAL}")`;
}

export function describeCause(cause: PythonCause | undefined): string | undefined {
  if (!cause) return undefined;
  return cause.location ? `${cause.location.file}:${cause.location.line}: ${cause.exception}` : cause.exception;
}

export function describeFailure(f: PluginFailure): string {
  const cause = describeCause(f.cause_);
  return cause ? `${f.message}: ${cause}` : f.message;
}
