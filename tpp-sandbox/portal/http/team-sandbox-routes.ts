// SPDX-License-Identifier: Apache-2.0
// A team's own sandbox data: test PSUs with an account at a sandbox bank (only the team's applications can log
// them in), and "reset my sandbox": the team's accounts back to their opening balances, its applications' open
// consents ended. Nothing of another team, nor the shared PSUs of the manifest, is touched.
import type { FastifyInstance } from 'fastify';
import { organisationIdentifierOf } from '../applications/index.js';
import type { CreatedTeamPsu } from '../team-sandbox/index.js';
import { page } from './account-routes.js';
import { apiCaller, formCaller, pageCaller, shown, text, type Form, type PortalDeps, type ShownError, type Signed } from './portal-context.js';
import { errorBox, html, type Markup } from './portal-html.js';

const OPEN_STATUSES = new Set(['received', 'valid']);

export async function teamSandboxRoutes(server: FastifyInstance, deps: PortalDeps): Promise<void> {
  const { teamSandbox, applications } = deps;
  const ownerOf = (signed: Signed) => organisationIdentifierOf(signed.team.id);

  /** Restores the team's accounts and ends its applications' open consents. */
  async function reset(signed: Signed) {
    const restored = await teamSandbox.reset(ownerOf(signed));
    const clientIds = await applications.clientIds(signed.team.id);
    const open = (await deps.consents(clientIds, 1000)).filter((consent) => OPEN_STATUSES.has(consent.status));
    for (const consent of open) await deps.terminateConsent(consent.id, consent.clientId);
    return { restoredAccounts: restored.restored, terminatedConsents: open.map((consent) => consent.id) };
  }

  async function body(signed: Signed, options: { error?: ShownError; created?: CreatedTeamPsu; values?: Form } = {}): Promise<Markup> {
    const [psus, banks] = await Promise.all([teamSandbox.listPsus(ownerOf(signed), { balances: true }), deps.banks()]);
    const values = options.values ?? {};
    return html`<p>Test PSUs of team <strong>${signed.team.name}</strong>: only your team's applications can log them in; they are not in the public manifest.
The shared PSUs (John Smith and the others) are in the <a href="/sandbox/manifest.json">sandbox manifest</a>. Every PSU's one-time code is the sandbox's.</p>
${options.created ? html`<p class="notice" id="created-psu">Created <strong>${options.created.psu.username}</strong> at ${options.created.psu.bankName}. Password (shown once): <code id="created-password">${options.created.password}</code></p>` : ''}
<table id="team-psus"><thead><tr><th>PSU</th><th>Bank</th><th>Account</th><th>Opening</th><th>Balance</th></tr></thead><tbody>
${psus.flatMap((psu) => psu.accounts.map((account) => html`<tr class="team-psu"><td>${psu.fullName}<br><code>${psu.username}</code></td><td>${psu.bankName}</td><td>${account.name} <code>${account.number}</code></td><td>${account.openingBalance} ${account.currency}</td><td class="balance">${account.balance ?? ''}</td></tr>`))}
</tbody></table>
<h2>New test PSU</h2>${errorBox(options.error)}
<form method="post" action="/portal/sandbox/psus" class="stack"><input type="hidden" name="csrf" value="${signed.session.csrf}">
  <label>Bank <select name="tenantId" id="psu-bank">${banks.map((bank) => html`<option value="${bank.tenantId}"${text(values, 'tenantId') === bank.tenantId ? html` selected` : ''}>${bank.name}</option>`)}</select></label>
  <label>Username <input name="username" id="psu-username" required value="${text(values, 'username')}"></label>
  <label>Full name <input name="fullName" id="psu-full-name" required value="${text(values, 'fullName')}"></label>
  <label>Opening balance <input name="openingBalance" id="psu-opening-balance" required inputmode="decimal" value="${text(values, 'openingBalance') || '100000.00'}"></label>
  <button type="submit" id="create-psu">Create the PSU</button></form>
<h2>Reset</h2><form method="post" action="/portal/sandbox/reset"><input type="hidden" name="csrf" value="${signed.session.csrf}">
<p>Puts your team's accounts back to their opening balances with an empty history, and ends your applications' open consents. Other teams are not touched.</p>
<button type="submit" id="reset-sandbox">Reset my sandbox</button></form>`;
  }

  server.get('/portal/sandbox', async (request, reply) => {
    const signed = await pageCaller(deps, request, reply);
    if (!signed) return reply;
    return page(reply, 'Sandbox data', await body(signed), signed);
  });
  server.post('/portal/sandbox/psus', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    const form = request.body as Form;
    try {
      const created = await teamSandbox.createPsu(ownerOf(signed), { tenantId: text(form, 'tenantId'), username: text(form, 'username'), fullName: text(form, 'fullName'), openingBalance: text(form, 'openingBalance') });
      return page(reply, 'Sandbox data', await body(signed, { created }), signed);
    } catch (error) {
      const refused = shown(error);
      return page(reply, 'Sandbox data', await body(signed, { error: refused, values: form }), signed, { status: refused.status });
    }
  });
  server.post('/portal/sandbox/reset', async (request, reply) => {
    const signed = await formCaller(deps, request, reply);
    if (!signed) return reply;
    const outcome = await reset(signed);
    return page(reply, 'Sandbox data', await body(signed), signed, { notice: `Reset: ${outcome.restoredAccounts.length} accounts restored, ${outcome.terminatedConsents.length} consents ended.` });
  });

  server.get('/portal/api/v1/sandbox/psus', async (request) => {
    const signed = await apiCaller(deps, request);
    return { psus: await teamSandbox.listPsus(ownerOf(signed), { balances: true }) };
  });
  server.post('/portal/api/v1/sandbox/psus', async (request, reply) => {
    const signed = await apiCaller(deps, request);
    const input = (request.body ?? {}) as Record<string, unknown>;
    const created = await teamSandbox.createPsu(ownerOf(signed), {
      tenantId: String(input.tenantId ?? ''), username: String(input.username ?? ''), fullName: String(input.fullName ?? ''), openingBalance: String(input.openingBalance ?? ''),
    });
    return reply.status(201).send(created);
  });
  server.post('/portal/api/v1/sandbox/reset', async (request) => reset(await apiCaller(deps, request)));
}
