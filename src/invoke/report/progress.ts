// While the plugin starts (the SDK's imports take a second or more on real plugins): one line that
// says what is being started, with a spinner on a terminal only (pipes and CI get the plain line).
import type { LiveReporter } from './live.js';
import type { PythonInfo } from '../python.js';
import type { PluginInfo } from '../plugin-info.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startupProgress(stream: NodeJS.WriteStream, live: LiveReporter, py: PythonInfo, info: PluginInfo): { stop(): void } {
  const venv = py.source === '.venv' ? `${info.root}/.venv` : py.source === '--python' ? `--python ${py.python}` : `${py.python} from PATH (no .venv)`;
  const text = `starting ${py.python} -m ${info.entrypoint} (Python ${py.version}, ${venv}) in ${info.root}`;
  if (!stream.isTTY) {
    live.line(live.c.dim(`  ${text}`));
    return { stop() {} };
  }
  let i = 0;
  const draw = () => stream.write(`\r\x1b[2K${live.c.cyan(FRAMES[i++ % FRAMES.length])} ${live.redact(text)}`);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      stream.write('\r\x1b[2K');
      live.line(live.c.dim(`  started ${py.python} -m ${info.entrypoint} (Python ${py.version}, ${venv})`));
    },
  };
}
