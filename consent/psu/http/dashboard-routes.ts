// SPDX-License-Identifier: Apache-2.0
// `/psu/consents`: the PSU's consent dashboard. The PSU signs in as for an authorisation (bank credentials,
// then a one-time code), sees every consent given at that bank, and withdraws any active one at once:
// the consent becomes revokedByPsu and its grant and tokens are deleted, so the next introspection says inactive.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LangoError } from '../../../platform/errors/index.js';
import { displayNameOf, organisationOf } from '../../provider/client-roles.js';
import { revokeGrant } from '../../provider/revoke-grant.js';
import { errorPage } from '../pages/error-page.js';
import type { PsuDeps } from '../psu-deps.js';
import { sameToken } from '../psu-flow.js';
import { sendCode, submitLogin, submitOtp, type StepOutcome } from '../steps/authenticate.js';
import { approveConsent } from '../steps/decide-consent.js';
import type { Consent } from '../../consents/consent.js';
import { authenticationOptions, registrationOptions, submitPasskey, submitRegistration } from '../steps/passkey.js';
import { DASHBOARD_PATH as PATH, approvable, renderDashboard, type DashboardSession } from './dashboard-view.js';
import { cookieOf, field, pageLanguage, seeOther, sendJson, sendPage, setCookie } from './page-reply.js';

const COOKIE = 'lango_psu';

