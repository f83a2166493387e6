// SPDX-License-Identifier: Apache-2.0
// Asserts that an answer Lango gave is one the official Berlin Group NextGenPSD2 v1.3.12 file allows: the
// operation exists, the status is documented for it, the JSON body validates and the required headers are
// there. The official file is loaded once per process, with the fixes it needs to load at all (PEERS.md).
import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';
import formats from 'ajv-formats';
import { OpenAPIBackend, type AjvCustomizer, type Document, type Operation } from 'openapi-backend';
import { parse } from 'yaml';

const OFFICIAL_SPEC = new URL('../../../shared/specs/berlin-group/psd2-api_v1.3.12-2022-07-06.yaml', import.meta.url);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BerlinGroupExchange {
  method: string;
  /** The request path with its query, e.g. `/v1/accounts/abc/balances?x=1` (a full URL works too). */
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined> | Headers;
  /** The parsed JSON body; undefined when the answer had none. */
  body: unknown;
}

type Ajv = Parameters<AjvCustomizer>[0];
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (ajv: Ajv) => Ajv;

let loading: Promise<OpenAPIBackend> | undefined;

/** openapi-backend over the official file; initialised on first use and shared by every test of the process. */
function officialSpec(): Promise<OpenAPIBackend> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<OpenAPIBackend> {
  // js-yaml (inside openapi-backend) fails on an under-indented example of the file; `yaml` reads it.
  const definition = parse(readFileSync(OFFICIAL_SPEC, 'utf8')) as Document;
  repair(definition);
  const api = new OpenAPIBackend({
    definition,
    // quick: compile each operation's validators on first use instead of all ~38 up front (~5 s).
    quick: true,
    // cardAcceptorPhone's pattern escapes `-` outside a class (`\-`), an error in unicode mode; strict: off for
    // the file's non-standard keywords (example, x-…).
    ajvOpts: { unicodeRegExp: false, strict: false },
    customizeAjv: (ajv) => addFormats(ajv),
  });
  await api.init();
  return api;
}

/** The two defects of the official file that would fail answers the framework allows. */
function repair(definition: Document): void {
  // frequencyPerDay carries `exclusiveMinimum: false`, a JSON Schema draft-4 boolean that openapi-backend rejects.
  const dropFalseExclusiveMinimum = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(dropFalseExclusiveMinimum);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record['exclusiveMinimum'] === false) delete record['exclusiveMinimum'];
      Object.values(record).forEach(dropFalseExclusiveMinimum);
    }
  };
  dropFalseExclusiveMinimum(definition);
  // GET .../{paymentId} answers `oneOf` single | periodic | bulk, but the schemas are open objects and a periodic
  // payment is also a valid single one, so every periodic answer would fail. `anyOf` is what the text means.
  const components = definition.components as { responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> };
  const schema = components.responses?.['OK_200_PaymentInitiationInformation']?.content?.['application/json']?.schema;
  if (schema?.['oneOf']) {
    schema['anyOf'] = schema['oneOf'];
    delete schema['oneOf'];
  }
}

/** The operationIds of the official file (38 in v1.3.12). */
export async function berlinGroupOperationIds(): Promise<string[]> {
  const api = await officialSpec();
  return api.getOperations().flatMap((operation) => (operation.operationId ? [operation.operationId] : []));
}

/**
 * Throws an AssertionError unless the official v1.3.12 file documents the status for the operation that
 * method + path address, the body validates against that status's JSON schema (empty for a 204), and every
 * response header the file marks required is present (X-Request-ID, a UUID).
 */
export async function assertBerlinGroupConformant(exchange: BerlinGroupExchange): Promise<void> {
  const api = await officialSpec();
  const url = new URL(exchange.path, 'http://lango.invalid');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  const method = exchange.method.toLowerCase();
  const operation = api.router.matchOperation({ method, path: url.pathname, headers: {}, query });
  const where = `${exchange.method.toUpperCase()} ${url.pathname}`;
  if (!operation) fail(`Berlin Group v1.3.12 has no operation ${where}`, exchange);

  const name = `${operation.operationId ?? where} (${where})`;
  const response = documentedResponse(operation, exchange.status);
  if (!response) {
    fail(`${name}: status ${exchange.status} is not documented; documented: ${Object.keys(operation.responses ?? {}).join(', ')}`, exchange);
  }

  for (const [header, definition] of Object.entries(response.headers ?? {})) {
    if (!(definition as { required?: boolean }).required) continue;
    const value = headerValue(exchange.headers, header);
    if (value === undefined) fail(`${name} ${exchange.status}: required response header ${header} is missing`, exchange);
    if (header.toLowerCase() === 'x-request-id' && !UUID.test(value)) {
      fail(`${name} ${exchange.status}: X-Request-ID ${JSON.stringify(value)} is not a UUID`, exchange);
    }
  }

  const empty = exchange.body === undefined || exchange.body === null || exchange.body === '';
  if (!response.content?.['application/json']) {
    if (!empty) fail(`${name} ${exchange.status}: the spec documents no body, got ${JSON.stringify(exchange.body)}`, exchange);
    return;
  }
  const result = api.validateResponse(exchange.body, operation, exchange.status);
  if (!result.valid) {
    const errors = (result.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
    fail(`${name} ${exchange.status}: body does not match the spec:\n  ${errors.join('\n  ')}`, exchange);
  }
}

/** Reads a fetch Response (JSON when not empty), asserts it conforms for method + path, and returns the body. */
export async function conformantJson(response: Response, method: string, path: string): Promise<unknown> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    fail(`${method.toUpperCase()} ${path} ${response.status}: body is not JSON: ${text.slice(0, 200)}`, { body: text });
  }
  await assertBerlinGroupConformant({ method, path, status: response.status, headers: response.headers, body });
  return body;
}

interface DocumentedResponse {
  headers?: Record<string, unknown>;
  content?: Record<string, unknown>;
}

/** The response the spec gives for the status: exact, else its range (4XX), else `default`; only what it declares. */
function documentedResponse(operation: Operation, status: number): DocumentedResponse | undefined {
  const responses = (operation.responses ?? {}) as Record<string, DocumentedResponse>;
  const range = `${Math.floor(status / 100)}XX`;
  const key = Object.keys(responses).find((candidate) => candidate === String(status))
    ?? Object.keys(responses).find((candidate) => candidate.toUpperCase() === range)
    ?? Object.keys(responses).find((candidate) => candidate === 'default');
  return key === undefined ? undefined : responses[key];
}

function headerValue(headers: BerlinGroupExchange['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

function fail(message: string, exchange: Partial<BerlinGroupExchange>): never {
  throw new AssertionError({ message, actual: exchange.body, operator: 'assertBerlinGroupConformant' });
}
