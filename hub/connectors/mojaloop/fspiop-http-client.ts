// SPDX-License-Identifier: Apache-2.0
// FspiopClient over HTTP/1.1 with keep-alive (node:http; a transfer is a dozen messages, so connection reuse
// matters more than anything else here). Headers per FSPIOP API Definition v1.1 §3.2.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from '../../../platform/log/index.js';
import { FspiopRejectedError, FspiopTransportError, type FspiopErrorInformation } from './errors.js';
import type { FspiopClient, FspiopKeys, FspiopRequest } from './fspiop.js';
import { signFspiopRequest } from './jws.js';
import { stableStringify } from './sdk.js';

export interface FspiopHttpClientOptions {
  /** Base URL of the receiver for this message, without trailing slash: `http://127.0.0.1:8090/switch`. */
  endpointOf: (request: FspiopRequest) => string;
  keys: FspiopKeys;
  /** Sign bodies with the source's key (FSPIOP-Signature); default true. */
  sign?: boolean;
  /** Milliseconds to wait for the receiver's synchronous answer; default 5000. */
  timeoutMs?: number;
  logger: Logger;
}

export interface FspiopHttpClient extends FspiopClient {
  /** Closes the idle keep-alive connections; in-flight sends finish. */
  close(): void;
}

/** The version Lango speaks; `Accept` names the major version so a 1.x receiver may answer in its own minor. */
export const FSPIOP_VERSION = '1.1';
const TIMEOUT_MS = 5000;
// Set by the client itself (or, for hop-by-hop headers, by node): never copied from request.headers.
const NOT_FORWARDED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'fspiop-destination']);
// What a switch forwards unchanged with a signed message; the protected header covers all of them.
const SIGNED_BY_ORIGIN = ['date', 'fspiop-source', 'fspiop-uri', 'fspiop-http-method'] as const;

/** Sends FSPIOP messages over HTTP, signed as their source unless they carry a forwarded signature. */
export function createFspiopHttpClient(options: FspiopHttpClientOptions): FspiopHttpClient {
  const sign = options.sign ?? true;
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const logger = options.logger.child({ component: 'fspiop-client' });
  const agents = { http: new HttpAgent({ keepAlive: true, scheduling: 'lifo' }), https: new HttpsAgent({ keepAlive: true, scheduling: 'lifo' }) };

  return {
    async send(request) {
      const url = new URL(`${options.endpointOf(request)}${request.path}`);
      const { headers, body } = buildMessage(request, sign, options.keys);
      const started = performance.now();
      const answer = await exchange(url, request.method, headers, body, timeoutMs, url.protocol === 'https:' ? agents.https : agents.http);
      logger.debug({ method: request.method, path: request.path, destination: request.destination, status: answer.status, ms: Math.round(performance.now() - started) }, 'fspiop sent');
      classify(request, answer);
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** The wire form of a request: FSPIOP headers and the exact body bytes (the ones signed). */
export function buildMessage(request: FspiopRequest, sign: boolean, keys: FspiopKeys): { headers: Record<string, string>; body: string | undefined } {
  const extra = lowerCased(request.headers ?? {});
  const forwarded = extra['fspiop-signature'] !== undefined;
  // A string is an already serialized body (a switch forwarding the bytes it received); anything else is serialized
  // the way the sdk's validator re-serializes it, so sdk-based receivers rebuild the signed bytes.
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : stableStringify(request.body);
  const mediaType = `application/vnd.interoperability.${request.resource}+json`;
  const headers: Record<string, string> = {
    'content-type': `${mediaType};version=${FSPIOP_VERSION}`,
    ...(request.method === 'GET' || request.method === 'POST' ? { accept: `${mediaType};version=1` } : {}),
    ...Object.fromEntries(Object.entries(extra).filter(([name]) => !NOT_FORWARDED.has(name))),
  };
  const own = { date: new Date().toUTCString(), 'fspiop-source': request.source, 'fspiop-uri': request.path, 'fspiop-http-method': request.method };
  for (const name of SIGNED_BY_ORIGIN) {
    // A forwarded message keeps its origin's values (they are in its signature); our own messages use ours.
    if (!forwarded || headers[name] === undefined) headers[name] = own[name];
  }
  // FSPIOP-Destination is protected too: a forwarded message keeps its own unless the forwarder names one.
  const destination = request.destination ?? (forwarded ? extra['fspiop-destination'] : undefined);
  if (destination !== undefined) headers['fspiop-destination'] = destination;
  if (sign && !forwarded && body !== undefined) {
    headers['fspiop-signature'] = signFspiopRequest(keys.signingKey(request.source), { method: request.method, uri: request.path, headers, body });
  }
  return { headers, body };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

interface Answer {
  status: number;
  body: string;
}

function exchange(url: URL, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number, agent: HttpAgent): Promise<Answer> {
  const outgoing: OutgoingHttpHeaders = body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) };
  const attempt = (retryOnStaleSocket: boolean): Promise<Answer> => new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method, headers: outgoing, agent });
    const timer = setTimeout(() => req.destroy(new FspiopTransportError(`no answer from ${url.host} within ${timeoutMs} ms`, { timedOut: true })), timeoutMs);
    req.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(new FspiopTransportError(`answer from ${url.host} broke off: ${error.message}`, { cause: error }));
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // A kept-alive socket the server closed just before we wrote: nothing reached it, so one fresh try is safe.
      if (retryOnStaleSocket && req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
        attempt(false).then(resolve, reject);
        return;
      }
      reject(error instanceof FspiopTransportError ? error : new FspiopTransportError(`cannot reach ${url.host}: ${error.code ?? error.message}`, { cause: error }));
    });
    req.end(body);
  });
  return attempt(true);
}

/** 200/202 resolve (2xx in general); 4xx is the receiver's final word; 5xx and odd statuses are worth a retry. */
function classify(request: FspiopRequest, answer: Answer): void {
  if (answer.status >= 200 && answer.status < 300) return;
  const errorInformation = errorInformationOf(answer.body);
  const said = errorInformation ? `${errorInformation.errorCode} ${errorInformation.errorDescription}` : `HTTP ${answer.status}`;
  const what = `${request.method} ${request.path}`;
  if (answer.status >= 400 && answer.status < 500) throw new FspiopRejectedError(answer.status, errorInformation, `${what} refused: ${said}`);
  throw new FspiopTransportError(`${what} failed: ${said}`, { httpStatus: answer.status, ...(errorInformation && { errorInformation }) });
}

function errorInformationOf(body: string): FspiopErrorInformation | undefined {
  try {
    const parsed = JSON.parse(body) as { errorInformation?: Partial<FspiopErrorInformation> };
    const info = parsed.errorInformation;
    if (typeof info?.errorCode !== 'string') return undefined;
    return { errorCode: info.errorCode, errorDescription: String(info.errorDescription ?? ''), ...(info.extensionList && { extensionList: info.extensionList }) };
  } catch {
    return undefined;
  }
}