export async function dashboardRoutes(server: FastifyInstance, deps: PsuDeps, sessionTtlSeconds: number): Promise<void> {
  /** The dashboard session of this browser; a new one on a GET without; a POST without one or with a bad CSRF token is answered here. */
  async function session(request: FastifyRequest, reply: FastifyReply): Promise<DashboardSession | undefined> {
    const lang = pageLanguage(request);
    const sid = cookieOf(request, COOKIE);
    const existing = sid ? await deps.flows.get(`dashboard:${sid}`) : undefined;
    if (existing && request.method === 'POST' && !sameToken(field(request.body, 'csrf'), existing.csrf)) {
      sendPage(reply, errorPage({ messages: lang.messages, switchLanguageHref: lang.switchHref, text: lang.messages.pageExpired }), 403);
      return undefined;
    }
    if (existing) return { key: `dashboard:${sid}`, flow: existing, lang };
    if (request.method === 'POST') {
      seeOther(reply, `${PATH}${lang.query}`);
      return undefined;
    }
    const fresh = randomBytes(24).toString('base64url');
    setCookie(request, reply, COOKIE, fresh, PATH, sessionTtlSeconds);
    return { key: `dashboard:${fresh}`, flow: await deps.flows.start(`dashboard:${fresh}`), lang };
  }

  async function afterStep(request: FastifyRequest, reply: FastifyReply, current: DashboardSession, outcome: StepOutcome, username?: string): Promise<FastifyReply> {
    if (outcome.kind === 'locked') {
      await deps.flows.end(current.key);
      return sendPage(reply, errorPage({ messages: current.lang.messages, switchLanguageHref: current.lang.switchHref, text: current.lang.messages.otpLocked }), 403);
    }
    if (current.flow.stage === 'signed-in') {
      // Signed in: a new session id and CSRF token, so an id planted before sign-in is worth nothing (session fixation).
      await deps.flows.end(current.key);
      const sid = randomBytes(24).toString('base64url');
      current.key = `dashboard:${sid}`;
      current.flow.csrf = randomBytes(32).toString('base64url');
      setCookie(request, reply, COOKIE, sid, PATH, sessionTtlSeconds);
    }
    await deps.flows.save(current.key, current.flow);
    if (outcome.kind === 'invalid') return renderDashboard(deps, reply, current, { errors: outcome.errors, username });
    return seeOther(reply, `${PATH}${current.lang.query}`);
  }

  server.get(PATH, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    // The redirect approach: a TPP sent the PSU here to approve one consent (or payment); shown once signed in.
    const hint = (request.query as { approve?: unknown }).approve;
    if (typeof hint === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(hint) && hint !== current.flow.approveHint) {
      current.flow.approveHint = hint;
      await deps.flows.save(current.key, current.flow);
    }
    const { notice } = current.flow;
    if (notice) {
      // A notice is shown once.
      delete current.flow.notice;
      await deps.flows.save(current.key, current.flow);
    }
    return renderDashboard(deps, reply, current, { errors: [], notice });
  });

  server.post(`${PATH}/login`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    if (current.flow.stage !== 'login') return seeOther(reply, `${PATH}${current.lang.query}`);
    const form = { bank: field(request.body, 'bank'), username: field(request.body, 'username'), password: field(request.body, 'password') };
    // No client here: the organisation is the one of the consent the redirect approach named (`?approve=`), if any,
    // so a sandbox team's PSU signs in only to approve its own team's consents (issue 8).
    const hinted = current.flow.approveHint ? await deps.consents.get(current.flow.approveHint) : undefined;
    const clientOrganisationId = hinted ? organisationOf(await deps.provider().Client.find(hinted.clientId)) : undefined;
    return afterStep(request, reply, current, await submitLogin(deps.auth, current.flow, form, current.lang.messages, { clientOrganisationId }), form.username);
  });

  server.post(`${PATH}/verify`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    if (current.flow.stage !== 'sca') return seeOther(reply, `${PATH}${current.lang.query}`);
    return afterStep(request, reply, current, await submitOtp(deps.auth, current.flow, field(request.body, 'otp'), 'signed-in', current.lang.messages));
  });

  server.post(`${PATH}/revoke`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    const { flow, lang } = current;
    const consentId = field(request.body, 'consent');
    if (flow.stage !== 'signed-in' || !consentId) return seeOther(reply, `${PATH}${lang.query}`);
    try {
      const consent = await deps.consents.revokeByPsu(consentId, flow.psuId!);
      if (consent.grantId) await revokeGrant(deps.provider(), consent.grantId);
      flow.notice = lang.messages.withdrawn(displayNameOf(await deps.provider().Client.find(consent.clientId)) || consent.clientId);
      await deps.flows.save(current.key, flow);
      deps.logger.info({ consentId, clientId: consent.clientId, grantId: consent.grantId }, 'consent withdrawn by the PSU');
    } catch (error) {
      // Someone else's, unknown, or no longer valid: nothing to withdraw; the list shows the truth.
      if (!(error instanceof LangoError)) throw error;
    }
    return seeOther(reply, `${PATH}${lang.query}`);
  });

  /** Where the PSU's browser goes after a decision: the TPP's redirect URI of the consent, or back to the list. */
  const decided = async (reply: FastifyReply, current: DashboardSession, consent: Consent, ok: boolean) => {
    const tpp = displayNameOf(await deps.provider().Client.find(consent.clientId)) || consent.clientId;
    current.flow.notice = ok ? current.lang.messages.approved(tpp) : current.lang.messages.declined(tpp);
    if (current.flow.approveHint === consent.id) delete current.flow.approveHint;
    await deps.flows.save(current.key, current.flow);
    deps.logger.info({ consentId: consent.id, clientId: consent.clientId, approved: ok }, 'consent decided on the PSU dashboard');
    const target = ok ? consent.permissions.scaRedirect?.ok : consent.permissions.scaRedirect?.nok ?? consent.permissions.scaRedirect?.ok;
    return seeOther(reply, target ?? `${PATH}${current.lang.query}`);
  };

  server.post(`${PATH}/approve`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    const { flow, lang } = current;
    const consentId = field(request.body, 'consent');
    const consent = consentId ? await deps.consents.get(consentId) : undefined;
    if (flow.stage !== 'signed-in' || !approvable(consent, flow)) return seeOther(reply, `${PATH}${lang.query}`);
    if (field(request.body, 'decision') !== 'accept') return decided(reply, current, await deps.consents.reject(consent.id), false);
    // A fresh one-time code for this very approval (PSD2 RTS Art. 5: linked to what is approved).
    Object.assign(flow, { stage: 'sca', approving: consent.id, otpFailures: 0 });
    const [tenantId, ...username] = flow.psuId!.split(':');
    await sendCode(deps.auth, flow, { id: flow.psuId!, tenantId, username: username.join(':'), fullName: flow.psuName ?? '' });
    await deps.flows.save(current.key, flow);
    return seeOther(reply, `${PATH}${lang.query}`);
  });

  /** After the fresh code or a passkey: the approval is recorded, or the SCA page shows what went wrong. */
  const confirmed = async (request: FastifyRequest, reply: FastifyReply, current: DashboardSession, outcome: StepOutcome) => {
    const { flow, lang } = current;
    if (outcome.kind !== 'next' || !flow.approving) return afterStep(request, reply, current, outcome);
    const consentId = flow.approving;
    delete flow.approving;
    const consent = await deps.consents.get(consentId);
    const approved = approvable(consent, flow) ? await approveConsent(deps.auth.directory, deps.consents, consentId, flow.psuId!).catch(() => undefined) : undefined;
    if (!approved) {
      flow.notice = lang.messages.notYourAccount;
      await deps.flows.save(current.key, flow);
      return seeOther(reply, `${PATH}${lang.query}`);
    }
    return decided(reply, current, approved, true);
  };

  server.post(`${PATH}/confirm`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    if (current.flow.stage !== 'sca' || !current.flow.approving) return seeOther(reply, `${PATH}${current.lang.query}`);
    return confirmed(request, reply, current, await submitOtp(deps.auth, current.flow, field(request.body, 'otp'), 'signed-in', current.lang.messages));
  });

  server.post(`${PATH}/confirm/passkey/options`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    if (current.flow.stage !== 'sca' || !current.flow.approving) return sendJson(reply, { error: 'not_approving' }, 403);
    const options = await authenticationOptions(deps.passkeys, current.flow);
    if (!options) return sendJson(reply, { error: 'no_passkey' }, 404);
    await deps.flows.save(current.key, current.flow);
    return sendJson(reply, options);
  });

  server.post(`${PATH}/confirm/passkey`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    if (current.flow.stage !== 'sca' || !current.flow.approving) return seeOther(reply, `${PATH}${current.lang.query}`);
    return confirmed(request, reply, current, await submitPasskey(deps.passkeys, current.flow, field(request.body, 'credential'), 'signed-in', current.lang.messages));
  });

  server.post(`${PATH}/passkeys/options`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    if (current.flow.stage !== 'signed-in') return sendJson(reply, { error: 'not_signed_in' }, 403);
    const options = await registrationOptions(deps.passkeys, current.flow);
    await deps.flows.save(current.key, current.flow);
    return sendJson(reply, options);
  });

  server.post(`${PATH}/passkeys`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    const { flow, lang } = current;
    if (flow.stage !== 'signed-in') return seeOther(reply, `${PATH}${lang.query}`);
    const outcome = await submitRegistration(deps.passkeys, flow, field(request.body, 'credential'), lang.messages);
    if (outcome.kind === 'added') {
      flow.notice = lang.messages.passkeyAdded;
      deps.logger.info({ psuId: flow.psuId }, 'passkey added by the PSU');
    }
    await deps.flows.save(current.key, flow);
    if (outcome.kind === 'invalid') return renderDashboard(deps, reply, current, { errors: outcome.errors });
    return seeOther(reply, `${PATH}${lang.query}`);
  });

  server.post(`${PATH}/sign-out`, async (request, reply) => {
    const current = await session(request, reply);
    if (!current) return undefined;
    await deps.flows.end(current.key);
    setCookie(request, reply, COOKIE, '', PATH, 0);
    return seeOther(reply, `${PATH}${current.lang.query}`);
  });
}
