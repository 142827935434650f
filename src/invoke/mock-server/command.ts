// `model-plugin mock-server`: the --mock upstream on its own, for pointing a plugin (or Dify's
// remote debugging) at it by hand. Logs each request (never headers or bodies). Runs until Ctrl-C.
import { UsageError, EXIT } from '../../cli/errors.js';
import { startMockServer, type RequestLogEntry } from './server.js';
import { DIALECTS } from './dialects/index.js';
import { FAULT_KINDS, isFaultKind } from './faults.js';
import { MOCK_API_KEY } from './models.js';

export interface MockServerCliOptions {
  port?: string;
  dialect?: string;
  models?: string;
  fault?: string;
  auth?: boolean;
}

export function logLine(e: RequestLogEntry): string {
  const where = e.dialect ? e.dialect : 'UNSERVED';
  return `${e.method} ${e.host}${e.path} → ${e.status || 'no answer'} [${where}${e.fault ? `, fault ${e.fault}` : ''}] (${Math.round(e.ms)} ms)`;
}

export async function runMockServer(opts: MockServerCliOptions): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port ${opts.port}: give a port number from 1 to 65535 (or 0 for a free one).`);
  }
  const names = DIALECTS.map((d) => d.name);
  if (opts.dialect !== undefined && !names.includes(opts.dialect)) {
    throw new UsageError(`--dialect ${opts.dialect}: not a dialect of the mock; use one of ${names.join(', ')}.`);
  }
  if (opts.fault !== undefined && !isFaultKind(opts.fault)) {
    throw new UsageError(`--fault ${opts.fault}: use one of ${FAULT_KINDS.join(', ')}.`);
  }
  const models = opts.models?.split(',').map((m) => m.trim()).filter(Boolean);
  if (opts.models !== undefined && !models?.length) throw new UsageError('--models is empty; give model names separated by commas.');
  let server;
  try {
    server = await startMockServer({
      port,
      dialect: opts.dialect,
      models,
      fault: opts.fault as never,
      requireKey: opts.auth === false ? false : undefined,
      onRequest: (e) => process.stderr.write(`${logLine(e)}\n`),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on 127.0.0.1 is in use; pick another with --port, or omit it for a free one.`);
    if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${port}; use a port above 1023.`);
    throw err;
  }
  const dialect = opts.dialect ? DIALECTS.find((d) => d.name === opts.dialect)! : undefined;
  const served = dialect ? `${dialect.name} (${dialect.title})` : `every dialect, chosen by path: ${names.join(', ')}`;
  process.stdout.write(
    `Mock upstream listening on ${server.url}\n` +
      `  credentials: {"endpoint_url": "${server.url}", "api_key": "${MOCK_API_KEY}", "mode": "chat"}\n` +
      `  serves: ${served}\n` +
      `  models: ${models ? models.join(', ') : 'any name'}${opts.fault ? `\n  fault: every request answers with ${opts.fault}` : ''}\n` +
      `Press Ctrl-C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return EXIT.ok;
}
