// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { LangoError } from '../errors/index.js';
import { createLogger } from '../log/index.js';
import { createMetrics } from '../metrics/index.js';
import { createHttpServer, listen } from './create-server.js';

function serverWithLog(dialect: 'berlin-group' | 'fspiop' | 'problem' = 'problem') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  const server = createHttpServer({
    name: 'test', logger: createLogger({ level: 'info', destination }), metrics: createMetrics(), bodyLimitBytes: 64, dialectFor: () => dialect,
  });
  return { server, lines };
}

describe('HTTP server factory', () => {
  it('keeps the caller\'s X-Request-ID, echoes it, and logs it with each request', async () => {
    const { server, lines } = serverWithLog();
    server.get('/hello', async () => ({ hello: 'world' }));
    const response = await server.inject({ url: '/hello', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(response.headers['x-request-id'], 'abc-123');
    assert.ok(lines.some((line) => line.requestId === 'abc-123' && line.route === '/hello' && line.status === 200));
    const fresh = await server.inject({ url: '/hello', headers: { 'x-request-id': 'not ok\u0000' } });
    assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON and oversized bodies in the listener\'s error model and changes nothing', async () => {
    const { server } = serverWithLog('berlin-group');
    let called = 0;
    server.post('/v1/payments', async () => { called += 1; return {}; });
    const malformed = await server.inject({ method: 'POST', url: '/v1/payments', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().tppMessages[0].code, 'FORMAT_ERROR');
    const large = await server.inject({ method: 'POST', url: '/v1/payments', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(100) }) });
    // NextGenPSD2 defines no 413: an oversized body is a FORMAT_ERROR there.
    assert.equal(large.statusCode, 400);
    assert.equal(large.json().tppMessages[0].code, 'FORMAT_ERROR');
    assert.equal(called, 0);
  });

  it('hides the message of an internal error from the caller but logs it', async () => {
    const { server, lines } = serverWithLog('fspiop');
    server.get('/quotes', async () => { throw new Error('connection to 10.0.0.7 refused'); });
    const response = await server.inject({ url: '/quotes' });
    assert.equal(response.statusCode, 500);
    assert.equal(response.json().errorInformation.errorCode, '2001');
    assert.ok(!response.body.includes('10.0.0.7'));
    assert.ok(lines.some((line) => line.msg === 'request failed' && JSON.stringify(line).includes('10.0.0.7')));
  });

  it('passes a typed error\'s status and code through to the wire', async () => {
    const { server } = serverWithLog();
    server.get('/thing', async () => { throw new LangoError('CONFLICT', 'already cancelled'); });
    const response = await server.inject({ url: '/thing' });
    assert.equal(response.statusCode, 409);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(response.json().detail, 'already cancelled');
  });

  it('finishes an in-flight request when closed, then refuses new connections', async () => {
    const { server } = serverWithLog();
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      server.get('/slow', async () => { resolve(); await new Promise<void>((done) => { release = done; }); return { done: true }; });
    });
    const port = await listen(server, 'test', '127.0.0.1', 0, 'LANGO_TEST_PORT');
    const pending = fetch(`http://127.0.0.1:${port}/slow`);
    await started;
    const closing = server.close();
    release();
    const response = await pending;
    assert.deepEqual(await response.json(), { done: true });
    await closing;
    await assert.rejects(fetch(`http://127.0.0.1:${port}/slow`));
  });
});
