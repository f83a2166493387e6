// SPDX-License-Identifier: Apache-2.0
// A team's applications: the dashboard, registration (keys made by the portal, in the browser, or uploaded), test
// certificates, the starter kit, consents, production requests; pages under /portal and JSON under /portal/api/v1.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PSD2_ROLES } from '../../../platform/crypto/index.js';
import { APP_ROLES, PSD2_ROLE_OF, organisationIdentifierOf, type Application, type StoredCertificate } from '../applications/index.js';
import { buildStarterKit } from '../starter-kit/starter-kit.js';
import { page } from './account-routes.js';
import { activitySection, readinessSection } from './insight-routes.js';
import { apiCaller, formCaller, list, pageCaller, shown, text, type Form, type PortalDeps, type ShownError, type Signed } from './portal-context.js';
import { errorBox, html, when, type Markup } from './portal-html.js';

const csrfField = (signed: Signed) => html`<input type="hidden" name="csrf" value="${signed.session.csrf}">`;

/** The public view of a certificate (the private key stays out of every answer but the starter kit). */
const certificateView = (certificate: StoredCertificate) => ({
  id: certificate.id, kind: certificate.kind, serialNumber: certificate.serialNumberHex, roles: certificate.roles, notAfter: new Date(certificate.notAfter).toISOString(),
  keyHeldByPortal: certificate.privateKeyPem !== undefined, certificatePem: certificate.certificatePem,
});

const applicationView = (application: Application, issuer: string) => ({
  id: application.id, name: application.name, roles: application.roles, redirectUris: application.redirectUris, clientId: application.clientId,
  keySource: application.keySource, jwks: application.jwks, softwareStatement: application.softwareStatement, organisationIdentifier: organisationIdentifierOf(application.organisationId),
  issuer, createdAt: new Date(application.createdAt).toISOString(),
});

