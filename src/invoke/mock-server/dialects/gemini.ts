// Google Gemini (generativelanguage.googleapis.com, and Vertex AI's publisher models):
// generateContent, streamGenerateContent (SSE with alt=sse, else a streamed JSON array),
// embedContent, batchEmbedContents, countTokens, models. Key in `x-goog-api-key` or `?key=`
// (Vertex: a Bearer token); errors are `{"error": {code, message, status}}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, header, HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { countTokens, embed } from '../deterministic.js';
import { generate, partsText } from '../text.js';
import { MOCK_MODELS } from '../models.js';
import { messages } from './anthropic.js';

// models/{model}:method, under /v1beta/, /v1/ or Vertex's /v1/projects/…/publishers/google/.
const M = String.raw`\/models\/([^/:]+):`;
const modelParam = (c: Ctx) => decodeURIComponent(c.params[0]);
const routes: Route[] = [
  { method: 'POST', path: new RegExp(`${M}generateContent$`), model: modelParam, handle: (c) => generateContent(c, false) },
  { method: 'POST', path: new RegExp(`${M}streamGenerateContent$`), model: modelParam, handle: (c) => generateContent(c, true) },
  { method: 'POST', path: new RegExp(`${M}embedContent$`), model: modelParam, handle: embedContent },
  { method: 'POST', path: new RegExp(`${M}batchEmbedContents$`), model: modelParam, handle: batchEmbed },
  { method: 'POST', path: new RegExp(`${M}countTokens$`), model: modelParam, handle: countTokensRoute },
  // Vertex AI: Claude through rawPredict/streamRawPredict (the Messages API), and :predict for the
  // text (instances[].content) and multimodal (instances[].text) embedding models.
  { method: 'POST', path: /\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/, accepts: (c) => c.byHost, model: modelParam, handle: (c) => messages(c, modelParam(c)) },
  { method: 'POST', path: new RegExp(`${M}predict$`), accepts: (c) => c.byHost, model: modelParam, handle: predict },
  // Vertex AI Model Garden: the publisher model vertexai's from_pretrained() looks up first.
  { method: 'GET', path: /^\/v1(?:beta1)?\/publishers\/google\/models\/([^/:]+)$/, accepts: (c) => c.byHost, model: modelParam, handle: publisherModel },
  { method: 'GET', path: /\/v1(?:beta|alpha)?\/models$/, accepts: (c) => c.byHost || c.query.has('key') || header(c, 'x-goog-api-key') !== undefined, handle: listModels },
  { method: 'GET', path: /\/v1(?:beta|alpha)?\/models\/([^/:]+)$/, accepts: (c) => c.byHost || c.query.has('key') || header(c, 'x-goog-api-key') !== undefined, model: modelParam, handle: getModel },
];

export const gemini: Dialect = {
  name: 'gemini',
  title: 'Google Gemini API (and Vertex AI publisher models)',
  hosts: ['generativelanguage.googleapis.com', /(^|-)aiplatform\.googleapis\.com$/],
  providers: ['gemini', 'google', 'vertex_ai'],
  keyRequired: true,
  key: (c) => header(c, 'x-goog-api-key') ?? c.query.get('key') ?? bearer(c),
  // The Gemini API refuses a call without a key with 403; Vertex AI (OAuth only) with 401.
  missingKey: (c) =>
    c.host && /aiplatform\.googleapis\.com$/.test(c.host.replace(/:\d+$/, ''))
      ? 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.'
      : "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  routes,
  error: geminiError,
};

