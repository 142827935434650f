// Registers `invoke` and `mock-server`. Light on purpose: the implementation is imported only when
// a command runs, so CLI start-up stays fast.
import { Option, type Command } from 'commander';
import { runCommand } from '../cli/run-command.js';
import type { InvokeCliOptions } from './options.js';

const TYPES = ['llm', 'text-embedding', 'rerank', 'tts', 'speech2text', 'moderation'];
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** --format json / -f json / --format=json among the arguments (before commander could parse them). */
function jsonRequested(argv: string[]): boolean {
  return argv.some((a, i) => a === '--format=json' || a === '-fjson' || ((a === '--format' || a === '-f') && argv[i + 1] === 'json'));
}

export function registerInvoke(program: Command): void {
  program
    .command('invoke')
    .description('run the plugin as Dify does (stdio protocol, real dify_plugin SDK) and smoke-invoke each model type')
    .option('--dir <path>', 'plugin root (the folder holding manifest.yaml)', '.')
    .option('-t, --type <type>', `model type to invoke: ${TYPES.join(', ')} (repeatable; default: every type the provider declares)`, collect)
    .option('-m, --model <name>', 'model to call: <name> for every type, or <type>=<name> (repeatable; default: the first predefined model)', collect)
    .option('--prompt <text>', 'what to send to the LLM')
    .option('--credentials <file>', 'JSON, YAML or .env (KEY=value lines) file of credential values')
    .option('-c, --credential <key=value>', 'a credential value (repeatable; wins over --credentials); key=env:NAME reads it from $NAME', collect)
    .option('--mock', 'run offline against the built-in mock: fills every required credential, and routes every request the plugin makes (any host, HTTP or HTTPS) to the mock')
    .option('--mock-fault <kind>', 'with --mock: every upstream request answers with a fault (auth, rate-limit, server-error, timeout, malformed, model-not-found); checks the plugin raises the right Dify error')
    .option('--skip-credential-check', 'do not call validate_provider_credentials / validate_model_credentials; invoke the models directly')
    .option('--python <path>', 'Python interpreter (default: the plugin\'s .venv, built by model-plugin setup)')
    .option('--timeout <seconds>', 'limit for each request', '60')
    .option('--startup-timeout <seconds>', 'limit for the plugin to start (its first heartbeat; Dify waits 120 s)', '120')
    .option('--out <file>', 'where to write the TTS audio (default: a temp file)')
    .option('--audio <file>', 'audio file for speech2text (default: a generated short WAV)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--force', 'overwrite --out if it exists')
    .option('--verbose', 'also show the plugin\'s log lines and stderr')
    .addHelpText(
      'after',
      '\nCredentials, strongest first: -c key=value, --credentials <file>, environment variables\n' +
        'MODEL_PLUGIN_CREDENTIAL_<VARIABLE> (e.g. MODEL_PLUGIN_CREDENTIAL_API_KEY). Any value written\n' +
        'env:NAME is read from the environment variable NAME. Under --mock, {mock} in a value is the\n' +
        'running mock\'s base URL (e.g. -c endpoint_url={mock}/v1).\n' +
        'With --mock and no predefined model of a type, the model is named mock-<type>.\n' +
        'Credentials still missing are asked for on a terminal (secret input hidden); without a\n' +
        'terminal a missing required value is an error. Secret values are never printed.\n' +
        '\nExit codes: 0 every invocation passed, 1 one failed (or the plugin failed validation,\n' +
        'crashed or timed out), 2 usage or environment error, 130 Ctrl-C.',
    )
    .exitOverride((err) => {
      // A flag commander refused: --format json still gets its one JSON object on stdout.
      if (!['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code) && jsonRequested(process.argv)) {
        process.stdout.write(JSON.stringify({ ok: false, results: [], notRun: [], error: { message: err.message.replace(/^error: /, ''), cause: null, stderrTail: [] }, exitCode: 2 }, null, 2) + '\n');
      }
      throw err;
    })
    .action((opts: InvokeCliOptions) =>
      runCommand(async () => {
        // The plugin's Python starts first: the rest of invoke loads and works while it imports.
        const early = await (await import('./early-launch.js')).earlyLaunch(opts).catch(() => undefined);
        return (await import('./command.js')).runInvokeCommand(opts, early);
      }),
    );

  program
    .command('mock-server')
    .description('run the built-in mock upstream (the one invoke --mock uses) on 127.0.0.1: the provider APIs plugins call, with a request log')
    .option('--port <port>', 'port to listen on (default: a free port)')
    .option('--dialect <name>', 'serve direct calls with this dialect only (default: chosen by path); see the README for the list')
    .option('--models <names>', 'comma-separated model names the mock knows; others get the vendor\'s "model not found" (default: any)')
    .option('--fault <kind>', 'answer every request with a fault: auth, rate-limit, server-error, timeout, malformed, model-not-found')
    .option('--no-auth', 'accept direct calls without a key (local servers such as Ollama never need one)')
    .action((opts: { port?: string; dialect?: string; models?: string; fault?: string; auth?: boolean }) =>
      runCommand(async () => (await import('./mock-server/command.js')).runMockServer(opts)),
    );
}
