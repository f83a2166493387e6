// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fspiopError } from '../../../../platform/errors/index.js';
import { createHttpServer, listen } from '../../../../platform/http/index.js';
import { createLogger } from '../../../../platform/log/index.js';
import { createMetrics } from '../../../../platform/metrics/index.js';
import { FspiopRejectedError, FspiopTransportError } from '../errors.js';
import { createFspiopHttpClient } from '../fspiop-http-client.js';
import type { FspiopRequest, InboundFspiopMessage } from '../fspiop.js';
import { createIlp } from '../ilp.js';
import { openFspiopKeyDirectory, type FspiopKeyDirectory } from '../key-directory.js';
import { samplePartiesPut, sampleTransfer } from '../samples.js';
import { fspiopRoutes } from './fspiop-routes.js';

const logger = createLogger({ level: 'silent' });
const transfer = sampleTransfer({ payerFsp: 'buffalo', payeeFsp: 'lion' }, createIlp('lion-secret'));
const prepare: FspiopRequest = { method: 'POST', resource: 'transfers', path: '/transfers', source: 'buffalo', destination: 'lion', body: transfer.transferPrepare };

/** A scheme listener as app/ builds it (FSPIOP error dialect) with the routes under `prefix`, recording what the hub got. */
async function schemeListener(keys: FspiopKeyDirectory, prefix: string, handle: (message: InboundFspiopMessage) => Promise<void> = async () => undefined) {
  const received: InboundFspiopMessage[] = [];
  const server = createHttpServer({ name: 'scheme', logger, metrics: createMetrics(), bodyLimitBytes: 65536, dialectFor: () => 'fspiop' });
  await server.register(fspiopRoutes, {
    prefix, keys,
    handler: { handle: async (message) => { await handle(message); received.push(message); } },
    acceptsDestination: (fspId) => fspId === undefined || fspId === 'lion' || fspId === 'buffalo',
  });
  const port = await listen(server, 'scheme', '127.0.0.1', 0, 'TEST_PORT');
  return { server, received, url: `http://127.0.0.1:${port}${prefix}` };
}

function errorOf(error: unknown): { status: number; code: string; description: string; extensions: unknown } {
  assert.ok(error instanceof FspiopRejectedError, `expected FspiopRejectedError, got ${String(error)}`);
  return { status: error.httpStatus, code: error.errorCode, description: error.errorDescription, extensions: error.errorInformation?.extensionList };
}

