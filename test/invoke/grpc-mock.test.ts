// gRPC through the hermetic proxy to the mock (Vertex AI's PredictionService, issue 8), driven by a
// real gRPC client: Python grpcio in a venv of its own, with the proxy's environment as invoke gives
// it to a plugin (https_proxy for grpc core's HTTP CONNECT, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH for the
// run's CA). The client negotiates ALPN h2 with the proxy; the messages are built from descriptors
// declared in the script with aiplatform's field numbers, so the test does not rely on the mock's
// own protobuf declarations.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { request as httpRequest } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTemps, tempDir } from './run-cli.js';
import { startHermeticProxy, REMOVED_ENV, type HermeticProxy } from '../../src/invoke/hermetic/proxy.js';
import { startMockServer, type MockServer, type RequestLogEntry } from '../../src/invoke/mock-server/server.js';
import { corpusVenv } from '../helpers/corpus-venv.js';
import type { FaultKind } from '../../src/invoke/mock-server/faults.js';

const CLIENT = String.raw`
import json, sys, grpc
from google.protobuf import descriptor_pb2, descriptor_pool, struct_pb2, json_format
from google.protobuf.message_factory import GetMessageClass

pool = descriptor_pool.DescriptorPool()
pool.AddSerializedFile(struct_pb2.DESCRIPTOR.serialized_pb)
f = descriptor_pb2.FileDescriptorProto(name="mini_aiplatform.proto", package="google.cloud.aiplatform.v1", syntax="proto3", dependency=["google/protobuf/struct.proto"])
T = descriptor_pb2.FieldDescriptorProto
def msg(name, fields):
    m = f.message_type.add(name=name)
    for number, fname, ftype, label, tname in fields:
        fd = m.field.add(name=fname, number=number, type=ftype, label=label)
        if tname: fd.type_name = tname
OPT, REP = T.LABEL_OPTIONAL, T.LABEL_REPEATED
msg("PredictRequest", [(1, "endpoint", T.TYPE_STRING, OPT, None), (2, "instances", T.TYPE_MESSAGE, REP, ".google.protobuf.Value"), (3, "parameters", T.TYPE_MESSAGE, OPT, ".google.protobuf.Value")])
msg("PredictResponse", [(1, "predictions", T.TYPE_MESSAGE, REP, ".google.protobuf.Value"), (2, "deployed_model_id", T.TYPE_STRING, OPT, None), (6, "metadata", T.TYPE_MESSAGE, OPT, ".google.protobuf.Value")])
msg("GetPublisherModelRequest", [(1, "name", T.TYPE_STRING, OPT, None)])
msg("PredictSchemata", [(1, "instance_schema_uri", T.TYPE_STRING, OPT, None)])
msg("PublisherModel", [(1, "name", T.TYPE_STRING, OPT, None), (2, "version_id", T.TYPE_STRING, OPT, None), (30, "publisher_model_template", T.TYPE_STRING, OPT, None), (31, "predict_schemata", T.TYPE_MESSAGE, OPT, ".google.cloud.aiplatform.v1.PredictSchemata")])
pool.Add(f)
C = lambda n: GetMessageClass(pool.FindMessageTypeByName("google.cloud.aiplatform.v1." + n))

channel = grpc.secure_channel("us-central1-aiplatform.googleapis.com:443", grpc.ssl_channel_credentials())
out = []
for call in json.loads(sys.argv[1]):
    method, request_type, response_type = {
        "Predict": ("/google.cloud.aiplatform.v1.PredictionService/Predict", "PredictRequest", "PredictResponse"),
        "GetPublisherModel": ("/google.cloud.aiplatform.v1.ModelGardenService/GetPublisherModel", "GetPublisherModelRequest", "PublisherModel"),
        "Unknown": ("/google.cloud.aiplatform.v1.PredictionService/StreamGenerateContent", "PredictRequest", "PredictResponse"),
    }[call["method"]]
    stub = channel.unary_unary(method, request_serializer=lambda m: m.SerializeToString(), response_deserializer=C(response_type).FromString)
    request = json_format.ParseDict(call["request"], C(request_type)())
    metadata = [("authorization", "Bearer " + call["token"])] if call.get("token") else []
    try:
        response = stub(request, metadata=metadata, timeout=60)
        out.append({"code": "OK", "response": json_format.MessageToDict(response)})
    except grpc.RpcError as e:
        out.append({"code": e.code().name, "details": e.details()})
print(json.dumps(out))
`;

