// SPDX-License-Identifier: Apache-2.0
// `/psu/interaction/:uid`: the pages of one authorisation, in this order (each POST answers 303 to the GET):
//   login   POST …/login    bank credentials            → sca
//   sca     POST …/verify   one-time code               → consent   (3rd wrong code: access_denied)
//   consent POST …/consent  Allow (accounts) | Deny     → back to the authorisation endpoint
import type { FastifyInstance } from 'fastify';
import { consentRequestOf } from '../consent-request.js';
import type { PsuDeps } from '../psu-deps.js';
import { submitLogin, submitOtp } from '../steps/authenticate.js';
import { ConsentNotAskable, acceptConsent, askConsent } from '../steps/decide-consent.js';
import { denied, finishInteraction, loadInteraction } from './interaction-session.js';
import { renderInteraction } from './interaction-view.js';
import { field, fields, seeOther } from './page-reply.js';

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
    // A bank named in the (pushed, hence client-authenticated) request wins over the form's field.
    const form = { bank: interaction.params.bank ?? field(request.body, 'bank'), username: field(request.body, 'username'), password: field(request.body, 'password') };
    const outcome = await submitLogin(deps.auth, flow, form, lang.messages);
    await deps.flows.save(loaded.key, flow);
    if (outcome.kind === 'locked') return finishInteraction(deps, request, reply, loaded, denied('too many failed logins'));
    if (outcome.kind === 'invalid') return renderInteraction(deps, reply, loaded, { errors: outcome.errors, username: form.username });
    return seeOther(reply, `${base}${lang.query}`);
  });

  server.post('/psu/interaction/:uid/verify', async (request, reply) => {
    const loaded = await loadInteraction(deps, request, reply);
    if (!loaded) return undefined;
    const { flow, lang, base } = loaded;
    if (flow.stage !== 'sca') return seeOther(reply, `${base}${lang.query}`);
    const outcome = await submitOtp(deps.auth, flow, field(request.body, 'otp'), 'consent', lang.messages);
    if (outcome.kind === 'locked') return finishInteraction(deps, request, reply, loaded, denied('too many wrong one-time codes: strong customer authentication failed'));
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
  });

  server.post('/psu/interaction/:uid/consent', async (request, reply) => {
    const loaded = await loadInteraction(deps, request, reply);
    if (!loaded) return undefined;
    const { flow, lang, base } = loaded;
    if (flow.stage !== 'consent' || !flow.consentId) return seeOther(reply, `${base}${lang.query}`);
    if (field(request.body, 'decision') !== 'accept') {
      await deps.consents.reject(flow.consentId);
      return finishInteraction(deps, request, reply, loaded, denied('the PSU denied the request'));
    }
    const chosen = [...new Set(fields(request.body, 'account'))];
    const accounts = (await deps.auth.directory.accounts(flow.psuId!)).filter((account) => chosen.includes(account.id));
    if (accounts.length === 0 || accounts.length !== chosen.length) {
      return renderInteraction(deps, reply, loaded, { errors: [{ field: 'accounts', message: lang.messages.accountRequired }], checked: chosen });
    }
    const grantId = await acceptConsent(deps.provider(), deps.consents, consentRequestOf(loaded.interaction.params, deps.auth.now()), flow, accounts);
    // RFC 8176 amr: a password and a one-time code, the two elements of SCA.
    return finishInteraction(deps, request, reply, loaded, { login: { accountId: flow.psuId!, amr: ['pwd', 'otp'] }, consent: { grantId } });
  });
}
