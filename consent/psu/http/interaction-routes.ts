// SPDX-License-Identifier: Apache-2.0
// `/psu/interaction/:uid`: the pages of one authorisation, in this order (each POST answers 303 to the GET):
//   login   POST …/login    bank credentials            → sca
//   sca     POST …/verify   one-time code               → consent   (3rd wrong code: access_denied)
//           POST …/passkey/options → WebAuthn assertion options (JSON); POST …/passkey  assertion → consent
//   consent POST …/consent  Allow (accounts) | Deny     → back to the authorisation endpoint
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOperationsClient, organisationOf } from '../../provider/client-roles.js';
import { consentRequestOf } from '../consent-request.js';
import type { PsuDeps } from '../psu-deps.js';
import { submitLogin, submitOtp, type StepOutcome } from '../steps/authenticate.js';
import { authenticationOptions, submitPasskey } from '../steps/passkey.js';
import { ConsentNotAskable, acceptConsent, askConsent, offeredAccounts } from '../steps/decide-consent.js';
import { grantOperator } from '../steps/grant-operator.js';
import { submitOperatorLogin } from '../steps/operator-login.js';
import { denied, finishInteraction, loadInteraction, type LoadedInteraction } from './interaction-session.js';
import { renderInteraction } from './interaction-view.js';
import { field, fields, seeOther, sendJson } from './page-reply.js';

