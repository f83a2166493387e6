// SPDX-License-Identifier: Apache-2.0
// What an application does and whether it is ready: its API calls and quota (from the gateway's audit records), its
// TPP notification deliveries, the readiness checks with a downloadable report, and the quick start, which runs the
// consent → account read journey of an application from the page.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Application } from '../applications/index.js';
import { reportAsJson, reportAsText, type ReadinessReport } from '../readiness/index.js';
import { page } from './account-routes.js';
import { apiCaller, formCaller, pageCaller, shown, text, type PortalDeps, type Signed } from './portal-context.js';
import { errorBox, html, when, type Markup } from './portal-html.js';

const DAY_MS = 86_400_000;
const REPORT_TTL_MS = 7 * DAY_MS;
const reportKey = (applicationId: string) => `portal:readiness:${applicationId}`;

/** The application's calls, quota and deliveries, for its page. */
export async function activitySection(deps: PortalDeps, application: Application, now = Date.now()): Promise<Markup> {
  const { activity, deliveries } = deps;
  const [summary, calls, quota, sent] = await Promise.all([
    activity?.summary([application.clientId], now - DAY_MS), activity?.calls([application.clientId], { limit: 20 }),
    activity?.quota(application.clientId, deps.rateLimitPerMinute, now), deliveries?.(application.clientId, 20),
  ]);
  return html`<section id="activity"><h2>API calls</h2>
${summary && quota ? html`<p id="activity-summary">Last 24 hours: <strong>${summary.total}</strong> calls, ${summary.errors} refused; latency p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms.
Quota: <span id="quota">${quota.lastMinute} of ${quota.perMinuteLimit}</span> calls in the last minute, ${quota.today} today.</p>` : html`<p>The gateway does not run in this process.</p>`}
${calls?.length ? html`<table id="calls"><thead><tr><th>Time</th><th>Call</th><th>Bank</th><th>Status</th><th>ms</th></tr></thead><tbody>
${calls.map((call) => html`<tr class="call"><td>${when(call.at)}</td><td><code>${call.method} ${call.endpoint}</code></td><td>${call.tenantId ?? ''}</td><td>${call.status}${call.errorCode ? html` <code>${call.errorCode}</code>` : ''}</td><td>${call.durationMs}</td></tr>`)}</tbody></table>` : html`<p>No call yet.</p>`}
<h3>Notification deliveries</h3>
${sent?.length ? html`<table id="deliveries"><thead><tr><th>Created</th><th>Resource</th><th>URI</th><th>State</th><th>Attempts</th><th>Last error</th></tr></thead><tbody>
${sent.map((delivery) => html`<tr><td>${when(delivery.createdAt)}</td><td><code>${delivery.resourceId}</code></td><td><code>${delivery.uri}</code></td><td>${delivery.state}</td><td>${delivery.attempts}</td><td>${delivery.lastError ?? ''}</td></tr>`)}</tbody></table>`
    : html`<p>No notification sent yet: give a <code>TPP-Notification-URI</code> when you create a consent or a payment.</p>`}</section>`;
}

/** The readiness section of the application page: the form and the last report. */
export async function readinessSection(deps: PortalDeps, signed: Signed, application: Application): Promise<Markup> {
  const stored = await deps.cache.get(reportKey(application.id));
  const report = stored ? (JSON.parse(stored) as ReadinessReport) : undefined;
  const banks = await deps.banks();
  return html`<section id="readiness"><h2>Readiness checks</h2>
<p>Runs your client through discovery, registration, tokens, mTLS, an AIS consent with a sandbox PSU, accounts and balances${application.roles.includes('PIS') ? ', and a small payment' : ''}.</p>
<form method="post" action="/portal/apps/${application.id}/readiness" class="inline"><input type="hidden" name="csrf" value="${signed.session.csrf}">
<select name="bank" aria-label="Bank">${banks.map((bank) => html`<option value="${bank.tenantId}">${bank.name}</option>`)}</select> <button type="submit" id="run-readiness">Run the checks</button></form>
${report ? reportTable(report, application.id) : ''}</section>`;
}

function reportTable(report: ReadinessReport, applicationId: string): Markup {
  return html`<p id="readiness-verdict" class="${report.passed ? 'pass' : 'fail'}">${report.passed ? 'Ready' : 'Not ready'} at ${report.bank}, ${report.finishedAt}.
<a href="/portal/apps/${applicationId}/readiness/report.txt">Download the report</a> (<a href="/portal/apps/${applicationId}/readiness/report.json">JSON</a>)</p>
<table id="readiness-checks"><thead><tr><th>Check</th><th>Outcome</th><th>ms</th><th>Detail</th></tr></thead><tbody>
${report.checks.map((check) => html`<tr class="check" data-check="${check.id}"><td>${check.name}</td><td class="${check.outcome}">${check.outcome}</td><td>${check.durationMs}</td><td>${check.detail}</td></tr>`)}</tbody></table>`;
}

