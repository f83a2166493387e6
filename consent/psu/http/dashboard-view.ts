// SPDX-License-Identifier: Apache-2.0
// The dashboard's page for where the PSU is: sign in, one-time code, or the consents.
import type { FastifyReply } from 'fastify';
import { displayNameOf } from '../../provider/client-roles.js';
import type { FieldError } from '../layout.js';
import { dashboardPage, type DashboardEntry } from '../pages/dashboard-page.js';
import { loginPage } from '../pages/login-page.js';
import { scaPage } from '../pages/sca-page.js';
import { describeConsent } from '../permissions.js';
import type { PsuDeps } from '../psu-deps.js';
import type { Consent } from '../../consents/consent.js';
import type { PsuFlow } from '../psu-flow.js';
import { hasPasskey } from '../steps/passkey.js';
import { sendPage, type PageLanguage } from './page-reply.js';

export const DASHBOARD_PATH = '/psu/consents';

export interface DashboardSession {
  key: string;
  flow: PsuFlow;
  lang: PageLanguage;
}

/**
 * A consent the PSU may approve or decline here: still `received`, at the PSU's bank, and asked of this PSU (its
 * TPP named the PSU: decoupled approach) or of no one yet (the PSU followed the TPP's link: redirect approach).
 */
export function approvable(consent: Consent | undefined, flow: PsuFlow): consent is Consent {
  return consent?.status === 'received' && consent.tenantId === flow.tenantId && (consent.psuId === undefined || consent.psuId === flow.psuId);
}

/** Every consent of the PSU (all schemes), newest first, in the page's words; first the one it came to approve. */
async function entries(deps: PsuDeps, flow: PsuFlow, lang: PageLanguage): Promise<DashboardEntry[]> {
  const format = new Intl.DateTimeFormat(lang.language === 'sw' ? 'sw-TZ' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' });
  const hinted = flow.approveHint ? await deps.consents.get(flow.approveHint) : undefined;
  const listed = await deps.consents.listForPsu(flow.psuId!);
  const consents = approvable(hinted, flow) && !listed.some((consent) => consent.id === hinted.id) ? [hinted, ...listed] : listed;
  return Promise.all(consents.map(async (consent) => ({
    consentId: consent.id,
    tppName: displayNameOf(await deps.provider().Client.find(consent.clientId)) || consent.clientId,
    permissions: describeConsent(consent.permissions, lang.messages),
    accounts: consent.permissions.accounts.map((account) => account.display ?? account.accountId),
    status: consent.status,
    approvable: approvable(consent, flow),
    validUntil: consent.validUntil === undefined ? undefined : format.format(consent.validUntil),
  })));
}

export async function renderDashboard(deps: PsuDeps, reply: FastifyReply, { flow, lang }: DashboardSession, form?: { errors: FieldError[]; username?: string | undefined; notice?: string | undefined }): Promise<FastifyReply> {
  const common = { messages: lang.messages, csrf: flow.csrf, switchLanguageHref: lang.switchHref, ...(form?.errors.length && { errors: form.errors }) };
  const status = form?.errors.length ? 400 : 200;
  if (flow.stage === 'login') {
    return sendPage(reply, loginPage({
      ...common, action: `${DASHBOARD_PATH}/login${lang.query}`, intro: lang.messages.dashboardLoginIntro,
      banks: await deps.auth.directory.banks(), fixedBank: undefined, values: { username: form?.username },
    }), status);
  }
  if (flow.stage === 'sca') {
    // Approving a request: a passkey does as well as the code (Berlin Group decoupled approach, §4.6.3).
    const passkey = flow.approving && (await hasPasskey(deps.passkeys, flow))
      ? { optionsAction: `${DASHBOARD_PATH}/confirm/passkey/options${lang.query}`, action: `${DASHBOARD_PATH}/confirm/passkey${lang.query}` } : undefined;
    return sendPage(reply, scaPage({ ...common, action: `${DASHBOARD_PATH}/${flow.approving ? 'confirm' : 'verify'}${lang.query}`, passkey }), status);
  }
  return sendPage(reply, dashboardPage({
    ...common, notice: form?.notice, entries: await entries(deps, flow, lang),
    revokeAction: `${DASHBOARD_PATH}/revoke${lang.query}`, approveAction: `${DASHBOARD_PATH}/approve${lang.query}`, signOutAction: `${DASHBOARD_PATH}/sign-out${lang.query}`,
    passkeys: {
      count: (await deps.passkeys.store.listForPsu(flow.psuId!)).length,
      optionsAction: `${DASHBOARD_PATH}/passkeys/options${lang.query}`, action: `${DASHBOARD_PATH}/passkeys${lang.query}`,
    },
    errors: form?.errors,
  }), status);
}