let python: string;
let script: string;

beforeAll(() => {
  python = corpusVenv('grpc', ['grpcio==1.80.0', 'protobuf==6.33.6']);
  script = join(tempDir('mp-grpc-'), 'client.py');
  writeFileSync(script, CLIENT);
}, 900_000);
afterAll(removeTemps);

interface Call {
  method: 'Predict' | 'GetPublisherModel' | 'Unknown';
  request: Record<string, unknown>;
  token?: string;
}
interface Result {
  code: string;
  details?: string;
  response?: Record<string, unknown>;
}

const ENDPOINT = 'projects/mock-project/locations/us-central1/publishers/google/models/multimodalembedding@001';
const predict = (text: string, parameters?: Record<string, unknown>, token: string | null = 'ya29.mock-token', endpoint = ENDPOINT): Call => ({
  method: 'Predict',
  request: { endpoint, instances: [{ text }], ...(parameters ? { parameters } : {}) },
  ...(token === null ? {} : { token }),
});

/** Starts a mock (with the plugin's models) behind a proxy, runs the calls with grpcio, stops both. */
async function run(calls: Call[], fault?: FaultKind): Promise<{ results: Result[]; proxy: HermeticProxy; log: RequestLogEntry[] }> {
  const log: RequestLogEntry[] = [];
  const mock: MockServer = await startMockServer({ provider: 'vertex_ai', models: ['multimodalembedding@001', 'text-embedding-005'], fault, faultHoldMs: 200, onRequest: (e) => log.push(e) });
  const proxy = await startHermeticProxy(mock.port);
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, ...proxy.env };
    for (const name of REMOVED_ENV) delete env[name];
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(python, [script, JSON.stringify(calls)], { env, timeout: 300_000, encoding: 'utf8' }, (err, out, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out))),
    );
    return { results: JSON.parse(stdout) as Result[], proxy, log };
  } finally {
    await proxy.close();
    await mock.close();
  }
}

