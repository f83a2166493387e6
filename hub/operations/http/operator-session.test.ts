// SPDX-License-Identifier: Apache-2.0
// An operator signs in to the operations UI through the real consent server (operations client: PAR, PKCE,
// private_key_jwt; login page and one-time code), gets a server-side session, and signs out. The operations side
// is a real fastify server on loopback with the session and UI plugins; the operations API it would also serve is
// stood in for by a few fixture routes, so the pages can be driven in chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { ConsoleMessage, Page as PlaywrightPage } from 'playwright-core';
import { openClientRegistry } from '../../../consent/index.js';
import { MemoryCache } from '../../../platform/cache/index.js';
import { createLogger } from '../../../platform/log/index.js';
import { browserSkip, launchChromium } from '../../../test/support/browser.js';
import { startConsentHarness, type ConsentHarness } from '../../../test/support/consent-harness.js';
import { PsuBrowser, authoriseAsPsu, type Page } from '../../../test/support/psu-browser.js';
import type { OperatorIdentity } from './operator-identity.js';
import { LOGIN_COOKIE, SESSION_COOKIE, csrfHeld, operatorSessionRoutes, sessionAuthenticator } from './operator-session.js';
import { OPERATIONS_CSP, operationsUiRoutes } from './ui-routes.js';

let harness: ConsentHarness;
let operations: FastifyInstance;
let operationsUrl: string;
const cache = new MemoryCache({ prefix: 'test:' });
const sessions = sessionAuthenticator({ cache });
/** What the fixture action route received. */
const posted: { body: unknown; csrfHeld: boolean }[] = [];

const PAGES = ['/', '/transfers', '/transfers/2251799813787044', '/incidents', '/approvals', '/audit', '/dashboard'];

function operator(username: string) {
  const found = harness.manifest.operators.find((candidate) => candidate.username === username);
  assert.ok(found, `operator ${username} in the manifest`);
  return found;
}

const asRequest = (cookie: string | undefined) => ({ headers: cookie ? { cookie } : {} }) as FastifyRequest;

