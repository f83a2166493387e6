// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../../platform/log/index.js';
import { FspiopRejectedError, FspiopTransportError } from './errors.js';
import { createFspiopHttpClient } from './fspiop-http-client.js';
import type { FspiopRequest } from './fspiop.js';
import { verifyFspiopSignature } from './jws.js';
import { openFspiopKeyDirectory, type FspiopKeyDirectory } from './key-directory.js';
import { Jws, SILENT_SDK_LOGGER } from './sdk.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in switch that answers what the test tells it to and remembers what it got. */
function fakeSwitch() {
  const received: Received[] = [];
  let answer: { status: number; body?: unknown; delayMs?: number } = { status: 202 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      const { status, body, delayMs = 0 } = answer;
      setTimeout(() => {
        res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      }, delayMs);
    });
  });
  return {
    server, received,
    answer: (next: typeof answer) => { answer = next; },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/switch`,
  };
}

const transfer = {
  transferId: 'b51ec534-ee48-4575-b6a9-ead2955b8069', payerFsp: 'buffalo', payeeFsp: 'lion', amount: { amount: '100', currency: 'TZS' },
  ilpPacket: 'AYIBgQAAAAAAAASwNGxldmVsb25lLmRmc3AxLm1lci45T2RTOF81MDdqUUZERmZlakgyOVc4bXFmNEpLMHlGTFGCAUBQU0svMS4wCk5vbmNl',
  condition: 'f5sqb7tBTWPd5Y8BDFdMm9BJR_MNI4isf8p8n4D5pHA', expiration: '2026-11-29T19:10:00.000Z',
};
const prepare: FspiopRequest = { method: 'POST', resource: 'transfers', path: '/transfers', source: 'buffalo', destination: 'lion', body: transfer };

describe('FSPIOP HTTP client', () => {
  const peer = fakeSwitch();
  let dir: string;
  let keys: FspiopKeyDirectory;
  let client: ReturnType<typeof createFspiopHttpClient>;
  const logger = createLogger({ level: 'silent' });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lango-fspiop-client-'));
    keys = await openFspiopKeyDirectory(dir, { generate: ['buffalo'] });
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    client = createFspiopHttpClient({ endpointOf: () => peer.url(), keys, logger, timeoutMs: 300 });
  });
  after(async () => {
    client.close();
    peer.server.closeAllConnections();
    await new Promise((resolve) => peer.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('sends a request with the FSPIOP v1.1 headers, signed by its source over the exact body', async () => {
    peer.answer({ status: 202 });
    await client.send({ ...prepare, headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    const got = peer.received.at(-1)!;
    assert.equal(got.url, '/switch/transfers');
    assert.equal(got.headers['content-type'], 'application/vnd.interoperability.transfers+json;version=1.1');
    assert.equal(got.headers.accept, 'application/vnd.interoperability.transfers+json;version=1');
    assert.equal(got.headers['fspiop-source'], 'buffalo');
    assert.equal(got.headers['fspiop-destination'], 'lion');
    assert.equal(got.headers['fspiop-uri'], '/transfers');
    assert.equal(got.headers['fspiop-http-method'], 'POST');
    assert.equal(got.headers.traceparent, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    assert.ok(Math.abs(Date.parse(String(got.headers.date)) - Date.now()) < 5000);
    verifyFspiopSignature(keys.verificationKey('buffalo')!, { headers: got.headers as Record<string, string>, body: JSON.parse(got.body), rawBody: got.body });
    // What an sdk-scheme-adapter peer runs: the sdk validator re-serializes the parsed body, so it must match the bytes.
    const sdkPeer = new Jws.validator({ validationKeys: { buffalo: keys.verificationKey('buffalo')! }, logger: SILENT_SDK_LOGGER });
    assert.equal(sdkPeer.validate({ headers: got.headers as Record<string, string>, body: JSON.parse(got.body) }), true);
  });

  it('sends a callback without Accept, and a GET unsigned and without body', async () => {
    await client.send({ method: 'PUT', resource: 'transfers', path: `/transfers/${transfer.transferId}`, source: 'buffalo', destination: 'lion', body: { transferState: 'COMMITTED', completedTimestamp: '2026-11-29T19:00:00.000Z' } });
    assert.equal(peer.received.at(-1)!.headers.accept, undefined);
    await client.send({ method: 'GET', resource: 'parties', path: '/parties/MSISDN/27710305999', source: 'buffalo' });
    const get = peer.received.at(-1)!;
    assert.equal(get.body, '');
    assert.equal(get.headers['fspiop-signature'], undefined);
    assert.equal(get.headers['fspiop-destination'], undefined);
    assert.equal(get.headers['content-type'], 'application/vnd.interoperability.parties+json;version=1.1');
  });

  it('forwards a signed message unchanged: its signature, date, source and body bytes', async () => {
    const original = peer.received.find((message) => message.method === 'POST')!;
    const forwarded = Object.fromEntries(['date', 'fspiop-source', 'fspiop-destination', 'fspiop-uri', 'fspiop-http-method', 'fspiop-signature'].map((name) => [name, String(original.headers[name])]));
    const switchKeys = { signingKey: () => { throw new Error('a forwarded message is not signed again'); }, verificationKey: () => undefined };
    const forwarder = createFspiopHttpClient({ endpointOf: () => peer.url(), keys: switchKeys, logger });
    const { destination: _, ...withoutDestination } = prepare;
    await forwarder.send({ ...withoutDestination, body: original.body, headers: forwarded });
    forwarder.close();
    const got = peer.received.at(-1)!;
    assert.equal(got.body, original.body);
    for (const name of Object.keys(forwarded)) assert.equal(got.headers[name], original.headers[name], name);
    verifyFspiopSignature(keys.verificationKey('buffalo')!, { headers: got.headers as Record<string, string>, body: JSON.parse(got.body), rawBody: got.body });
  });

  it('resolves on 200 and 202', async () => {
    peer.answer({ status: 200 });
    await client.send(prepare);
    peer.answer({ status: 202 });
    await client.send(prepare);
  });

  it('rejects with FspiopRejectedError carrying the switch\'s errorInformation on 4xx: final, not retried', async () => {
    peer.answer({ status: 400, body: { errorInformation: { errorCode: '3100', errorDescription: 'Generic validation error - body.payeeFsp' } } });
    const before = peer.received.length;
    await assert.rejects(client.send(prepare), (error: unknown) => {
      assert.ok(error instanceof FspiopRejectedError);
      assert.equal(error.retryable, false);
      assert.equal(error.httpStatus, 400);
      assert.equal(error.errorCode, '3100');
      assert.equal(error.errorDescription, 'Generic validation error - body.payeeFsp');
      return true;
    });
    assert.equal(peer.received.length, before + 1);
  });

  it('rejects with a retryable FspiopTransportError on 503, timeout and refused connection', async () => {
    peer.answer({ status: 503, body: { errorInformation: { errorCode: '2003', errorDescription: 'Service currently unavailable' } } });
    await assert.rejects(client.send(prepare), (error: unknown) => error instanceof FspiopTransportError && error.retryable && error.httpStatus === 503 && error.code === 'UPSTREAM_FAILED');
    peer.answer({ status: 202, delayMs: 1000 });
    await assert.rejects(client.send(prepare), (error: unknown) => error instanceof FspiopTransportError && error.retryable && error.code === 'UPSTREAM_TIMEOUT');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = createFspiopHttpClient({ endpointOf: () => `http://127.0.0.1:${port}`, keys, logger });
    await assert.rejects(nowhere.send(prepare), (error: unknown) => error instanceof FspiopTransportError && error.retryable && /ECONNREFUSED/.test(error.message));
    nowhere.close();
  });

  it('refuses to send as an FSP whose key it does not hold', async () => {
    await assert.rejects(client.send({ ...prepare, source: 'rhino' }), /rhino/);
  });
});