describe('gRPC to the mock through the hermetic proxy (grpcio, ALPN h2)', () => {
  it('serves GetPublisherModel and Predict of multimodalembedding@001: 1408 dimensions by default, the asked dimension, deterministic, logged with their gRPC status', async () => {
    const { results, proxy, log } = await run([
      { method: 'GetPublisherModel', request: { name: 'publishers/google/models/multimodalembedding@001' }, token: 'ya29.mock-token' },
      predict('hello world'),
      predict('hello world'),
      predict('hello world', { dimension: 256 }),
    ]);
    expect(results.map((r) => r.code)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(results[0].response).toEqual({
      name: 'publishers/google/models/multimodalembedding',
      versionId: '001',
      publisherModelTemplate: 'projects/{user-project}/locations/{location}/publishers/google/models/multimodalembedding@001',
      predictSchemata: { instanceSchemaUri: 'gs://google-cloud-aiplatform/schema/predict/instance/vision_embedding_model_1.0.0.yaml' },
    });
    const vector = (r: Result) => ((r.response!.predictions as Record<string, unknown>[])[0].textEmbedding as number[]);
    expect(vector(results[1])).toHaveLength(1408);
    expect(vector(results[1]).every((x) => typeof x === 'number' && Number.isFinite(x))).toBe(true);
    expect(vector(results[2])).toEqual(vector(results[1]));
    expect(vector(results[3])).toHaveLength(256);

    const host = 'https://us-central1-aiplatform.googleapis.com';
    expect(proxy.requests.map((r) => ({ method: r.method, url: r.url, status: r.status, grpcStatus: r.grpcStatus, http2: r.http2, model: r.model, unserved: r.unserved }))).toEqual([
      { method: 'POST', url: `${host}/google.cloud.aiplatform.v1.ModelGardenService/GetPublisherModel`, status: 200, grpcStatus: 0, http2: true, model: 'multimodalembedding@001', unserved: false },
      ...[1, 2, 3].map(() => ({ method: 'POST', url: `${host}/google.cloud.aiplatform.v1.PredictionService/Predict`, status: 200, grpcStatus: 0, http2: true, model: 'multimodalembedding@001', unserved: false })),
    ]);
    expect(proxy.requests.every((r) => typeof r.ms === 'number')).toBe(true);
    expect(log.map((e) => [e.dialect, e.served, e.grpcStatus])).toEqual([1, 2, 3, 4].map(() => ['gemini', true, 0]));
  }, 600_000);

  it('gives the gRPC statuses Google sends: UNAUTHENTICATED without a token, NOT_FOUND for an unknown model, INVALID_ARGUMENT for a bad dimension, UNIMPLEMENTED (unserved) for a method the mock does not serve', async () => {
    const { results, proxy } = await run([
      predict('hello', undefined, null),
      predict('hello', undefined, 'ya29.mock-token', ENDPOINT.replace('multimodalembedding@001', 'multimodalembedding@009')),
      predict('hello', { dimension: 100 }),
      { method: 'Unknown', request: { endpoint: ENDPOINT }, token: 'ya29.mock-token' },
    ]);
    expect(results.map((r) => r.code)).toEqual(['UNAUTHENTICATED', 'NOT_FOUND', 'INVALID_ARGUMENT', 'UNIMPLEMENTED']);
    expect(results[0].details).toMatch(/missing required authentication credential/);
    expect(results[1].details).toMatch(/^Publisher Model `projects\/mock-project\/locations\/us-central1\/publishers\/google\/models\/multimodalembedding@009` was not found/);
    expect(results[2].details).toMatch(/dimension must be one of 128, 256, 512, 1408/);
    expect(results[3].details).toMatch(/no dialect serves the gRPC method google\.cloud\.aiplatform\.v1\.PredictionService\/StreamGenerateContent/);
    expect(proxy.requests.map((r) => [r.grpcStatus, r.unserved])).toEqual([
      [16, false],
      [5, false],
      [3, false],
      [12, true],
    ]);
  }, 600_000);

  it.each([
    ['auth', 'UNAUTHENTICATED', /invalid authentication credentials/],
    ['rate-limit', 'RESOURCE_EXHAUSTED', /Resource has been exhausted/],
    ['server-error', 'INTERNAL', /internal error/],
    ['model-not-found', 'NOT_FOUND', /not found/],
    ['malformed', 'INTERNAL', /deserializ/i],
    ['timeout', 'UNAVAILABLE', /./],
  ] as const)('--mock-fault %s answers a gRPC call with %s', async (fault, code, details) => {
    const { results, log } = await run([predict('hello')], fault);
    expect(results[0].code).toBe(code);
    expect(results[0].details).toMatch(details);
    expect(log[0].fault).toBe(fault);
  }, 600_000);
});

describe('HTTP/2 through the hermetic proxy', () => {
  it('an HTTPS client that negotiates h2 gets the REST answers of the mock, like an HTTP/1.1 one', async () => {
    const mock = await startMockServer({ provider: 'vertex_ai' });
    const proxy = await startHermeticProxy(mock.port);
    try {
      // CONNECT through the proxy, TLS with ALPN h2 and the run's CA, then an HTTP/2 session on it.
      const tunnel = await new Promise<import('node:net').Socket>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: Number(new URL(proxy.url).port), method: 'CONNECT', path: 'generativelanguage.googleapis.com:443' });
        req.on('connect', (_res, socket) => resolve(socket));
        req.on('error', reject);
        req.end();
      });
      const tls = tlsConnect({ socket: tunnel, servername: 'generativelanguage.googleapis.com', ca: readFileSync(proxy.caFile), ALPNProtocols: ['h2'] });
      await new Promise<void>((resolve, reject) => tls.once('secureConnect', resolve).once('error', reject));
      expect(tls.alpnProtocol).toBe('h2');
      const session = connect('https://generativelanguage.googleapis.com', { createConnection: () => tls });
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const stream = session.request({ ':method': 'POST', ':path': '/v1beta/models/text-embedding-004:embedContent', 'x-goog-api-key': 'mock-key', 'content-type': 'application/json' });
        let status = 0;
        let body = '';
        stream.on('response', (h) => (status = Number(h[':status'])));
        stream.on('data', (d: Buffer) => (body += d.toString('utf8')));
        stream.on('end', () => resolve({ status, body }));
        stream.on('error', reject);
        stream.end(JSON.stringify({ content: { parts: [{ text: 'hello' }] } }));
      });
      session.close();
      expect(answer.status).toBe(200);
      expect((JSON.parse(answer.body) as { embedding: { values: number[] } }).embedding.values).toHaveLength(768);
      expect(proxy.requests.map((r) => [r.method, r.url, r.status, r.http2])).toEqual([['POST', 'https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:embedContent', 200, true]]);
    } finally {
      await proxy.close();
      await mock.close();
    }
  }, 120_000);
});