export function geminiError(kind: ErrorKind, message: string, extra: { model?: string; host?: string | null; path?: string }): VendorError {
  const e = (code: number, status: string, msg: string): VendorError => ({ status: code, body: { error: { code, message: msg, status } }, reason: msg });
  switch (kind) {
    case 'auth':
      return message.startsWith('Request is missing')
        ? e(401, 'UNAUTHENTICATED', message)
        : message
        ? e(403, 'PERMISSION_DENIED', message)
        : e(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
    case 'rate-limit':
      return e(429, 'RESOURCE_EXHAUSTED', message || 'Resource has been exhausted (e.g. check quota).');
    case 'server-error':
      return e(500, 'INTERNAL', message || 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
    case 'model-not-found': {
      // Vertex AI names the publisher model's resource (as the request's path has it).
      const resource = /aiplatform\.googleapis\.com(?::\d+)?$/.test(extra.host ?? '') && /(?:projects\/[^/]+\/locations\/[^/]+\/)?publishers\/[^/]+\/models\/[^/:]+/.exec(extra.path ?? '');
      if (resource && !message) {
        return e(
          404,
          'NOT_FOUND',
          `Publisher Model \`${resource[0]}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
        );
      }
      return e(
        404,
        'NOT_FOUND',
        message || `models/${extra.model ?? 'unknown'} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
      );
    }
    case 'not-found':
      return e(404, 'NOT_FOUND', message);
    default:
      return e(400, 'INVALID_ARGUMENT', message);
  }
}

function contentsText(body: Record<string, unknown>): string {
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) throw new HttpError(400, '* GenerateContentRequest.contents: contents is not specified');
  let last = '';
  contents.forEach((ct, i) => {
    if (!ct || typeof ct !== 'object' || !Array.isArray((ct as Record<string, unknown>).parts)) {
      throw new HttpError(400, `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`);
    }
    const role = (ct as Record<string, unknown>).role ?? 'user';
    if (role === 'user') last = partsText((ct as Record<string, unknown>).parts);
  });
  return last;
}

function generateContent(c: Ctx, stream: boolean): void {
  const body = c.json();
  const model = modelParam(c);
  const prompt = contentsText(body);
  const config = (body.generationConfig ?? body.generation_config ?? {}) as Record<string, unknown>;
  const max = typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : undefined;
  const g = generate(prompt, max);
  const usage = (completion: number) => ({ promptTokenCount: g.promptTokens, candidatesTokenCount: completion, totalTokenCount: g.promptTokens + completion });
  const finish = g.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
  const answer = (text: string, done: boolean, completion: number) => ({
    candidates: [{ content: { parts: [{ text }], role: 'model' }, ...(done ? { finishReason: finish } : {}), index: 0 }],
    usageMetadata: usage(completion),
    modelVersion: model,
    responseId: 'mock-response',
  });
  if (!stream) {
    sendJson(c.res, 200, answer(g.text, true, g.completionTokens));
    return;
  }
  const sse = c.query.get('alt') === 'sse';
  const res = c.res;
  res.writeHead(200, { 'Content-Type': sse ? 'text/event-stream' : 'application/json; charset=UTF-8' });
  const chunks = g.pieces.map((p, i) => answer(p, i === g.pieces.length - 1, i + 1));
  if (sse) {
    for (const ch of chunks) res.write(`data: ${JSON.stringify(ch)}\r\n\r\n`);
    res.end();
    return;
  }
  res.write('[');
  chunks.forEach((ch, i) => res.write(`${i ? ',\r\n' : ''}${JSON.stringify(ch)}`));
  res.end(']');
}

function dims(req: Record<string, unknown>): number {
  const d = req.outputDimensionality ?? req.output_dimensionality;
  if (d === undefined) return 768;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 3072) throw new HttpError(400, '* EmbedContentRequest.output_dimensionality: must be a positive integer up to 3072');
  return d;
}

function contentText(req: Record<string, unknown>): string {
  const content = req.content as Record<string, unknown> | undefined;
  if (!content || !Array.isArray(content.parts) || content.parts.length === 0) throw new HttpError(400, '* EmbedContentRequest.content: content is not specified');
  return partsText(content.parts);
}

function embedContent(c: Ctx): void {
  const body = c.json();
  sendJson(c.res, 200, { embedding: { values: embed(contentText(body), dims(body)) } });
}

function batchEmbed(c: Ctx): void {
  const body = c.json();
  if (!Array.isArray(body.requests) || body.requests.length === 0) throw new HttpError(400, '* BatchEmbedContentsRequest.requests: requests is not specified');
  sendJson(c.res, 200, { embeddings: (body.requests as Record<string, unknown>[]).map((r) => ({ values: embed(contentText(r ?? {}), dims(r ?? {})) })) });
}

function countTokensRoute(c: Ctx): void {
  const body = c.json();
  const inner = (body.generateContentRequest ?? body) as Record<string, unknown>;
  const text = Array.isArray(inner.contents) ? (inner.contents as Record<string, unknown>[]).map((ct) => partsText(ct?.parts)).join(' ') : '';
  sendJson(c.res, 200, { totalTokens: countTokens(text) });
}

function modelObject(id: string) {
  const name = id.startsWith('models/') ? id : `models/${id}`;
  return {
    name,
    version: '001',
    displayName: id,
    inputTokenLimit: 1048576,
    outputTokenLimit: 8192,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'embedContent'],
  };
}