describe('FSPIOP scheme routes, client to listener over loopback HTTP', () => {
  let dir: string;
  let impostorDir: string;
  let keys: FspiopKeyDirectory;
  let impostorKeys: FspiopKeyDirectory;
  let listener: Awaited<ReturnType<typeof schemeListener>>;
  let failWith: Error | undefined;
  let client: ReturnType<typeof createFspiopHttpClient>;
  let impostor: ReturnType<typeof createFspiopHttpClient>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lango-fspiop-routes-'));
    impostorDir = await mkdtemp(join(tmpdir(), 'lango-fspiop-impostor-'));
    keys = await openFspiopKeyDirectory(dir, { generate: ['buffalo', 'lion', 'switch'] });
    impostorKeys = await openFspiopKeyDirectory(impostorDir, { generate: ['buffalo'] });
    listener = await schemeListener(keys, '', async () => { if (failWith) throw failWith; });
    client = createFspiopHttpClient({ endpointOf: () => listener.url, keys, logger });
    impostor = createFspiopHttpClient({ endpointOf: () => listener.url, keys: impostorKeys, logger });
  });
  after(async () => {
    client.close();
    impostor.close();
    await listener.server.close();
    await rm(dir, { recursive: true, force: true });
    await rm(impostorDir, { recursive: true, force: true });
  });

  it('hands a valid, signed transfer prepare to the hub as an InboundFspiopMessage, then answers 202', async () => {
    await client.send(prepare);
    const message = listener.received.at(-1)!;
    assert.equal(message.resource, 'transfers');
    assert.equal(message.method, 'POST');
    assert.equal(message.kind, 'request');
    assert.equal(message.uri, '/transfers');
    assert.deepEqual(message.params, {});
    assert.equal(message.source, 'buffalo');
    assert.equal(message.destination, 'lion');
    assert.deepEqual(message.body, transfer.transferPrepare);
    assert.equal(message.headers['content-type'], 'application/vnd.interoperability.transfers+json;version=1.1');
  });

  it('tells requests, callbacks and error callbacks apart and takes ids from the path', async () => {
    await client.send({ method: 'PUT', resource: 'transfers', path: `/transfers/${transfer.transferId}`, source: 'lion', destination: 'buffalo', body: transfer.transferFulfil });
    assert.deepEqual([listener.received.at(-1)!.kind, listener.received.at(-1)!.params], ['callback', { ID: transfer.transferId }]);
    await client.send({ method: 'PUT', resource: 'quotes', path: `/quotes/${transfer.quoteId}/error`, source: 'lion', destination: 'buffalo', body: { errorInformation: { errorCode: '5101', errorDescription: 'Payee rejected quote' } } });
    assert.deepEqual([listener.received.at(-1)!.kind, listener.received.at(-1)!.params], ['error', { ID: transfer.quoteId }]);
    await client.send({ method: 'PUT', resource: 'parties', path: '/parties/MSISDN/27710305999/ACC1', source: 'lion', destination: 'buffalo', body: samplePartiesPut('lion', '27710305999') });
    assert.deepEqual(listener.received.at(-1)!.params, { Type: 'MSISDN', ID: '27710305999', SubId: 'ACC1' });
  });

  it('accepts an unsigned GET without destination (the switch\'s lookup)', async () => {
    await client.send({ method: 'GET', resource: 'parties', path: '/parties/MSISDN/27710305999', source: 'buffalo' });
    const message = listener.received.at(-1)!;
    assert.deepEqual([message.kind, message.params, message.destination, message.body], ['request', { Type: 'MSISDN', ID: '27710305999' }, undefined, undefined]);
  });

  it('answers 400/3102 naming the missing element and 400/3100 for a wrong one; the hub sees neither', async () => {
    const count = listener.received.length;
    const { payeeFsp: _, ...withoutPayee } = transfer.transferPrepare;
    const missing = errorOf(await client.send({ ...prepare, body: withoutPayee }).catch((error: unknown) => error));
    assert.deepEqual([missing.status, missing.code], [400, '3102']);
    assert.match(missing.description, /body\.payeeFsp/);
    const wrong = errorOf(await client.send({ ...prepare, body: { ...transfer.transferPrepare, amount: { amount: '-5', currency: 'TZS' } } }).catch((error: unknown) => error));
    assert.deepEqual([wrong.status, wrong.code], [400, '3100']);
    assert.match(wrong.description, /body\.amount\.amount/);
    const malformed = errorOf(await client.send({ ...prepare, body: '{"transferId":' }).catch((error: unknown) => error));
    assert.deepEqual([malformed.status, malformed.code], [400, '3101']);
    const unsigned = createFspiopHttpClient({ endpointOf: () => listener.url, keys, logger, sign: false });
    const empty = errorOf(await unsigned.send({ ...prepare, body: '' }).catch((error: unknown) => error));
    unsigned.close();
    assert.deepEqual([empty.status, empty.code, empty.description], [400, '3102', 'Missing mandatory element - body is missing']);
    assert.equal(listener.received.length, count);
  });

  it('answers 400/3105 for a signature by another key, a missing signature and an unknown source', async () => {
    const count = listener.received.length;
    const forged = errorOf(await impostor.send(prepare).catch((error: unknown) => error));
    assert.deepEqual([forged.status, forged.code], [400, '3105']);
    const unsigned = createFspiopHttpClient({ endpointOf: () => listener.url, keys, logger, sign: false });
    const missing = errorOf(await unsigned.send(prepare).catch((error: unknown) => error));
    unsigned.close();
    assert.deepEqual([missing.status, missing.code], [400, '3105']);
    const stranger = await openFspiopKeyDirectory(impostorDir, { generate: ['stranger'] });
    const fromStranger = createFspiopHttpClient({ endpointOf: () => listener.url, keys: stranger, logger });
    const unknown = errorOf(await fromStranger.send({ ...prepare, source: 'stranger' }).catch((error: unknown) => error));
    fromStranger.close();
    assert.deepEqual([unknown.status, unknown.code], [400, '3105']);
    assert.equal(listener.received.length, count);
  });

  it('answers 406/3001 with the supported versions for a version it does not serve', async () => {
    const v2 = { 'content-type': 'application/vnd.interoperability.transfers+json;version=2.0' };
    const unsupported = errorOf(await client.send({ ...prepare, headers: v2 }).catch((error: unknown) => error));
    assert.deepEqual([unsupported.status, unsupported.code], [406, '3001']);
    assert.deepEqual(unsupported.extensions, { extension: [{ key: '1', value: '1' }] });
    const accept = errorOf(await client.send({ ...prepare, headers: { accept: 'application/vnd.interoperability.transfers+json;version=2' } }).catch((error: unknown) => error));
    assert.deepEqual([accept.status, accept.code], [406, '3001']);
    await client.send({ ...prepare, headers: { 'content-type': 'application/vnd.interoperability.transfers+json;version=1.0' } });
  });

  it('answers 400/3201 for a destination this listener does not serve', async () => {
    const elsewhere = errorOf(await client.send({ ...prepare, destination: 'rhino' }).catch((error: unknown) => error));
    assert.deepEqual([elsewhere.status, elsewhere.code], [400, '3201']);
  });

  it('renders the hub\'s FSPIOP error as errorInformation with its status', async () => {
    failWith = fspiopError('3106', 'transfer resent with different content');
    const refused = errorOf(await client.send(prepare).catch((error: unknown) => error));
    failWith = new Error('database at 10.0.0.7 is down');
    const internal = await client.send(prepare).catch((error: unknown) => error);
    failWith = undefined;
    assert.deepEqual([refused.status, refused.code, refused.description], [400, '3106', 'Modified request - transfer resent with different content']);
    // A 5xx is the client's transport failure (worth a retry), still with the listener's errorInformation.
    assert.ok(internal instanceof FspiopTransportError);
    assert.deepEqual([internal.httpStatus, internal.errorInformation?.errorCode], [500, '2001']);
    assert.ok(!JSON.stringify(internal.errorInformation).includes('10.0.0.7'));
  });

  it('serves the same routes under /switch for the switch simulator, with FSPIOP URIs below the prefix', async () => {
    const switchListener = await schemeListener(keys, '/switch');
    const toSwitch = createFspiopHttpClient({ endpointOf: () => switchListener.url, keys, logger });
    try {
      await toSwitch.send(prepare);
      assert.equal(switchListener.received.at(-1)!.uri, '/transfers');
      await toSwitch.send({ method: 'GET', resource: 'parties', path: '/parties/MSISDN/27710305999', source: 'buffalo' });
      assert.equal(switchListener.received.at(-1)!.uri, '/parties/MSISDN/27710305999');
    } finally {
      toSwitch.close();
      await switchListener.server.close();
    }
  });

  it('answers an unknown FSPIOP path with 404/3002, and HEAD is no GET', async () => {
    const count = listener.received.length;
    const head = await fetch(`${listener.url}/parties/MSISDN/27710305999`, { method: 'HEAD' });
    assert.equal(head.status, 404);
    assert.equal(listener.received.length, count);
    const response = await fetch(`${listener.url}/bulkTransfers`, { method: 'POST', headers: { 'content-type': 'application/vnd.interoperability.bulkTransfers+json;version=1.1' }, body: '{}' });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { errorInformation: { errorCode: string } }).errorInformation.errorCode, '3002');
  });
});
