// The Vertex AI gRPC methods the mock serves (google-cloud-aiplatform's default transport), each
// as the REST call Google's own HTTP mapping (the `google.api.http` rules of the protos) makes of
// it, so the gemini dialect's Vertex routes answer both transports with one set of checks.
//
// The messages are declared below in protobufjs' JSON form with the field numbers of
// google/cloud/aiplatform/v1/*.proto (v1beta1 numbers the fields used here the same way); only the
// fields the mock reads or answers are declared (protobuf skips the others). protobufjs is loaded
// the first time a gRPC request arrives, never by a run that makes none.
import type { Root, Type } from 'protobufjs';

/** A REST request the gRPC call stands for. */
export interface RestCall {
  method: 'GET' | 'POST';
  path: string;
  body?: Record<string, unknown>;
}

export interface GrpcMethod {
  request: string;
  response: string;
  /** The REST call of a decoded request (plain object, camelCase, Values as JSON); throws GrpcInputError when it lacks what the mapping needs. */
  rest(message: Record<string, unknown>): RestCall;
  /** The response message (plain object) of the REST answer. */
  answer(json: Record<string, unknown>): Record<string, unknown>;
}

export class GrpcInputError extends Error {}

const predict: GrpcMethod = {
  request: 'PredictRequest',
  response: 'PredictResponse',
  rest(m) {
    const endpoint = typeof m.endpoint === 'string' ? m.endpoint : '';
    if (!endpoint) throw new GrpcInputError('endpoint: the field is required (projects/{project}/locations/{location}/endpoints/{endpoint} or a publisher model)');
    const body: Record<string, unknown> = { instances: m.instances ?? [] };
    if (m.parameters !== undefined) body.parameters = m.parameters;
    return { method: 'POST', path: `/v1/${endpoint}:predict`, body };
  },
  answer(json) {
    const out: Record<string, unknown> = {};
    for (const k of ['deployedModelId', 'model', 'modelVersionId', 'modelDisplayName']) if (typeof json[k] === 'string') out[k] = json[k];
    if (Array.isArray(json.predictions)) out.predictions = (json.predictions as unknown[]).map(jsonToValue);
    if (json.metadata !== undefined) out.metadata = jsonToValue(json.metadata);
    return out;
  },
};

const getPublisherModel: GrpcMethod = {
  request: 'GetPublisherModelRequest',
  response: 'PublisherModel',
  rest(m) {
    const name = typeof m.name === 'string' ? m.name : '';
    if (!name) throw new GrpcInputError('name: the field is required (publishers/{publisher}/models/{model})');
    return { method: 'GET', path: `/v1/${name}` };
  },
  answer: (json) => json, // the REST JSON is the message's JSON form (camelCase, enums by name)
};

/** Full method name (as in the :path, without the leading slash) → how the mock serves it. */
export const GRPC_METHODS: Record<string, GrpcMethod> = {};
for (const version of ['v1', 'v1beta1']) {
  GRPC_METHODS[`google.cloud.aiplatform.${version}.PredictionService/Predict`] = predict;
  GRPC_METHODS[`google.cloud.aiplatform.${version}.ModelGardenService/GetPublisherModel`] = getPublisherModel;
}

const str = (id: number) => ({ type: 'string', id });
const MESSAGES = {
  PredictRequest: {
    fields: { endpoint: str(1), instances: { rule: 'repeated', type: 'google.protobuf.Value', id: 2 }, parameters: { type: 'google.protobuf.Value', id: 3 }, labels: { keyType: 'string', type: 'string', id: 4 } },
  },
  PredictResponse: {
    fields: {
      predictions: { rule: 'repeated', type: 'google.protobuf.Value', id: 1 },
      deployedModelId: str(2),
      model: str(3),
      modelDisplayName: str(4),
      modelVersionId: str(5),
      metadata: { type: 'google.protobuf.Value', id: 6 },
    },
  },
  GetPublisherModelRequest: {
    fields: { name: str(1), languageCode: str(2), view: { type: 'PublisherModelView', id: 3 }, isHuggingFaceModel: { type: 'bool', id: 5 }, huggingFaceToken: str(6) },
  },
  PublisherModelView: {
    values: { PUBLISHER_MODEL_VIEW_UNSPECIFIED: 0, PUBLISHER_MODEL_VIEW_BASIC: 1, PUBLISHER_MODEL_VIEW_FULL: 2, PUBLISHER_MODEL_VERSION_VIEW_BASIC: 3 },
  },
  PredictSchemata: { fields: { instanceSchemaUri: str(1), parametersSchemaUri: str(2), predictionSchemaUri: str(3) } },
  PublisherModel: {
    fields: {
      name: str(1),
      versionId: str(2),
      openSourceCategory: { type: 'OpenSourceCategory', id: 7 },
      frameworks: { rule: 'repeated', type: 'string', id: 23 },
      launchStage: { type: 'LaunchStage', id: 29 },
      publisherModelTemplate: str(30),
      predictSchemata: { type: 'PredictSchemata', id: 31 },
      versionState: { type: 'VersionState', id: 37 },
    },
    nested: {
      OpenSourceCategory: {
        values: {
          OPEN_SOURCE_CATEGORY_UNSPECIFIED: 0,
          PROPRIETARY: 1,
          GOOGLE_OWNED_OSS_WITH_GOOGLE_CHECKPOINT: 2,
          THIRD_PARTY_OWNED_OSS_WITH_GOOGLE_CHECKPOINT: 3,
          GOOGLE_OWNED_OSS: 4,
          THIRD_PARTY_OWNED_OSS: 5,
        },
      },
      LaunchStage: { values: { LAUNCH_STAGE_UNSPECIFIED: 0, EXPERIMENTAL: 1, PRIVATE_PREVIEW: 2, PUBLIC_PREVIEW: 3, GA: 4 } },
      VersionState: { values: { VERSION_STATE_UNSPECIFIED: 0, VERSION_STATE_STABLE: 1, VERSION_STATE_UNSTABLE: 2 } },
    },
  },
};