/** `name=value` of a Set-Cookie line of the answer, with its attributes. */
function setCookie(page: Page, name: string): { value: string; attributes: string[] } | undefined {
  const line = page.headers.getSetCookie().find((candidate) => candidate.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { value: pair!.slice(name.length + 1), attributes };
}

/** Starts a sign-in at /auth/login and goes through the consent server's pages; returns the callback URL. */
async function signInAtConsentServer(browser: PsuBrowser, username: string): Promise<{ login: Page; callback: URL }> {
  const login = await browser.get(`${operationsUrl}/auth/login`);
  assert.equal(login.status, 302);
  const who = operator(username);
  const { callback } = await authoriseAsPsu(browser, new URL(login.location!), { username: who.username, password: who.password, otps: [who.otp] });
  return { login, callback };
}

/** A full sign-in; returns the browser (holding the session cookie) and the cookie header value. */
async function signedIn(username = 'ops.supervisor'): Promise<{ browser: PsuBrowser; cookie: string; identity: OperatorIdentity }> {
  const browser = new PsuBrowser();
  const { callback } = await signInAtConsentServer(browser, username);
  const landed = await browser.get(callback);
  assert.equal(landed.status, 302, landed.html);
  const session = setCookie(landed, SESSION_COOKIE);
  assert.ok(session);
  const cookie = `${SESSION_COOKIE}=${session.value}`;
  const identity = await sessions.authenticate(asRequest(cookie));
  assert.ok(identity);
  return { browser, cookie, identity };
}

// ---- fixtures of the operations API (the real one is hub/operations/http/operations-api-routes.ts) -------------

const TRANSFER = {
  processInstanceKey: '2251799813787044', bpmnProcessId: 'payer-transfer', version: 1, tenantId: 'buffalo', direction: 'OUTBOUND',
  transactionId: '239b4aa4-434d-42d2-a1b8-4c107a76615f', transferId: '7c7b1c1e-3e9f-4a43-9f0e-0d3c4f1f2b11', quoteId: '47cdae06-b8e8-47e5-952e-f137f388e012',
  payer: { idType: 'MSISDN', idValue: '27710101999', fspId: 'in01tn01', name: 'John Smith' },
  payee: { idType: 'MSISDN', idValue: '27710305999', fspId: 'in03tn05', name: '<img src=x onerror=alert(1)> Leopard' },
  amount: '1200', currency: 'TZS', payerFee: '1', payeeFee: '0', state: 'IN_PROGRESS', incident: true,
  errorCode: '5100', errorDescription: 'Payee FSP rejected quote', startedAt: '2020-04-22T23:46:59.000Z',
};
const DETAIL = {
  transfer: TRANSFER,
  tasks: [
    { elementInstanceKey: '1', elementId: 'party-lookup', name: 'Look up payee', bpmnElementType: 'SERVICE_TASK', state: 'COMPLETED', startedAt: '2020-04-22T23:46:59.100Z', endedAt: '2020-04-22T23:46:59.300Z', durationMs: 200, jobType: 'party-lookup', retries: 3 },
    { elementInstanceKey: '2', elementId: 'block-funds', name: 'Block funds', bpmnElementType: 'SERVICE_TASK', state: 'ACTIVE', startedAt: '2020-04-22T23:47:00.000Z', jobType: 'block-funds', retries: 0, errorMessage: 'AMS unreachable' },
  ],
  variables: [
    { name: 'amount', value: '1200', scopeKey: '2251799813787044', updatedAt: '2020-04-22T23:46:59.000Z' },
    { name: 'quote', value: { condition: 'x'.repeat(200), expiration: '2020-04-23T00:00:00Z' }, scopeKey: '2251799813787044', updatedAt: '2020-04-22T23:46:59.000Z' },
  ],
  incidents: [{ incidentKey: '9', elementId: 'block-funds', elementInstanceKey: '2', errorType: 'JOB_NO_RETRIES', errorMessage: 'AMS unreachable', state: 'ACTIVE', createdAt: '2020-04-22T23:47:01.000Z' }],
  path: { completed: ['start', 'party-lookup', 'await-party', 'party-found', 'local-quote'], active: ['block-funds'], failed: ['block-funds'], flows: ['start-to-party-lookup', 'party-lookup-to-await-party', 'await-party-to-party-found', 'party-found-to-local-quote', 'local-quote-to-block-funds'] },
  actions: ['retry', 'force-fail', 'manual-override'],
  history: [],
  audit: [{ seq: 3, at: 1_587_599_221_000, kind: 'api-call', actor: 'lango-demo-tpp', action: 'POST /v1/payments', subject: TRANSFER.transferId, prevHash: 'a', hash: 'b' }],
};

async function fixtureApi(server: FastifyInstance): Promise<void> {
  const identityOf = async (request: FastifyRequest) => {
    const identity = await sessions.authenticate(request);
    if (!identity) throw Object.assign(new Error('no session'), { statusCode: 401 });
    return identity;
  };
  const page = <T>(items: T[]) => ({ items, page: 1, size: 20, total: items.length });
  server.get('/api/v1/me', async (request) => {
    const { username, roles, csrf } = await identityOf(request);
    return { username, roles, csrf };
  });
  server.get('/api/v1/transfers', async (request) => {
    await identityOf(request);
    return page([TRANSFER, { ...TRANSFER, processInstanceKey: '2251799813787045', transactionId: 'b22395fb-1cc8', state: 'COMPLETED', incident: false, completedAt: '2020-04-22T16:07:04.000Z' }]);
  });
  server.get('/api/v1/transfers/:key', async (request) => {
    await identityOf(request);
    return DETAIL;
  });
  server.get('/api/v1/processes/:id/versions/:version/xml', async (request, reply) => {
    await identityOf(request);
    return reply.type('application/xml').send(readFileSync(new URL('../../bpmn/payer-transfer.bpmn', import.meta.url), 'utf8'));
  });
  server.post('/api/v1/transfers/:key/actions', async (request, reply) => {
    const identity = await identityOf(request);
    posted.push({ body: request.body, csrfHeld: csrfHeld(request, identity) });
    return reply.status(200).send({ actionId: 'a1', action: 'retry', status: 'EXECUTED' });
  });
  server.get('/api/v1/incidents', async (request) => {
    await identityOf(request);
    return page([{ ...DETAIL.incidents[0], processInstanceKey: TRANSFER.processInstanceKey, bpmnProcessId: 'payer-transfer', tenantId: 'buffalo', transfer: TRANSFER }]);
  });
  const action = { actionId: 'a7', action: 'force-complete', tenantId: 'buffalo', processInstanceKey: TRANSFER.processInstanceKey, transferId: TRANSFER.transferId, reason: 'Switch confirmed it', requestedBy: 'ops.operator', requestedAt: '2020-04-23T08:00:00Z', approverTenantId: 'buffalo' };
  server.get('/api/v1/approvals', async (request) => {
    await identityOf(request);
    const { status } = request.query as { status?: string };
    return status === 'PENDING_APPROVAL'
      ? page([{ ...action, status: 'PENDING_APPROVAL', canDecide: true }])
      : page([{ ...action, actionId: 'a6', status: 'EXECUTED', decidedBy: 'ops.supervisor', decidedAt: '2020-04-23T08:05:00Z', decisionReason: 'Checked with the switch', canDecide: false }]);
  });
  server.post('/api/v1/approvals/:actionId/:decision', async (request) => {
    const identity = await identityOf(request);
    posted.push({ body: { ...(request.body as object), ...(request.params as object) }, csrfHeld: csrfHeld(request, identity) });
    return { ...action, status: 'EXECUTED' };
  });
  server.get('/api/v1/audit', async (request) => {
    await identityOf(request);
    return page(DETAIL.audit);
  });
  server.get('/api/v1/audit/verify', async (request) => {
    await identityOf(request);
    return { ok: false, entries: 3, brokenAt: 2, reason: 'hash mismatch' };
  });
  server.get('/api/v1/dashboard', async (request) => {
    await identityOf(request);
    return {
      total: 3, successRate: 0.5, latencyMs: { p50: 1200, p90: 3000, p99: 4100 },
      byState: [{ state: 'COMPLETED', count: 1, amounts: [{ currency: 'TZS', amount: '1200' }] }, { state: 'FAILED', count: 1, amounts: [] }, { state: 'IN_PROGRESS', count: 1, amounts: [] }],
      failuresByErrorCode: [{ errorCode: '5100', count: 1 }],
    };
  });
}

before(async () => {
  harness = await startConsentHarness();
  const { operationsClient } = harness.manifest;
  operations = Fastify();
  await operations.register(operatorSessionRoutes, {
    cache, logger: createLogger({ level: 'silent' }), issuer: () => harness.issuer,
    clientId: operationsClient.clientId, privateJwk: operationsClient.privateJwk,
    redirectUri: () => `${operationsUrl}/auth/callback`, secureCookies: false,
  });
  await operations.register(operationsUiRoutes, { authenticator: sessions });
  await operations.register(fixtureApi);
  await operations.listen({ host: '127.0.0.1', port: 0 });
  const address = operations.server.address();
  operationsUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // The harness runs without the operations role, so the client's redirect URI names the default listener; point
  // it at this test's server (as ensureDemoClients does at start with the configured operations URL).
  const registry = await openClientRegistry(harness.database);
  const client = await registry.find(operationsClient.clientId);
  assert.ok(client);
  await registry.upsert({ ...client, redirect_uris: [`${operationsUrl}/auth/callback`] });
});
after(async () => {
  await operations?.close();
  await harness?.stop();
  await cache.close();
});

describe('operator sign-in to the operations UI', () => {
  it('signs in through the consent server and keeps a server-side session the authenticator reads', async () => {
    const browser = new PsuBrowser();
    const { login, callback } = await signInAtConsentServer(browser, 'ops.supervisor');
    const authorize = new URL(login.location!);
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${harness.issuer}/authorize`, 'to the authorisation endpoint');
    assert.ok(authorize.searchParams.get('request_uri')?.startsWith('urn:ietf:params:oauth:request_uri:'), 'a pushed request (PAR)');
    assert.equal(authorize.searchParams.get('client_id'), 'lango-operations');
    const loginCookie = setCookie(login, LOGIN_COOKIE);
    assert.ok(loginCookie?.attributes.includes('HttpOnly'));
    assert.ok(loginCookie?.attributes.includes('Path=/auth'));
    assert.equal(`${callback.origin}${callback.pathname}`, `${operationsUrl}/auth/callback`);

    const landed = await browser.get(callback);
    assert.equal(landed.status, 302);
    assert.equal(landed.location, `${operationsUrl}/transfers`);
    const session = setCookie(landed, SESSION_COOKIE);
    assert.ok(session, 'the session cookie is set');
    assert.match(session.value, /^[A-Za-z0-9_-]{43}$/, '32 random bytes');
    for (const attribute of ['HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=28800']) assert.ok(session.attributes.includes(attribute), attribute);
    assert.ok(!session.attributes.includes('Secure'), 'plain HTTP in this test');

    const identity = await sessions.authenticate(asRequest(`other=1; ${SESSION_COOKIE}=${session.value}`));
    assert.equal(identity?.username, 'ops.supervisor');
    assert.deepEqual(identity?.roles, { buffalo: 'supervisor' });
    assert.equal(identity?.via, 'session');
    assert.match(identity?.csrf ?? '', /^[A-Za-z0-9_-]{43}$/);

    const page = await browser.get(`${operationsUrl}/transfers`);
    assert.equal(page.status, 200);
    assert.match(page.html, /<span id="operator-name" data-testid="operator-name">ops\.supervisor<\/span>/);
    assert.match(page.html, /<li data-tenant="buffalo" data-role="supervisor">buffalo: supervisor<\/li>/);
    assert.match(page.html, /<script type="module" src="\/assets\/transfers\.js"><\/script>/);
    assert.doesNotMatch(page.html, /<script>(?!<)/, 'no inline script');
    assert.equal(page.headers.get('content-security-policy'), OPERATIONS_CSP);
    assert.match(OPERATIONS_CSP, /frame-ancestors 'none'/);
    assert.equal(page.headers.get('cache-control'), 'no-store');

    const replay = await new PsuBrowser().get(callback);
    assert.equal(replay.status, 400, 'a callback works once, and only in the browser that started the sign-in');
  });

  it('refuses a callback whose state is not the one sent, and keeps no session', async () => {
    const browser = new PsuBrowser();
    const { callback } = await signInAtConsentServer(browser, 'ops.viewer');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state');
    const refused = await browser.get(forged);
    assert.equal(refused.status, 400);
    assert.match(refused.html, /The sign-in could not be completed\./);
    assert.equal(setCookie(refused, SESSION_COOKIE), undefined, 'no session cookie');
    assert.equal((await browser.get(`${operationsUrl}/transfers`)).status, 302, 'still signed out');
    const retried = await browser.get(callback);
    assert.equal(retried.status, 400, 'the login state was used up by the refused attempt');
  });

  it('refuses a callback without the login cookie of the browser that started it', async () => {
    const { callback } = await signInAtConsentServer(new PsuBrowser(), 'ops.viewer');
    const elsewhere = await new PsuBrowser().get(callback);
    assert.equal(elsewhere.status, 400);
    assert.match(elsewhere.html, /expired or was started in another browser/);
  });

  it('sends every page to /auth/login without a session', async () => {
    for (const path of PAGES) {
      const answer = await fetch(`${operationsUrl}${path}`, { redirect: 'manual' });
      assert.equal(answer.status, 302, path);
      assert.equal(answer.headers.get('location'), '/auth/login', path);
    }
  });

  it('treats an unknown or malformed session cookie as no session', async () => {
    const unknown = `${SESSION_COOKIE}=${Buffer.alloc(32, 7).toString('base64url')}`;
    for (const cookie of [unknown, `${SESSION_COOKIE}=short`, `${SESSION_COOKIE}=`, 'lango_ops_sessionx=abc', undefined]) {
      assert.equal(await sessions.authenticate(asRequest(cookie)), undefined, String(cookie));
    }
    const answer = await fetch(`${operationsUrl}/transfers`, { redirect: 'manual', headers: { cookie: unknown } });
    assert.equal(answer.status, 302);
  });

  it('signs out only with the session\'s csrf token, then the session is gone', async () => {
    const { cookie, identity } = await signedIn('ops.operator');
    assert.deepEqual(identity.roles, { buffalo: 'operator' });
    const logout = (headers: Record<string, string>) => fetch(`${operationsUrl}/auth/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, ...headers } });

    for (const headers of [{}, { 'x-lango-csrf': 'not-the-token' }] as Record<string, string>[]) {
      const refused = await logout(headers);
      assert.equal(refused.status, 403);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'FORBIDDEN');
      assert.ok(await sessions.authenticate(asRequest(cookie)), 'still signed in');
    }
    const done = await logout({ 'x-lango-csrf': identity.csrf! });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/');
    const cleared = done.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    assert.match(cleared ?? '', /Max-Age=0/);
    assert.equal(await sessions.authenticate(asRequest(cookie)), undefined, 'the session is deleted');
    assert.equal((await fetch(`${operationsUrl}/transfers`, { redirect: 'manual', headers: { cookie } })).status, 302);
  });

  it('a new sign-in ends the session the browser held before', async () => {
    const { browser, cookie } = await signedIn('ops.viewer');
    const { callback } = await signInAtConsentServer(browser, 'ops.viewer');
    assert.equal((await browser.get(callback)).status, 302);
    assert.equal(await sessions.authenticate(asRequest(cookie)), undefined);
  });
});

