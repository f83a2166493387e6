// SPDX-License-Identifier: Apache-2.0
// The portal's public pages: home, the API reference (Swagger UI over openapi/), the guides, and the static
// assets. Nothing here needs a session.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { BERLIN_GROUP_CONTRACT_PATH } from '../../../openapi/index.js';
import { sendHtmlPage } from '../../../platform/http/index.js';
import { page } from './account-routes.js';
import { signedIn, type PortalDeps } from './portal-context.js';
import { REFERENCE_CSP, html, layout } from './portal-html.js';

const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS = new URL('./assets/', import.meta.url);

/** Served files: name → [file, content type]; read once, on first use. */
const FILES: Record<string, [string, string]> = {
  'portal.css': [new URL('portal.css', ASSETS).pathname, 'text/css; charset=utf-8'],
  'keygen.js': [new URL('keygen.js', ASSETS).pathname, 'text/javascript; charset=utf-8'],
  'reference.js': [new URL('reference.js', ASSETS).pathname, 'text/javascript; charset=utf-8'],
  'swagger-ui-bundle.js': [join(SWAGGER_DIR, 'swagger-ui-bundle.js'), 'text/javascript; charset=utf-8'],
  'swagger-ui.css': [join(SWAGGER_DIR, 'swagger-ui.css'), 'text/css; charset=utf-8'],
};
const loaded = new Map<string, Buffer>();

/** The API contracts the reference shows: Lango's own, as served by its listeners. */
const CONTRACTS = { 'berlin-group': { title: 'Berlin Group NextGenPSD2 (XS2A) 1.3.12', path: BERLIN_GROUP_CONTRACT_PATH } } as const;

const GUIDES = html`
<section id="guide-onboarding"><h2>1. Your team and application</h2><ol>
<li>Sign up and confirm your e-mail address (in the sandbox the e-mail is in the <a href="/sandbox/outbox">notification outbox</a>).</li>
<li>On the dashboard, create an application with the roles you need: AIS (accounts), PIS (payments), PIIS (funds confirmation), PISP (Mojaloop third-party payments).
The portal signs a software statement for it with the sandbox directory and registers it at the authorisation server by dynamic client registration (RFC 7591).</li>
<li>Issue a QWAC (TLS client certificate) and, if you sign requests, a QSealC. Upload a CSR to keep your key to yourself, or let the sandbox CA generate one.</li>
<li>Download the starter kit and run <code>npm install && npm start</code>.</li></ol></section>
<section id="guide-ais"><h2>2. Reading accounts (AIS)</h2><ol>
<li>Get a client-credentials token with scope <code>accounts</code>: private_key_jwt client authentication, DPoP-bound (FAPI 2.0).</li>
<li><code>POST /v1/consents</code> on the TLS listener with your QWAC; the answer holds the <code>consentId</code>.</li>
<li>Push the authorisation request (PAR, PKCE S256) with <code>scope=AIS:&lt;consentId&gt;</code> and <code>bank=&lt;tenant&gt;</code>; send the PSU's browser to the authorisation endpoint.</li>
<li>The PSU signs in at the bank, types the one-time code and allows; exchange the code for a token.</li>
<li><code>GET /v1/accounts</code>, <code>/v1/accounts/{id}/balances</code>, <code>/transactions</code> with that token and <code>Consent-ID</code>.</li></ol></section>
<section id="guide-pis"><h2>3. Initiating payments (PIS)</h2><p><code>POST /v1/payments/{product}</code>, then the PSU authorises with <code>scope=PIS:&lt;paymentId&gt;</code>; follow <code>GET /v1/payments/{product}/{id}/status</code> or set <code>TPP-Notification-URI</code>.</p></section>
<section id="guide-sandbox"><h2>4. Sandbox data</h2><p>The <a href="/sandbox/manifest.json">sandbox manifest</a> lists banks, PSUs (passwords, one-time code), accounts and MSISDNs. Your team can add its own test PSUs under Sandbox data, and reset them.</p></section>
<section id="guide-demo"><h2>5. Reference apps</h2><p>The <a href="/demo/aggregator/">TPP aggregator</a> and the <a href="/demo/wallet/">Lion Mobile Wallet</a> use only the public APIs: read their code in <code>tpp-sandbox/demo-apps/</code>.</p></section>`;

export async function referenceRoutes(server: FastifyInstance, deps: PortalDeps): Promise<void> {
  server.get<{ Params: { name: string } }>('/portal/assets/:name', async (request, reply) => {
    const file = FILES[request.params.name];
    if (!file) return reply.status(404).type('text/plain').send('not found');
    let content = loaded.get(request.params.name);
    if (!content) loaded.set(request.params.name, (content = readFileSync(file[0])));
    return reply.headers({ 'content-type': file[1], 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' }).send(content);
  });

  server.get('/portal', async (_request, reply) => reply.redirect('/portal/', 301));
  server.get('/portal/', async (request, reply) => {
    const signed = await signedIn(deps, request);
    return page(reply, 'Build on the banks of the sandbox', html`
<p>Lango opens the accounts of banks, microfinance institutions and mobile money operators to fintechs through the Berlin Group NextGenPSD2 API,
on a FAPI 2.0 authorisation server, with Mojaloop payments between the banks.</p>
<ol><li><a href="/portal/signup">Sign up</a> and create your team's application.</li><li>Get test certificates and download the starter kit.</li>
<li>Run the <a href="/portal/quickstart">quick start</a>, or read the <a href="/portal/guides">guides</a> and the <a href="/portal/reference">API reference</a>.</li></ol>`, signed);
  });

  server.get('/portal/guides', async (request, reply) => page(reply, 'Guides', GUIDES, await signedIn(deps, request)));

  server.get<{ Querystring: { api?: string } }>('/portal/reference', async (request, reply) => {
    const name = (request.query.api ?? 'berlin-group') as keyof typeof CONTRACTS;
    const contract = CONTRACTS[name] ?? CONTRACTS['berlin-group'];
    const body = html`<p>${contract.title}: the contract Lango validates every request against.</p>
<link rel="stylesheet" href="/portal/assets/swagger-ui.css"><div id="reference" data-url="/portal/reference/${name in CONTRACTS ? name : 'berlin-group'}.yaml"></div>
<script src="/portal/assets/swagger-ui-bundle.js"></script><script src="/portal/assets/reference.js"></script>`;
    return sendHtmlPage(reply, layout({ title: 'API reference' }, body), { csp: REFERENCE_CSP, referrerPolicy: 'no-referrer' });
  });
  server.get<{ Params: { name: string } }>('/portal/reference/:name.yaml', async (request, reply) => {
    const contract = CONTRACTS[request.params.name as keyof typeof CONTRACTS];
    if (!contract) return reply.status(404).type('text/plain').send('no such contract');
    return reply.type('application/yaml; charset=utf-8').header('cache-control', 'public, max-age=300').send(readFileSync(contract.path));
  });
}