// google/protobuf/struct.proto
const STRUCT = {
  Struct: { fields: { fields: { keyType: 'string', type: 'Value', id: 1 } } },
  Value: {
    oneofs: { kind: { oneof: ['nullValue', 'numberValue', 'stringValue', 'boolValue', 'structValue', 'listValue'] } },
    fields: {
      nullValue: { type: 'NullValue', id: 1 },
      numberValue: { type: 'double', id: 2 },
      stringValue: { type: 'string', id: 3 },
      boolValue: { type: 'bool', id: 4 },
      structValue: { type: 'Struct', id: 5 },
      listValue: { type: 'ListValue', id: 6 },
    },
  },
  NullValue: { values: { NULL_VALUE: 0 } },
  ListValue: { fields: { values: { rule: 'repeated', type: 'Value', id: 1 } } },
};

let root: Promise<Root> | undefined;

/** The message type `name` of the method's package (loads protobufjs on first use). */
export async function messageType(method: string, name: string): Promise<Type> {
  root ??= import('protobufjs/light.js').then((m) => {
    const pb = (m as unknown as { default?: typeof import('protobufjs') }).default ?? (m as unknown as typeof import('protobufjs'));
    return pb.Root.fromJSON({
      nested: {
        google: {
          nested: {
            protobuf: { nested: STRUCT },
            cloud: { nested: { aiplatform: { nested: { v1: { nested: MESSAGES }, v1beta1: { nested: MESSAGES } } } } },
          },
        },
      },
    });
  });
  const pkg = method.slice(0, method.lastIndexOf('.', method.indexOf('/')));
  return (await root).lookupType(`${pkg}.${name}`);
}

/** A decoded message as a plain object, its google.protobuf.Value fields as JSON. */
export function toPlain(type: Type, message: unknown): Record<string, unknown> {
  const o = type.toObject(message as never, { enums: String, longs: String, defaults: false }) as Record<string, unknown>;
  for (const field of type.fieldsArray) {
    if (field.type !== 'google.protobuf.Value' || o[field.name] === undefined) continue;
    o[field.name] = field.repeated ? (o[field.name] as unknown[]).map(valueToJson) : valueToJson(o[field.name]);
  }
  return o;
}

/** google.protobuf.Value (as protobufjs' plain object) → JSON. */
export function valueToJson(v: unknown): unknown {
  const o = (v ?? {}) as Record<string, unknown>;
  if ('numberValue' in o) return o.numberValue;
  if ('stringValue' in o) return o.stringValue;
  if ('boolValue' in o) return o.boolValue;
  if ('structValue' in o) {
    const fields = ((o.structValue as Record<string, unknown> | undefined)?.fields ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(fields).map(([k, x]) => [k, valueToJson(x)]));
  }
  if ('listValue' in o) return (((o.listValue as Record<string, unknown> | undefined)?.values ?? []) as unknown[]).map(valueToJson);
  return null; // nullValue, or a Value with no kind set
}

/** JSON → google.protobuf.Value (protobufjs' plain object). */
export function jsonToValue(j: unknown): Record<string, unknown> {
  if (j === null || j === undefined) return { nullValue: 'NULL_VALUE' };
  if (typeof j === 'number') return { numberValue: j };
  if (typeof j === 'string') return { stringValue: j };
  if (typeof j === 'boolean') return { boolValue: j };
  if (Array.isArray(j)) return { listValue: { values: j.map(jsonToValue) } };
  return { structValue: { fields: Object.fromEntries(Object.entries(j as Record<string, unknown>).map(([k, x]) => [k, jsonToValue(x)])) } };
}