export async function applicationRoutes(server: FastifyInstance, deps: PortalDeps): Promise<void> {
  const { applications } = deps;
  const issuer = () => `${deps.urls().public ?? deps.urls().publicTls}/oauth`;

  async function starterKitOf(signed: Signed, applicationId: string, bank: string) {
    const credentials = await applications.credentials(signed.team.id, applicationId, 'The starter kit');
    const caPem = deps.caPem();
    const urls = deps.urls();
    if (!caPem || !urls.public || !urls.publicTls) throw new Error('the starter kit needs the TLS listener');
    const banks = await deps.banks();
    const tenant = banks.some((candidate) => candidate.tenantId === bank) ? bank : banks[0]?.tenantId ?? 'buffalo';
    return { application: credentials.application, kit: buildStarterKit({ ...credentials, caPem, urls: { public: urls.public, publicTls: urls.publicTls }, bank: tenant, psuHint: 'john.smith' }) };
  }

  function sendKit(reply: FastifyReply, application: Application, zip: Uint8Array) {
    const name = `lango-starter-kit-${application.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'app'}.zip`;
    return reply.headers({ 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' }).send(Buffer.from(zip));
  }

  // Pages.
  server.get('/portal/dashboard', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    const apps = await applications.list(signed.team.id);
    const switcher = signed.teams.length > 1 && html`<form method="post" action="/portal/team/switch" class="inline">${csrfField(signed)}<select name="teamId" aria-label="Team">
${signed.teams.map((team) => html`<option value="${team.id}"${team.id === signed.team.id ? html` selected` : ''}>${team.name}</option>`)}</select> <button type="submit">Switch team</button></form>`;
    return page(reply, 'Dashboard', html`<p>Team <strong id="team-name">${signed.team.name}</strong> (you are ${signed.team.role}). ${switcher}</p>
<h2>Applications</h2>
${apps.length ? html`<table id="applications"><thead><tr><th>Name</th><th>Roles</th><th>Client id</th><th>Created</th></tr></thead><tbody>
${apps.map((app) => html`<tr><td><a href="/portal/apps/${app.id}">${app.name}</a></td><td>${app.roles.join(', ')}</td><td><code>${app.clientId}</code></td><td>${when(app.createdAt)}</td></tr>`)}</tbody></table>`
    : html`<p>No application yet.</p>`}
<p><a class="button" href="/portal/apps/new" id="new-app">Create an application</a></p>`, signed);
  });

  const newAppForm = (signed: Signed, values: Form = {}, error?: ShownError) => {
    const chosen = list(values, 'roles');
    return html`${errorBox(error)}
<form method="post" action="/portal/apps" class="stack" id="new-app-form">${csrfField(signed)}
  <label>Name <input name="name" id="app-name" required maxlength="100" value="${text(values, 'name')}"></label>
  <fieldset><legend>Roles</legend>${APP_ROLES.map((role) => html`<label class="check"><input type="checkbox" name="roles" value="${role}" id="role-${role}"${chosen.includes(role) ? html` checked` : ''}> ${role}</label>`)}
    <label class="check"><input type="checkbox" name="roles" value="MM" id="role-MM"${chosen.includes('MM') ? html` checked` : ''}> Mobile money (GSMA)</label></fieldset>
  <label>Redirect URIs, one per line <textarea name="redirectUris" id="redirect-uris" rows="2" required>${text(values, 'redirectUris') || 'https://my-app.example.com/callback'}</textarea></label>
  <fieldset><legend>Keys</legend>
    <label class="check"><input type="radio" name="keys" value="portal" id="keys-portal"${text(values, 'keys') !== 'uploaded' ? html` checked` : ''}> Let the portal generate them (they come in your starter kit)</label>
    <label class="check"><input type="radio" name="keys" value="uploaded" id="keys-uploaded"${text(values, 'keys') === 'uploaded' ? html` checked` : ''}> Use my own public keys (JWKS)</label>
    <label>Public JWKS <textarea name="jwks" id="jwks" rows="4" placeholder='{"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…"}]}'>${text(values, 'jwks')}</textarea></label>
    <p><button type="button" id="browser-keygen">Generate a key pair in my browser</button> <a id="private-key-download" hidden download="client-private.jwk.json">Download the private key</a></p>
    <p class="hint">The browser keeps the private key: download it, the portal never sees it.</p>
  </fieldset>
  <button type="submit" id="create-app">Register the application</button>
</form><script src="/portal/assets/keygen.js"></script>`;
  };

  server.get('/portal/apps/new', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    return page(reply, 'New application', newAppForm(signed), signed);
  });
  server.post('/portal/apps', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    const form = request.body as Form;
    try {
      const application = await applications.create(signed.team, signed.developerId, {
        name: text(form, 'name'), roles: list(form, 'roles'), redirectUris: text(form, 'redirectUris'),
        ...(text(form, 'keys') === 'uploaded' && { jwks: text(form, 'jwks') || '{}' }),
      });
      return reply.redirect(`/portal/apps/${application.id}?created=1`, 303);
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'New application', newAppForm(signed, form, refused), signed, { status: refused.status });
    }
  });

  async function applicationBody(signed: Signed, application: Application, certificateError?: ShownError, productionError?: ShownError): Promise<Markup> {
    const [certificates, consents, production, banks] = await Promise.all([
      applications.certificates(signed.team.id, application.id), deps.consents([application.clientId], 20),
      applications.productionRequests(signed.team.id, application.id), deps.banks(),
    ]);
    const allowed = [...new Set(application.roles.map((role) => PSD2_ROLE_OF[role]))];
    const kitReady = application.keySource === 'portal' && certificates.some((certificate) => certificate.kind === 'qwac' && certificate.privateKeyPem);
    return html`<section id="registration"><h2>Registration</h2><dl>
<dt>Client id</dt><dd><code id="client-id">${application.clientId}</code></dd>
<dt>Roles</dt><dd id="app-roles">${application.roles.join(', ')}</dd>
<dt>Organisation identifier</dt><dd><code>${organisationIdentifierOf(application.organisationId)}</code></dd>
<dt>Authorisation server</dt><dd><code>${issuer()}</code></dd>
<dt>Redirect URIs</dt><dd>${application.redirectUris.map((uri) => html`<code>${uri}</code> `)}</dd>
<dt>Keys</dt><dd>${application.keySource === 'portal' ? 'generated by the portal (in your starter kit)' : 'your own (uploaded JWKS)'}</dd></dl>
<details><summary>Software statement (signed by the sandbox directory)</summary><pre class="wrap" id="software-statement">${application.softwareStatement}</pre></details></section>
<section id="certificates"><h2>Test certificates</h2>
${certificates.length ? html`<table><thead><tr><th>Kind</th><th>Roles</th><th>Serial</th><th>Valid until</th><th></th></tr></thead><tbody>
${certificates.map((certificate) => html`<tr class="certificate"><td>${certificate.kind.toUpperCase()}</td><td>${certificate.roles.join(', ')}</td><td><code>${certificate.serialNumberHex}</code></td><td>${when(certificate.notAfter)}</td>
<td><a href="/portal/apps/${application.id}/certificates/${certificate.id}.pem">PEM</a></td></tr>`)}</tbody></table>` : html`<p>No certificate yet.</p>`}
${errorBox(certificateError)}
<form method="post" action="/portal/apps/${application.id}/certificates" class="stack" id="certificate-form">${csrfField(signed)}
  <label>Kind <select name="kind" id="certificate-kind"><option value="qwac">QWAC (TLS client certificate)</option><option value="qseal">QSealC (request signatures)</option></select></label>
  <fieldset><legend>PSD2 roles</legend>${PSD2_ROLES.map((role) => html`<label class="check"><input type="checkbox" name="roles" value="${role}" id="psd2-${role}"${allowed.includes(role) ? html` checked` : ''}> ${role}</label>`)}</fieldset>
  <label>CSR (PEM; leave empty to let the sandbox CA generate the key) <textarea name="csr" id="csr" rows="4"></textarea></label>
  <button type="submit" id="issue-certificate">Issue certificate</button>
</form></section>
<section id="starter-kit"><h2>Starter kit</h2>
${kitReady ? html`<form method="get" action="/portal/apps/${application.id}/starter-kit.zip" class="inline"><select name="bank" aria-label="Bank">${banks.map((bank) => html`<option value="${bank.tenantId}">${bank.name}</option>`)}</select>
<button type="submit" id="download-kit">Download the starter kit</button></form><p class="hint">Keys, certificates, configuration and a runnable TypeScript example (openid-client) of the consent flow and balances.</p>`
    : html`<p>${application.keySource === 'portal' ? 'Issue a QWAC with a generated key first.' : 'The starter kit needs keys the portal holds; with your own keys, use the API reference and the guides.'}</p>`}</section>
<section id="consents"><h2>Consents</h2>
${consents.length ? html`<table><thead><tr><th>Consent</th><th>Bank</th><th>Status</th><th>PSU</th><th>Created</th></tr></thead><tbody>
${consents.map((consent) => html`<tr><td><code>${consent.id}</code></td><td>${consent.tenantId}</td><td>${consent.status}</td><td>${consent.psuId ?? ''}</td><td>${when(consent.createdAt)}</td></tr>`)}</tbody></table>` : html`<p>No consent yet.</p>`}</section>
${await activitySection(deps, application)}
<section id="limits"><h2>Rate limit</h2><p>${deps.rateLimitPerMinute} Berlin Group calls per minute per certificate; more get 429 ACCESS_EXCEEDED.</p></section>
${kitReady ? await readinessSection(deps, signed, application) : ''}
<section id="production"><h2>Production access</h2>
${production.length ? html`<table><thead><tr><th>Bank</th><th>Status</th><th>Asked</th><th>Decision</th></tr></thead><tbody>
${production.map((request) => html`<tr><td>${request.tenantId}</td><td class="production-status">${request.status}</td><td>${when(request.requestedAt)}</td><td>${request.decisionReason ?? ''}</td></tr>`)}</tbody></table>` : ''}
${errorBox(productionError)}
<form method="post" action="/portal/apps/${application.id}/production" class="inline" id="production-form">${csrfField(signed)}
<select name="tenantId" aria-label="Bank">${banks.map((bank) => html`<option value="${bank.tenantId}">${bank.name}</option>`)}</select>
<input name="note" maxlength="1000" placeholder="What the application does" aria-label="Note"> <button type="submit" id="request-production">Ask the bank for production access</button></form></section>`;
  }

  async function showApplication(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, signed: Signed, options: { certificateError?: ShownError; productionError?: ShownError; notice?: string } = {}) {
    const application = await applications.get(signed.team.id, request.params.id);
    const status = options.certificateError?.status ?? options.productionError?.status ?? 200;
    return page(reply, application.name, await applicationBody(signed, application, options.certificateError, options.productionError), signed, { status, ...(options.notice && { notice: options.notice }) });
  }

  server.get<{ Params: { id: string }; Querystring: { created?: string } }>('/portal/apps/:id', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    try {
      return await showApplication(request, reply, signed, request.query.created ? { notice: 'Application registered at the authorisation server.' } : {});
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Application', errorBox(refused), signed, { status: refused.status });
    }
  });
  server.post<{ Params: { id: string } }>('/portal/apps/:id/certificates', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    const form = request.body as Form;
    try {
      const certificate = await applications.issueCertificate(signed.team, request.params.id, { kind: text(form, 'kind'), roles: list(form, 'roles'), csrPem: text(form, 'csr') });
      return await showApplication(request, reply, signed, { notice: `${certificate.kind.toUpperCase()} issued, serial ${certificate.serialNumberHex}.` });
    } catch (error) {
      return showApplication(request, reply, signed, { certificateError: shown(error) });
    }
  });
  server.get<{ Params: { id: string; certificateId: string } }>('/portal/apps/:id/certificates/:certificateId.pem', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    const certificate = (await applications.certificates(signed.team.id, request.params.id)).find((candidate) => candidate.id === request.params.certificateId);
    if (!certificate) return reply.status(404).type('text/plain').send('no such certificate');
    return reply.type('application/x-pem-file').header('content-disposition', `attachment; filename="${certificate.kind}-${certificate.serialNumberHex}.pem"`).send(certificate.certificatePem);
  });
  server.get<{ Params: { id: string }; Querystring: { bank?: string } }>('/portal/apps/:id/starter-kit.zip', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    try {
      const { application, kit } = await starterKitOf(signed, request.params.id, request.query.bank ?? '');
      return sendKit(reply, application, kit.zip());
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Starter kit', errorBox(refused), signed, { status: refused.status });
    }
  });
  server.post<{ Params: { id: string } }>('/portal/apps/:id/production', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    const banks = (await deps.banks()).map((bank) => bank.tenantId);
    try {
      await applications.requestProduction(signed.team, request.params.id, signed.developerId, { tenantId: text(request.body, 'tenantId'), note: text(request.body, 'note') }, banks);
      return await showApplication(request, reply, signed, { notice: 'Request sent: the bank\'s operators review it.' });
    } catch (error) {
      return showApplication(request, reply, signed, { productionError: shown(error) });
    }
  });

  // API.
  server.get('/portal/api/v1/apps', async (request) => {
    const signed = await apiCaller(deps, request);
    return { applications: (await applications.list(signed.team.id)).map((application) => applicationView(application, issuer())) };
  });
  server.post('/portal/api/v1/apps', async (request, reply) => {
    const signed = await apiCaller(deps, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const application = await applications.create(signed.team, signed.developerId, { name: body.name, roles: body.roles, redirectUris: body.redirectUris, ...(body.jwks !== undefined && { jwks: body.jwks }) });
    return reply.status(201).send(applicationView(application, issuer()));
  });
  server.get<{ Params: { id: string } }>('/portal/api/v1/apps/:id', async (request) => {
    const signed = await apiCaller(deps, request);
    return applicationView(await applications.get(signed.team.id, request.params.id), issuer());
  });
  server.get<{ Params: { id: string } }>('/portal/api/v1/apps/:id/certificates', async (request) => {
    const signed = await apiCaller(deps, request);
    return { certificates: (await applications.certificates(signed.team.id, request.params.id)).map(certificateView) };
  });
  server.post<{ Params: { id: string } }>('/portal/api/v1/apps/:id/certificates', async (request, reply) => {
    const signed = await apiCaller(deps, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const certificate = await applications.issueCertificate(signed.team, request.params.id, { kind: body.kind, roles: body.roles, csrPem: body.csr });
    return reply.status(201).send(certificateView(certificate));
  });
  server.get<{ Params: { id: string }; Querystring: { bank?: string } }>('/portal/api/v1/apps/:id/starter-kit', async (request, reply) => {
    const signed = await apiCaller(deps, request);
    const { application, kit } = await starterKitOf(signed, request.params.id, request.query.bank ?? '');
    return sendKit(reply, application, kit.zip());
  });
  server.get<{ Params: { id: string } }>('/portal/api/v1/apps/:id/consents', async (request) => {
    const signed = await apiCaller(deps, request);
    const application = await applications.get(signed.team.id, request.params.id);
    return { consents: await deps.consents([application.clientId], 100) };
  });
  server.get<{ Params: { id: string } }>('/portal/api/v1/apps/:id/production', async (request) => {
    const signed = await apiCaller(deps, request);
    return { requests: await applications.productionRequests(signed.team.id, request.params.id) };
  });
  server.post<{ Params: { id: string } }>('/portal/api/v1/apps/:id/production', async (request, reply) => {
    const signed = await apiCaller(deps, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const banks = (await deps.banks()).map((bank) => bank.tenantId);
    return reply.status(201).send(await applications.requestProduction(signed.team, request.params.id, signed.developerId, { tenantId: body.tenantId, note: body.note }, banks));
  });
}