describe('a TLS handshake the client gives up', () => {
  it('is in the proxy log as CONNECT https://<host> with its error, reported like an unserved request', async () => {
    const { describeUnserved } = await import('../../src/invoke/hermetic/proxy.js');
    const mock = await startMockServer({});
    const proxy = await startHermeticProxy(mock.port);
    try {
      // Python's ssl with its own roots, not the run's CA: OpenSSL refuses the certificate during
      // the handshake and sends an alert (Node's client would check it only afterwards).
      const code = [
        'import http.client, ssl',
        `c = http.client.HTTPSConnection('127.0.0.1', ${new URL(proxy.url).port}, context=ssl.create_default_context(), timeout=60)`,
        "c.set_tunnel('api.example.com', 443)",
        'try:',
        "    c.request('GET', '/v1/models')",
        'except ssl.SSLError as e:',
        "    print('refused', e.reason)",
      ].join('\n');
      const out = await new Promise<string>((resolve, reject) =>
        execFile(python, ['-c', code], { env: { PATH: process.env.PATH ?? '' }, timeout: 120_000, encoding: 'utf8' }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
      );
      expect(out).toMatch(/refused CERTIFICATE_VERIFY_FAILED/);
      for (let i = 0; i < 2400 && proxy.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(proxy.requests).toHaveLength(1);
      expect(proxy.requests[0]).toMatchObject({ method: 'CONNECT', url: 'https://api.example.com', status: 0, unserved: true });
      expect(describeUnserved(proxy.requests[0])).toMatch(/^the plugin's connection to api\.example\.com failed: TLS handshake failed: .*(unknown ca|certificate)/i);
    } finally {
      await proxy.close();
      await mock.close();
    }
  }, 120_000);
});

describe('gRPC framing and google.protobuf.Value (the mock side)', () => {
  it('frames and unframes messages, refuses cut-short and compressed ones, percent-encodes grpc-message', async () => {
    const { frame, unframe, encodeGrpcMessage, decodeGrpcMessage } = await import('../../src/invoke/mock-server/grpc/wire.js');
    const two = Buffer.concat([frame(Buffer.from('ab')), frame(Buffer.alloc(0))]);
    expect(two.toString('hex')).toBe('0000000002616200' + '00000000');
    expect(unframe(two).map((b) => b.toString())).toEqual(['ab', '']);
    expect(() => unframe(two.subarray(0, 6))).toThrow(/cut short \(1 of 2 bytes\)/);
    expect(() => unframe(Buffer.from('0100000000', 'hex'))).toThrow(/compressed/);
    expect(encodeGrpcMessage('50% done: é\n')).toBe('50%25 done: %C3%A9%0A');
    expect(decodeGrpcMessage(encodeGrpcMessage('50% done: é\n'))).toBe('50% done: é\n');
  });

  it('round-trips JSON through google.protobuf.Value in a PredictRequest', async () => {
    const { messageType, toPlain, jsonToValue } = await import('../../src/invoke/mock-server/grpc/aiplatform.js');
    const method = 'google.cloud.aiplatform.v1.PredictionService/Predict';
    const type = await messageType(method, 'PredictRequest');
    const instances = [{ text: 'hi', n: 1.5, ok: true, none: null, list: [1, 'a', { b: [] }] }];
    const bytes = type.encode(type.fromObject({ endpoint: 'e', instances: instances.map(jsonToValue), parameters: jsonToValue({ dimension: 128 }) })).finish();
    expect(toPlain(type, type.decode(bytes))).toEqual({ endpoint: 'e', instances, parameters: { dimension: 128 } });
  });
});