function listModels(c: Ctx): void {
  const ids = c.settings.models ? [...c.settings.models] : MOCK_MODELS;
  sendJson(c.res, 200, { models: ids.map(modelObject) });
}

function getModel(c: Ctx): void {
  sendJson(c.res, 200, modelObject(modelParam(c)));
}

/** Vertex AI :predict of an embedding model: text models take `content`, multimodal ones `text`. */
function predict(c: Ctx): void {
  const body = c.json();
  const model = modelParam(c);
  if (!Array.isArray(body.instances) || body.instances.length === 0) throw new HttpError(400, 'instances: at least one instance is required');
  const params = (body.parameters ?? {}) as Record<string, unknown>;
  const instances = body.instances as Record<string, unknown>[];
  if (/multimodal/.test(model)) {
    const d = params.dimension ?? 1408;
    if (typeof d !== 'number' || !MULTIMODAL_DIMENSIONS.includes(d)) throw new HttpError(400, `parameters.dimension must be one of ${MULTIMODAL_DIMENSIONS.join(', ')}, got ${JSON.stringify(d)}.`);
    return sendJson(c.res, 200, {
      predictions: instances.map((i, n) => {
        if (typeof i?.text !== 'string') throw new HttpError(400, `instances[${n}]: text, image or video is required`);
        return { textEmbedding: embed(i.text, d) };
      }),
      deployedModelId: '',
    });
  }
  const d = typeof params.outputDimensionality === 'number' ? params.outputDimensionality : 768;
  sendJson(c.res, 200, {
    predictions: instances.map((i, n) => {
      if (typeof i?.content !== 'string') throw new HttpError(400, `instances[${n}].content is required`);
      return { embeddings: { values: embed(i.content, d), statistics: { token_count: countTokens(i.content), truncated: false } } };
    }),
    metadata: { billableCharacterCount: instances.reduce((s, i) => s + String(i.content ?? '').length, 0) },
  });
}

/** multimodalembedding's output sizes (Vertex AI: "128, 256, 512, or 1408"; 1408 by default). */
const MULTIMODAL_DIMENSIONS = [128, 256, 512, 1408];

/** The instance schema of a publisher model, by its name (the vertexai SDK picks its model class by it). */
function instanceSchema(model: string): string {
  const kind = /multimodalembedding/.test(model)
    ? 'vision_embedding_model'
    : /embedding|gecko/.test(model)
      ? 'text_embedding'
      : /imagetext/.test(model)
        ? 'vision_reasoning_model'
        : /imagen|imagegeneration/.test(model)
          ? 'vision_generative_model'
          : /codechat/.test(model)
            ? 'codechat_generation'
            : /code-/.test(model)
              ? 'code_generation'
              : /chat-/.test(model)
                ? 'chat_generation'
                : 'text_generation';
  return `gs://google-cloud-aiplatform/schema/predict/instance/${kind}_1.0.0.yaml`;
}

/** GET publishers/google/models/{model}[@version]: Model Garden's PublisherModel. */
function publisherModel(c: Ctx): void {
  const id = modelParam(c);
  const [base, version] = id.split('@');
  sendJson(c.res, 200, {
    name: `publishers/google/models/${base}`,
    versionId: version ?? '001',
    openSourceCategory: 'PROPRIETARY',
    launchStage: 'GA',
    versionState: 'VERSION_STATE_STABLE',
    publisherModelTemplate: `projects/{user-project}/locations/{location}/publishers/google/models/${version ? id : `${base}@001`}`,
    predictSchemata: { instanceSchemaUri: instanceSchema(base) },
  });
}
