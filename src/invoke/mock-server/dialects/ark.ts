// Volcengine / BytePlus ModelArk's generation APIs (its chat API is OpenAI-compatible): Seedance
// video tasks (POST /api/v3/contents/generations/tasks creates one, GET …/tasks lists them, GET
// …/tasks/{id} reads one) and Seedream images (POST /api/v3/images/generations). The mock's tasks
// succeed at once, with a deterministic video URL. Bearer key; errors are OpenAI-shaped
// (`{"error": {"code", "message", "param", "type"}}`).
import type { Ctx, Dialect, Route } from '../dialect.js';
import { bearer, bodyModel, HttpError } from '../dialect.js';
import { requireString, sendJson } from '../http.js';
import { countTokens, sha256 } from '../deterministic.js';
import { CREATED } from '../text.js';
import { openaiError } from './openai.js';

/** Ark's task ids look like cgt-20250101000000-abcde. */
const TASK_ID = /^cgt-\d{14}-[0-9a-z]{5}$/;
const tasks = /\/contents\/generations\/tasks$/;

const routes: Route[] = [
  { method: 'GET', path: tasks, handle: listTasks },
  { method: 'POST', path: tasks, model: bodyModel(), handle: createTask },
  { method: 'GET', path: /\/contents\/generations\/tasks\/([^/]+)$/, handle: getTask },
  { method: 'POST', path: /\/images\/generations$/, accepts: (c) => c.byHost || c.settings.hint === 'ark', model: bodyModel(), handle: images },
];

export const ark: Dialect = {
  name: 'ark',
  title: 'Volcengine / BytePlus ModelArk video tasks and image generation',
  hosts: [/^ark\.[\w-]+\.volces\.com$/, /^ark\.[\w-]+\.bytepluses\.com$/],
  providers: ['volcengine', 'byteplus'],
  keyRequired: true,
  key: bearer,
  routes,
  error: openaiError,
};

function taskId(seed: string): string {
  const h = sha256(seed).toString('hex');
  return `cgt-20250101000000-${h.slice(0, 5)}`;
}

function task(id: string, model: string) {
  return {
    id,
    model,
    status: 'succeeded',
    content: { video_url: `https://ark-content-generation.mock.invalid/${id}.mp4` },
    usage: { completion_tokens: 108900, total_tokens: 108900 },
    created_at: CREATED,
    updated_at: CREATED,
    seed: 42,
    resolution: '720p',
    ratio: '16:9',
    duration: 5,
    framespersecond: 24,
  };
}

function listTasks(c: Ctx): void {
  const size = Number(c.query.get('page_size') ?? 10);
  const page = Number(c.query.get('page_num') ?? 1);
  if (!Number.isInteger(size) || size < 1 || size > 500 || !Number.isInteger(page) || page < 1) throw new HttpError(400, 'page_num and page_size must be positive integers (page_size ≤ 500)');
  sendJson(c.res, 200, { items: [], total: 0 });
}

function createTask(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const content = body.content;
  if (!Array.isArray(content) || content.length === 0) throw new HttpError(400, 'The parameter `content` specified in the request is not valid: it must be a non-empty list', 'content');
  content.forEach((part, i) => {
    const type = (part as { type?: unknown })?.type;
    if (type !== 'text' && type !== 'image_url' && type !== 'video_url' && type !== 'audio_url') throw new HttpError(400, `The parameter \`content[${i}].type\` specified in the request is not valid`, `content[${i}].type`);
  });
  // The id encodes the model so that GET …/tasks/{id} can answer with it.
  const id = taskId(`${model}\n${JSON.stringify(content)}`);
  models.set(id, model);
  sendJson(c.res, 200, { id });
}

/** Models of the tasks created on this server (ids are derived from the request, so stable). */
const models = new Map<string, string>();

function getTask(c: Ctx): void {
  const id = decodeURIComponent(c.params[0]);
  const model = models.get(id);
  if (!TASK_ID.test(id) || !model) throw new HttpError(404, `The specified task ${id} is not found.`);
  sendJson(c.res, 200, task(id, model));
}

function images(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const prompt = requireString(body, 'prompt');
  const format = body.response_format ?? 'url';
  if (format !== 'url' && format !== 'b64_json') throw new HttpError(400, 'The parameter `response_format` specified in the request is not valid', 'response_format');
  const name = sha256(`${model}\n${prompt}`).toString('hex').slice(0, 16);
  sendJson(c.res, 200, {
    model,
    created: CREATED,
    data: [format === 'url' ? { url: `https://ark-content-generation.mock.invalid/${name}.jpeg`, size: '2048x2048' } : { b64_json: '', size: '2048x2048' }],
    usage: { generated_images: 1, output_tokens: countTokens(prompt) * 16, total_tokens: countTokens(prompt) * 16 },
  });
}