export async function insightRoutes(server: FastifyInstance, deps: PortalDeps): Promise<void> {
  const { applications } = deps;

  /** Runs the checks with the portal-held credentials; `onlyAis` for the quick start. */
  async function run(signed: Signed, applicationId: string, bank: string, onlyAis = false): Promise<ReadinessReport> {
    const credentials = await applications.credentials(signed.team.id, applicationId, 'The readiness checks');
    const urls = deps.urls();
    const caPem = deps.caPem();
    const banks = (await deps.banks()).map((candidate) => candidate.tenantId);
    const tenant = banks.includes(bank) ? bank : 'buffalo';
    const psu = deps.robotPsu(tenant);
    if (!caPem || !urls.public || !urls.publicTls || !psu) throw new Error('the readiness checks need the TLS listener and a sandbox PSU at the bank');
    const report = await deps.readiness({
      urls: { public: urls.public, publicTls: urls.publicTls }, caPem, bank: tenant, psu,
      client: { ...credentials.client, roles: onlyAis ? ['AIS'] : credentials.application.roles, qwac: credentials.certificates.qwac },
    });
    await deps.cache.set(reportKey(applicationId), JSON.stringify(report), REPORT_TTL_MS);
    return report;
  }

  async function lastReport(signed: Signed, applicationId: string): Promise<ReadinessReport | undefined> {
    await applications.get(signed.team.id, applicationId);
    const stored = await deps.cache.get(reportKey(applicationId));
    return stored ? (JSON.parse(stored) as ReadinessReport) : undefined;
  }

  const sendReport = (reply: FastifyReply, report: ReadinessReport | undefined, format: 'txt' | 'json') => {
    if (!report) return reply.status(404).type('text/plain').send('no report yet: run the checks first');
    return reply.headers({ 'content-type': format === 'json' ? 'application/json' : 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="readiness-${report.clientId.slice(0, 12)}.${format}"`, 'cache-control': 'no-store' })
      .send(format === 'json' ? reportAsJson(report) : reportAsText(report));
  };

  server.post<{ Params: { id: string } }>('/portal/apps/:id/readiness', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    try {
      await run(signed, request.params.id, text(request.body, 'bank'));
      return reply.redirect(`/portal/apps/${request.params.id}#readiness`, 303);
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Readiness checks', html`${errorBox(refused)}<p><a href="/portal/apps/${request.params.id}">Back to the application</a></p>`, signed, { status: refused.status });
    }
  });
  for (const format of ['txt', 'json'] as const) {
    server.get<{ Params: { id: string } }>(`/portal/apps/:id/readiness/report.${format}`, async (request, reply) => {
      const signed = await pageCaller(deps, request, reply);
      if (!signed) return reply;
      return sendReport(reply, await lastReport(signed, request.params.id), format);
    });
  }

  server.get('/portal/quickstart', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    const eligible = (await applications.list(signed.team.id)).filter((application) => application.keySource === 'portal' && application.roles.includes('AIS'));
    return page(reply, 'Quick start', html`<p>Runs the whole consent → account read journey with one of your applications, as your code would: a DPoP-bound token,
<code>POST /v1/consents</code> over mTLS, PAR with <code>scope=AIS:&lt;consentId&gt;</code>, the PSU's login, code and consent (a sandbox robot plays John Smith), the code exchange, then accounts and balances.</p>
${eligible.length ? html`<form method="post" action="/portal/quickstart" class="inline"><input type="hidden" name="csrf" value="${signed.session.csrf}">
<select name="applicationId" aria-label="Application">${eligible.map((application) => html`<option value="${application.id}">${application.name}</option>`)}</select> <button type="submit" id="run-quickstart">Run it</button></form>`
    : html`<p>Create an application with the AIS role and a QWAC first: <a href="/portal/apps/new">new application</a>.</p>`}`, signed);
  });
  server.post('/portal/quickstart', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    const applicationId = text(request.body, 'applicationId');
    try {
      const report = await run(signed, applicationId, 'buffalo', true);
      return page(reply, 'Quick start', reportTable(report, applicationId), signed);
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Quick start', errorBox(refused), signed, { status: refused.status });
    }
  });

  // API.
  server.post<{ Params: { id: string } }>('/portal/api/v1/apps/:id/readiness', async (request) => {
    const signed = await apiCaller(deps, request);
    return run(signed, request.params.id, String((request.body as Record<string, unknown> | undefined)?.bank ?? 'buffalo'));
  });
  server.get<{ Params: { id: string } }>('/portal/api/v1/apps/:id/readiness', async (request, reply) => {
    const signed = await apiCaller(deps, request);
    return sendReport(reply, await lastReport(signed, request.params.id), 'json');
  });
  server.get<{ Params: { id: string }; Querystring: { limit?: string; before?: string; status?: string } }>('/portal/api/v1/apps/:id/activity', async (request) => {
    const signed = await apiCaller(deps, request);
    const application = await applications.get(signed.team.id, request.params.id);
    if (!deps.activity) return { calls: [], summary: undefined, quota: undefined };
    const now = Date.now();
    const limit = request.query.limit === undefined ? 50 : Number(request.query.limit);
    const before = request.query.before === undefined ? undefined : Number(request.query.before);
    const status = request.query.status === 'ok' || request.query.status === 'error' ? request.query.status : undefined;
    const [calls, summary, quota] = await Promise.all([
      deps.activity.calls([application.clientId], { limit, ...(before !== undefined && { before }), ...(status && { status }) }),
      deps.activity.summary([application.clientId], now - DAY_MS), deps.activity.quota(application.clientId, deps.rateLimitPerMinute, now),
    ]);
    return { calls, summary, quota };
  });
  server.get<{ Params: { id: string } }>('/portal/api/v1/apps/:id/deliveries', async (request) => {
    const signed = await apiCaller(deps, request);
    const application = await applications.get(signed.team.id, request.params.id);
    return { deliveries: (await deps.deliveries?.(application.clientId, 100)) ?? [] };
  });
}