describe('operations UI assets', () => {
  it('serves the allow-listed files with their content types and validators, and nothing else', async () => {
    const expected: Record<string, string> = {
      '/assets/operations.css': 'text/css; charset=utf-8',
      '/assets/transfers.js': 'text/javascript; charset=utf-8',
      '/assets/vendor/bpmn-navigated-viewer.production.min.js': 'text/javascript; charset=utf-8',
      '/assets/vendor/chart.umd.min.js': 'text/javascript; charset=utf-8',
      '/assets/vendor/bpmn-js/diagram-js.css': 'text/css; charset=utf-8',
      '/assets/vendor/bpmn-js/bpmn-font/css/bpmn.css': 'text/css; charset=utf-8',
      '/assets/vendor/bpmn-js/bpmn-font/font/bpmn.woff2?44822120': 'font/woff2',
    };
    for (const [path, type] of Object.entries(expected)) {
      const answer = await fetch(`${operationsUrl}${path}`);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers.get('content-type'), type, path);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
      const etag = answer.headers.get('etag')!;
      assert.equal((await fetch(`${operationsUrl}${path}`, { headers: { 'if-none-match': etag } })).status, 304, path);
    }
    assert.equal((await fetch(`${operationsUrl}/assets/transfers.js`)).headers.get('cache-control'), 'no-cache');
    assert.match((await fetch(`${operationsUrl}/assets/vendor/chart.umd.min.js`)).headers.get('cache-control')!, /max-age=86400/);
    for (const path of ['/assets/README.md', '/assets/../../package.json', '/assets/%2e%2e/http/ui-routes.ts', '/assets/vendor/bpmn-js/package.json', '/assets/']) {
      assert.equal((await fetch(`${operationsUrl}${path}`)).status, 404, path);
    }
  });
});

