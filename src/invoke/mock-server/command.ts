// `model-plugin mock-server`: the --mock upstream on its own, for pointing a plugin (or Dify's
// remote debugging) at it by hand. Runs until Ctrl-C.
import { UsageError, EXIT } from '../../cli/errors.js';
import { startMockServer } from './server.js';
import { MOCK_API_KEY } from '../command.js';

export async function runMockServer(opts: { port?: string }): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port ${opts.port}: give a port number from 1 to 65535 (or 0 for a free one).`);
  }
  let server;
  try {
    server = await startMockServer({
      port,
      onRequest: (e) => process.stderr.write(`${e.method} ${e.path} → ${e.status} (${Math.round(e.ms)} ms)\n`),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on 127.0.0.1 is in use; pick another with --port, or omit it for a free one.`);
    if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${port}; use a port above 1023.`);
    throw err;
  }
  process.stdout.write(
    `Mock OpenAI-compatible server listening on ${server.url}\n` +
      `  credentials: {"endpoint_url": "${server.url}", "api_key": "${MOCK_API_KEY}", "mode": "chat"}\n` +
      `  endpoints: POST /chat/completions /completions /embeddings /rerank /audio/speech /audio/transcriptions /moderations, GET /models\n` +
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
