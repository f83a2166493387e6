// SPDX-License-Identifier: Apache-2.0
// The page of an interaction's current stage: login, one-time code, or consent.
import type { FastifyReply } from 'fastify';
import { displayNameOf, isOperationsClient } from '../../provider/client-roles.js';
import { consentRequestOf } from '../consent-request.js';
import type { FieldError } from '../layout.js';
import { consentPage } from '../pages/consent-page.js';
import { loginPage } from '../pages/login-page.js';
import { scaPage } from '../pages/sca-page.js';
import { describeConsent, describeRequest } from '../permissions.js';
import type { PsuDeps } from '../psu-deps.js';
import { hasPasskey } from '../steps/passkey.js';
import { offeredAccounts } from '../steps/decide-consent.js';
import type { LoadedInteraction } from './interaction-session.js';
import { sendPage } from './page-reply.js';

export interface FormState {
  errors: FieldError[];
  username?: string | undefined;
  /** Accounts the PSU ticked before the error. */
  checked?: string[];
}

export async function renderInteraction(deps: PsuDeps, reply: FastifyReply, loaded: LoadedInteraction, form?: FormState): Promise<FastifyReply> {
  const { interaction, flow, lang, base } = loaded;
  const common = { messages: lang.messages, csrf: flow.csrf, switchLanguageHref: lang.switchHref, ...(form && { errors: form.errors }) };
  const status = form ? 400 : 200;
  const client = await deps.provider().Client.find(String(interaction.params.client_id));
  const tppName = displayNameOf(client);
  if (flow.stage === 'login' && isOperationsClient(client)) {
    return sendPage(reply, loginPage({
      ...common, action: `${base}/login${lang.query}`, intro: lang.messages.operatorLoginIntro,
      banks: [], fixedBank: undefined, values: { username: form?.username }, operator: true,
    }), status);
  }
  const banks = await deps.auth.directory.banks();
  if (flow.stage === 'login') {
    const named = interaction.params.bank;
    return sendPage(reply, loginPage({
      ...common, action: `${base}/login${lang.query}`, intro: lang.messages.loginIntro(tppName),
      banks, fixedBank: named ? banks.find((bank) => bank.tenantId === named) : undefined, values: { username: form?.username },
    }), status);
  }
  if (flow.stage === 'sca') {
    const passkey = (await hasPasskey(deps.passkeys, flow)) ? { optionsAction: `${base}/passkey/options${lang.query}`, action: `${base}/passkey${lang.query}` } : undefined;
    return sendPage(reply, scaPage({ ...common, action: `${base}/verify${lang.query}`, passkey }), status);
  }

  const request = consentRequestOf(interaction.params, deps.auth.now());
  const accounts = await offeredAccounts(deps.auth.directory, deps.consents, flow);
  // A consent named in the scope (Berlin Group) says itself what it allows and for how long; otherwise the request does.
  const named = request.namedConsent && flow.consentId ? await deps.consents.get(flow.consentId) : undefined;
  const format = new Intl.DateTimeFormat(lang.language === 'sw' ? 'sw-TZ' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' });
  const validUntil = named ? named.validUntil : request.validUntil;
  return sendPage(reply, consentPage({
    ...common, action: `${base}/consent${lang.query}`,
    tppName,
    bankName: banks.find((bank) => bank.tenantId === flow.tenantId)?.name ?? flow.tenantId ?? '',
    permissions: named ? describeConsent(named.permissions, lang.messages) : describeRequest(request.oidcScopes, request.apiScopes, request.details, lang.messages),
    accounts,
    checked: new Set(form?.checked ?? accounts.map((account) => account.id)),
    validUntil: validUntil === undefined ? undefined : format.format(validUntil),
    frequencyPerDay: named ? named.frequencyPerDay : request.frequencyPerDay,
    paymentOnly: !named && request.paymentOnly,
  }), status);
}