/** Signs in from a page of the UI through the consent server's login and one-time code pages. */
async function signInInChromium(page: PlaywrightPage, path: string, username: string): Promise<void> {
  const who = operator(username);
  await page.goto(`${operationsUrl}${path}`);
  assert.equal(new URL(page.url()).origin, new URL(harness.issuer).origin, `at the consent server's login page: ${page.url()}`);
  await page.fill('#username', who.username);
  await page.fill('#password', who.password);
  await page.click('#login');
  await page.fill('#otp', who.otp);
  await page.click('#verify');
  await page.waitForURL(`${operationsUrl}/transfers`);
}

/** Collects what goes wrong in a page: script errors, failed loads, CSP violations (console errors), dialogs. */
function watch(page: PlaywrightPage): () => string[] {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => { if (message.type() === 'error') problems.push(`${message.text()} ${message.location().url}`); });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => { if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`); });
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
  // The consent server's pages have no favicon; that is not this UI's concern.
  return () => problems.filter((problem) => !problem.endsWith(`${new URL(harness.issuer).origin}/favicon.ico`));
}

describe('operations UI in chromium', { skip: browserSkip }, () => {
  it('an operator signs in from /transfers, sees the list, opens a transfer with its path drawn, and retries it', async () => {
    const chromium = await launchChromium();
    try {
      const context = await chromium.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
      const page = await context.newPage();
      const problems = watch(page);
      await signInInChromium(page, '/transfers', 'ops.operator');
      assert.equal(await page.textContent('#operator-name'), 'ops.operator');
      await page.waitForSelector('body[data-ready=true]');
      assert.equal(await page.locator('[data-testid=transfer-row]').count(), 2);
      assert.equal(await page.textContent('#page-info'), '1–2 of 2');
      assert.match((await page.getAttribute('#export-csv', 'href'))!, /^\/api\/v1\/transfers\/export\.csv/);
      // A payee name with markup stays text.
      assert.ok((await page.locator('#transfers-table td', { hasText: '<img src=x onerror=alert(1)> Leopard' }).count()) >= 1);

      await page.fill('#filter-payerId', '27710101999');
      await page.selectOption('#filter-state', 'IN_PROGRESS');
      await page.click('#search');
      await page.waitForURL(/payerId=27710101999/);
      await page.click('#sort-amount');
      await page.waitForURL(/sort=amount/);
      assert.match(page.url(), /payerId=27710101999/, 'sorting keeps the filters');

      await page.waitForSelector('body[data-ready=true]');
      await page.locator('[data-testid=transfer-link]').first().click();
      await page.waitForURL(`${operationsUrl}/transfers/${TRANSFER.processInstanceKey}`);
      await page.waitForSelector('#diagram[data-ready]');
      assert.equal(await page.getAttribute('#diagram', 'data-ready'), 'true', await page.textContent('#diagram-error') ?? '');
      assert.equal(await page.textContent('#payee-fields dd[data-field=fspId]'), 'in03tn05');
      assert.equal(await page.locator('.djs-element.lango-failed[data-element-id="block-funds"]').count(), 1, 'the failed task is red');
      assert.equal(await page.locator('.djs-element.lango-completed[data-element-id="party-lookup"]').count(), 1);
      assert.equal(await page.locator('.djs-connection.lango-taken[data-element-id="start-to-party-lookup"]').count(), 1);
      assert.equal(await page.locator('[data-testid=task-row]').count(), 2);
      assert.equal(await page.locator('#variables-table details').count(), 1, 'the long value is collapsed');
      for (const action of ['retry', 'force-fail', 'manual-override']) assert.equal(await page.locator(`#action-${action}`).count(), 1, action);
      assert.equal(await page.locator('#action-recall').count(), 0);

      await page.click('#action-retry');
      await page.fill('#action-reason', 'no');
      await page.click('#action-submit');
      assert.match((await page.textContent('#action-error'))!, /at least 5 characters/);
      await page.fill('#action-reason', 'AMS is back up');
      await page.click('#action-submit');
      await page.waitForSelector('#action-result');
      assert.deepEqual(posted.at(-1), { body: { action: 'retry', reason: 'AMS is back up' }, csrfHeld: true });

      await page.click('#nav-dashboard');
      await page.waitForSelector('#chart-states[data-ready=true]');
      assert.equal(await page.textContent('#figure-success-rate .value'), '50.0 %');
      assert.equal(await page.getAttribute('#chart-failures', 'data-ready'), 'true');

      assert.deepEqual(problems(), [], 'no script errors, failed loads or CSP violations');
    } finally {
      await chromium.close();
    }
  });

  it('a supervisor works the incident and approval queues and checks the audit chain', async () => {
    const chromium = await launchChromium();
    try {
      const page = await (await chromium.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' })).newPage();
      const problems = watch(page);
      await signInInChromium(page, '/transfers', 'ops.supervisor');

      await page.click('#nav-incidents');
      await page.waitForSelector('body[data-ready=true]');
      assert.equal(await page.locator('[data-testid=incident-row]').count(), 1);
      assert.equal(await page.getAttribute('[data-testid=incident-transfer-link]', 'href'), `/transfers/${TRANSFER.processInstanceKey}`);

      await page.click('#nav-approvals');
      await page.waitForSelector('body[data-ready=true]');
      assert.equal(await page.locator('[data-testid=approval-row][data-can-decide=true]').count(), 1);
      assert.equal(await page.locator('[data-testid=decided-row][data-status=EXECUTED]').count(), 1);
      await page.click('[data-testid=approval-row] [data-testid=approve]');
      await page.fill('#decision-reason', 'Switch shows it committed');
      await page.click('#decision-submit');
      await page.waitForSelector('#decision-result');
      assert.deepEqual(posted.at(-1), { body: { reason: 'Switch shows it committed', actionId: 'a7', decision: 'approve' }, csrfHeld: true });

      await page.click('#nav-audit');
      await page.waitForSelector('body[data-ready=true]');
      assert.equal(await page.locator('[data-testid=audit-row]').count(), 1);
      assert.match((await page.getAttribute('#export-jsonl', 'href'))!, /format=jsonl/);
      await page.click('#verify-chain');
      await page.waitForSelector('#verify-result:not([hidden])');
      assert.equal(await page.getAttribute('#verify-result', 'data-ok'), 'false');
      assert.match((await page.textContent('#verify-result'))!, /broken at entry 2/);

      await page.click('#logout');
      await page.waitForURL((url) => url.origin === new URL(harness.issuer).origin);
      const back = await page.goto(`${operationsUrl}/audit`);
      assert.equal(new URL(page.url()).origin, new URL(harness.issuer).origin, `signed out: ${back?.url()}`);
      assert.deepEqual(problems(), [], 'no script errors, failed loads or CSP violations');
    } finally {
      await chromium.close();
    }
  });
});