export async function interactionRoutes(server: FastifyInstance, deps: PsuDeps): Promise<void> {
  server.get('/psu/interaction/:uid', async (request, reply) => {
    const loaded = await loadInteraction(deps, request, reply);
    return loaded && renderInteraction(deps, reply, loaded);
  });

  server.post('/psu/interaction/:uid/login', async (request, reply) => {
    const loaded = await loadInteraction(deps, request, reply);
    if (!loaded) return undefined;
    const { flow, interaction, lang, base } = loaded;
    if (flow.stage !== 'login') return seeOther(reply, `${base}${lang.query}`);
    // The operations client signs in back-office operators: their own directory, no bank (steps/operator-login.ts).
    const client = await deps.provider().Client.find(String(interaction.params.client_id));
    if (isOperationsClient(client)) {
      const operatorForm = { username: field(request.body, 'username'), password: field(request.body, 'password') };
      const outcome = await submitOperatorLogin(deps.auth, flow, operatorForm, lang.messages);
      await deps.flows.save(loaded.key, flow);
      if (outcome.kind === 'locked') return finishInteraction(deps, request, reply, loaded, denied('too many failed logins'));
      if (outcome.kind === 'invalid') return renderInteraction(deps, reply, loaded, { errors: outcome.errors, username: operatorForm.username });
      return seeOther(reply, `${base}${lang.query}`);
    }
    // A bank named in the (pushed, hence client-authenticated) request wins over the form's field.
    const form = { bank: interaction.params.bank ?? field(request.body, 'bank'), username: field(request.body, 'username'), password: field(request.body, 'password') };
    // The client's organisation: a sandbox team's PSU logs in only for its own team's clients (issue 8).
    const outcome = await submitLogin(deps.auth, flow, form, lang.messages, { clientOrganisationId: organisationOf(client) });
    await deps.flows.save(loaded.key, flow);
    if (outcome.kind === 'locked') return finishInteraction(deps, request, reply, loaded, denied('too many failed logins'));
    if (outcome.kind === 'invalid') return renderInteraction(deps, reply, loaded, { errors: outcome.errors, username: form.username });
    return seeOther(reply, `${base}${lang.query}`);
  });

  /** After the one-time code or a passkey: on to the consent page, or the same page with the error. */
  async function afterSca(request: FastifyRequest, reply: FastifyReply, loaded: LoadedInteraction, outcome: StepOutcome): Promise<FastifyReply> {
    const { flow, lang, base } = loaded;
    if (outcome.kind === 'locked') return finishInteraction(deps, request, reply, loaded, denied('too many wrong one-time codes: strong customer authentication failed'));
    // An operator: first party, no consent page; the grant is given with the requested scopes.
    if (outcome.kind === 'next' && flow.operator) {
      const grantId = await grantOperator(deps.provider(), loaded.interaction, flow);
      return finishInteraction(deps, request, reply, loaded, { login: { accountId: flow.psuId!, amr: ['pwd', 'otp'] }, consent: { grantId } });
    }
    if (outcome.kind === 'next') {
      try {
        await askConsent(deps.consents, loaded.interaction, flow, deps.auth.now());
      } catch (error) {
        if (error instanceof ConsentNotAskable) return finishInteraction(deps, request, reply, loaded, denied(error.message));
        throw error;
      }
    }
    await deps.flows.save(loaded.key, flow);
    if (outcome.kind === 'invalid') return renderInteraction(deps, reply, loaded, { errors: outcome.errors });
    return seeOther(reply, `${base}${lang.query}`);
  }

  server.post('/psu/interaction/:uid/verify', async (request, reply) => {
    const loaded = await loadInteraction(deps, request, reply);
    if (!loaded) return undefined;
    const { flow, lang, base } = loaded;
    if (flow.stage !== 'sca') return seeOther(reply, `${base}${lang.query}`);
    const outcome = await submitOtp(deps.auth, flow, field(request.body, 'otp'), 'consent', lang.messages);
    if (outcome.kind === 'next') flow.scaMethod = 'otp';
    return afterSca(request, reply, loaded, outcome);
  });

  server.post('/psu/interaction/:uid/passkey/options', async (request, reply) => {
    const loaded = await loadInteraction(deps, request, reply);
    if (!loaded) return undefined;
    const options = await authenticationOptions(deps.passkeys, loaded.flow);
    if (!options) return sendJson(reply, { error: 'no_passkey' }, 404);
    await deps.flows.save(loaded.key, loaded.flow);
    return sendJson(reply, options);
  });

  server.post('/psu/interaction/:uid/passkey', async (request, reply) => {
    const loaded = await loadInteraction(deps, request, reply);
    if (!loaded) return undefined;
    const { flow, lang, base } = loaded;
    // Operators confirm with the one-time code only.
    if (flow.stage !== 'sca' || flow.operator) return seeOther(reply, `${base}${lang.query}`);
    return afterSca(request, reply, loaded, await submitPasskey(deps.passkeys, flow, field(request.body, 'credential'), 'consent', lang.messages));
  });

  server.post('/psu/interaction/:uid/consent', async (request, reply) => {
    const loaded = await loadInteraction(deps, request, reply);
    if (!loaded) return undefined;
    const { flow, lang, base } = loaded;
    if (flow.stage !== 'consent' || !flow.consentId || flow.operator) return seeOther(reply, `${base}${lang.query}`);
    if (field(request.body, 'decision') !== 'accept') {
      await deps.consents.reject(flow.consentId);
      return finishInteraction(deps, request, reply, loaded, denied('the PSU denied the request'));
    }
    const chosen = [...new Set(fields(request.body, 'account'))];
    const accounts = (await offeredAccounts(deps.auth.directory, deps.consents, flow)).filter((account) => chosen.includes(account.id));
    if (accounts.length === 0 || accounts.length !== chosen.length) {
      return renderInteraction(deps, reply, loaded, { errors: [{ field: 'accounts', message: lang.messages.accountRequired }], checked: chosen });
    }
    const grantId = await acceptConsent(deps.provider(), deps.consents, consentRequestOf(loaded.interaction.params, deps.auth.now()), flow, accounts);
    // RFC 8176 amr: a password and a one-time code or a key held by the PSU (a passkey), the two elements of SCA.
    const amr = ['pwd', flow.scaMethod === 'passkey' ? 'hwk' : 'otp'];
    return finishInteraction(deps, request, reply, loaded, { login: { accountId: flow.psuId!, amr }, consent: { grantId } });
  });
}
