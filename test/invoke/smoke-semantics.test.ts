// Smoke semantics that match Dify (issue 7 §4), unit level: TTS bytes against the declared
// container, traceback locations that never blame an installed package's relative path, and the
// "missing credential" hint only for a credentials read of a key no form has.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, tempDir } from './run-cli.js';
import { checkAudioContainer } from '../../src/invoke/smoke/audio-container.js';
import { pluginLocation, tracebackFrames } from '../../src/invoke/runtime/stderr.js';
import { describeSessionError } from '../../src/invoke/smoke/errors.js';
import { silentMp3, sineWav } from '../../src/invoke/audio.js';
import type { PluginInfo } from '../../src/invoke/plugin-info.js';

afterAll(removeTemps);

describe('TTS audio container', () => {
  it('accepts each container by its signature and rejects text', () => {
    expect(checkAudioContainer(silentMp3(0.1), 'mp3')).toBe('mp3');
    expect(checkAudioContainer(Buffer.concat([Buffer.from('ID3\x04\x00'), silentMp3(0.1)]), 'mp3')).toBe('mp3');
    expect(checkAudioContainer(sineWav(0.1), 'wav')).toBe('wav');
    expect(checkAudioContainer(Buffer.from('OggS\x00\x02rest'), 'opus')).toBe('ogg');
    expect(checkAudioContainer(Buffer.from('fLaC\x00\x00\x00\x22'), 'flac')).toBe('flac');
    expect(checkAudioContainer(Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), 'aac')).toBe('aac');
    expect(checkAudioContainer(Buffer.alloc(64), 'pcm')).toBe('pcm');
    expect(() => checkAudioContainer(Buffer.from('this is not audio at all'), 'mp3')).toThrow(/not MP3 .*text "this is not audio at all"/);
    expect(() => checkAudioContainer(sineWav(0.1), 'mp3')).toThrow(/look like WAV/);
    expect(() => checkAudioContainer(Buffer.from('{"error": "quota"}'), undefined)).toThrow(/not audio in any container/);
  });
});

describe('traceback location', () => {
  it('never places an error in a relative path of an installed package, only in the plugin\'s own deepest frame', () => {
    const root = realpathSync(tempDir());
    mkdirSync(join(root, 'models/llm'), { recursive: true });
    writeFileSync(join(root, 'models/llm/llm.py'), '\n'.repeat(50));
    const tb = [
      'Traceback (most recent call last):',
      `  File "${root}/models/llm/llm.py", line 42, in _invoke`,
      '    self.wait()',
      '  File "src/gevent/event.py", line 163, in gevent._gevent_cevent.Event.wait',
      '  File "/venv/lib/python3.12/site-packages/httpx/_client.py", line 1000, in send',
      'KeyError: \'x\'',
    ].join('\n');
    expect(pluginLocation(tracebackFrames(tb), root, true)).toEqual({ file: 'models/llm/llm.py', line: 42 });
  });

  const info = (variables: string[]): PluginInfo => ({
    root: '/nonexistent-root',
    pluginName: 'p',
    entrypoint: 'main',
    provider: 'p',
    providerFile: 'provider/p.yaml',
    supportedTypes: ['llm'],
    predefinedMethod: true,
    customizableMethod: false,
    providerForm: variables.map((variable) => ({ variable, label: variable, type: 'text-input', required: false, default: undefined, options: [], showOn: [] })),
    modelForm: null,
    predefined: [],
  });
  const keyError = (line: string) => ({
    error_type: 'KeyError',
    message: "'msg'",
    args: { traceback: ['Traceback (most recent call last):', '  File "/nonexistent-root/models/llm/llm.py", line 10, in _invoke', `    ${line}`, "KeyError: 'msg'"].join('\n') },
  });

  it('says "missing credential" only when the failing line reads credentials and no form has the key', () => {
    expect(describeSessionError(keyError('base = credentials["msg"]'), info(['api_key']), 'llm')).toMatch(/missing credential: the model read credentials\["msg"\]/);
    expect(describeSessionError(keyError('text = response["msg"]'), info(['api_key']), 'llm')).not.toMatch(/credential/);
    expect(describeSessionError(keyError('base = credentials["msg"]'), info(['msg']), 'llm')).toMatch(/in the form but was not sent/);
  });
});
