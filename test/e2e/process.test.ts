// SPDX-License-Identifier: Apache-2.0
// The barebone process as a newcomer meets it: `npm start`'s entry point, real listeners on free ports.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ephemeralEnv, startLangoProcess, type LangoProcess } from '../support/lango-process.js';
import { tempDir } from '../support/temp-dir.js';

interface Manifest {
  seededAt: string;
  listeners: Record<string, string>;
  currency: string;
  sca: { otp: string };
  banks: { name: string; fspId: string; tenantId: string; currency: string }[];
  psus: { fullName: string; tenantId: string; username: string; password: string; accounts: { msisdn: string | null }[] }[];
  msisdns: { msisdn: string; fspId: string; accountId: string; owner: string }[];
}

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsRequest(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('the barebone process', () => {
  const dataDir = tempDir('e2e');
  let lango: LangoProcess;

  before(async () => {
    lango = await startLangoProcess(ephemeralEnv(dataDir));
  });
  after(async () => {
    await lango?.stop('SIGKILL');
  });

  it('binds every listener of the architecture', () => {
    assert.deepEqual(Object.keys(lango.urls).sort(), ['channel', 'metrics', 'operations', 'public', 'publicTls', 'scheme', 'simulators']);
    assert.match(lango.urls.publicTls!, /^https:\/\/localhost:\d+$/);
  });

  it('publishes the sandbox manifest: listeners, five banks with FSP ids, PSUs with logins, MSISDNs, TZS', async () => {
    const response = await fetch(`${lango.urls.public}/sandbox/manifest.json`);
    assert.equal(response.status, 200);
    const manifest = (await response.json()) as Manifest;
    assert.deepEqual(manifest.listeners, lango.urls);
    assert.equal(manifest.currency, 'TZS');
    assert.deepEqual(manifest.banks.map((bank) => [bank.name, bank.fspId]), [
      ['Buffalo Bank', 'in01tn01'], ['Lion Bank', 'in01tn02'], ['Rhino Bank', 'in02tn03'], ['Elephant Bank', 'in02tn04'], ['Leopard Bank', 'in03tn05'],
    ]);
    const john = manifest.psus.filter((psu) => psu.fullName === 'John Smith');
    assert.deepEqual(john.map((psu) => psu.tenantId).sort(), ['buffalo', 'lion', 'rhino']);
    assert.ok(john.every((psu) => psu.username && psu.password));
    const byMsisdn = Object.fromEntries(manifest.msisdns.map((entry) => [entry.msisdn, entry.fspId]));
    for (const [msisdn, fspId] of [['27710101999', 'in01tn01'], ['27710305999', 'in03tn05'], ['27710203999', 'in02tn03'], ['27710204999', 'in02tn04']]) {
      assert.equal(byMsisdn[msisdn!], fspId, `MSISDN ${msisdn}`);
    }
    assert.equal(manifest.sca.otp, '123456');
  });

  it('serves the same routes over TLS with a certificate from the sandbox CA it publishes', async () => {
    const ca = await (await fetch(`${lango.urls.public}/sandbox/ca.pem`)).text();
    assert.match(ca, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(ca, readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8'));
    const response = await httpsGet(`${lango.urls.publicTls}/sandbox/manifest.json`, ca);
    assert.equal(response.status, 200);
    assert.equal((JSON.parse(response.body) as Manifest).banks.length, 5);
  });

  it('reports liveness, readiness with its checks, and Prometheus metrics on the metrics listener', async () => {
    assert.equal((await fetch(`${lango.urls.metrics}/health/live`)).status, 200);
    const ready = await fetch(`${lango.urls.metrics}/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { database: { status: 'up' }, cache: { status: 'up' } } });
    const metrics = await (await fetch(`${lango.urls.metrics}/metrics`)).text();
    assert.match(metrics, /lango_http_request_duration_seconds_count\{[^}]*listener="public"[^}]*route="\/sandbox\/manifest.json"/);
  });

  it('answers unknown paths in the error model of the API addressed', async () => {
    // The body's shape is what each case checks, so it is read loosely here.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const cases: [string, (body: Record<string, any>) => void][] = [
      [`${lango.urls.public}/v1/nothing`, (body) => assert.equal(body.tppMessages[0].code, 'RESOURCE_UNKNOWN')],
      [`${lango.urls.public}/mm/nothing`, (body) => assert.ok(body.errorCategory)],
      [`${lango.urls.public}/oauth/nothing`, (body) => assert.ok(body.error)],
      [`${lango.urls.scheme}/nothing`, (body) => assert.equal(body.errorInformation.errorCode, '3002')],
      [`${lango.urls.channel}/channel/nothing`, (body) => assert.equal(body.status, 404)],
      [`${lango.urls.operations}/api/v1/nothing`, (body) => assert.equal(body.code, 'ROUTE_NOT_FOUND')],
    ];
    for (const [url, check] of cases) {
      const response = await fetch(url, { headers: { 'X-Request-ID': 'e2e-unknown-path' } });
      assert.equal(response.status, 404, url);
      assert.equal(response.headers.get('x-request-id'), 'e2e-unknown-path');
      check((await response.json()) as Record<string, unknown>);
    }
  });

  it('never writes a password or the Authorization header to its log', async () => {
    await fetch(`${lango.urls.public}/sandbox/manifest.json`, { headers: { authorization: 'Bearer very-secret-token' } });
    const log = JSON.stringify(lango.logs);
    assert.ok(!log.includes('very-secret-token'));
    assert.ok(!log.includes('buffalo-pass-1'));
  });
});

describe('shutdown and restart', () => {
  it('drains an in-flight request on SIGTERM, closes the database cleanly, and resumes the same data on restart', async () => {
    const dataDir = tempDir('restart');
    const first = await startLangoProcess(ephemeralEnv(dataDir));
    const manifest = (await (await fetch(`${first.urls.public}/sandbox/manifest.json`)).json()) as Manifest;
    const ca = readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8');

    // A request whose body is still arriving when SIGTERM comes must still get its answer.
    const { port } = new URL(first.urls.public!);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk.toString(); });
    socket.write('POST /sandbox/nothing HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"a":');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = first.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write('"bcd"}');
    assert.equal(await exited, 0);
    assert.match(answer, /^HTTP\/1\.1 404/);
    assert.ok(first.logs.some((entry) => entry.msg === 'Lango stopped' && entry.clean === true));
    assert.equal(existsSync(join(dataDir, 'lango.db-wal')), false, 'the SQLite WAL is checkpointed and removed on a clean close');

    const second = await startLangoProcess(ephemeralEnv(dataDir));
    try {
      const again = (await (await fetch(`${second.urls.public}/sandbox/manifest.json`)).json()) as Manifest;
      assert.equal(again.seededAt, manifest.seededAt);
      assert.deepEqual(again.psus, manifest.psus);
      assert.ok(second.logs.some((entry) => entry.msg === 'sandbox data found: resuming'));
      assert.equal(readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8'), ca, 'the sandbox CA is kept across restarts');
    } finally {
      assert.equal(await second.stop('SIGINT'), 0);
    }
  });

  it('runs only the listeners of the roles it is given', async () => {
    const lango = await startLangoProcess(ephemeralEnv(tempDir('roles'), { LANGO_ROLES: 'hub', LANGO_SWITCH_URL: 'http://127.0.0.1:9/switch', LANGO_FINERACT_URL: 'http://127.0.0.1:9/fineract-provider/api/v1' }));
    try {
      assert.deepEqual(Object.keys(lango.urls).sort(), ['channel', 'metrics', 'scheme']);
    } finally {
      await lango.stop();
    }
  });
});
