// SPDX-License-Identifier: Apache-2.0
// The SCA approaches a TPP may ask for when it creates a consent or payment (Implementation Guidelines §4.6):
//   OAuth     `_links.scaOAuth`, always offered: the PSU authorises on the PSU pages through the TPP's OAuth client
//   redirect  `TPP-Redirect-URI`: `_links.scaRedirect` sends the PSU to its bank's dashboard to approve, then back
//   decoupled `PSU-ID`: the consent waits on that PSU's dashboard; the PSU approves it there with a fresh code
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BerlinGroupDeps } from '../deps.js';
import { tppUrlOf } from './call-helpers.js';
import { href, type Links } from './links.js';
import type { BgCall } from './route-kit.js';

export interface ScaChoice {
  /** The PSU the TPP named (`<tenantId>:<PSU-ID>`): the consent waits on that PSU's dashboard. */
  psuId: string | undefined;
  scaRedirect: { ok: string; nok?: string | undefined } | undefined;
}

/** What the create call asks for; FORMAT_ERROR for a redirect URI that is not https. */
export function scaChoiceOf(call: BgCall, tenantId: string): ScaChoice {
  const psu = call.header('psu-id');
  if (psu !== undefined && !/^[A-Za-z0-9._@+-]{1,128}$/.test(psu)) throw berlinGroupError('FORMAT_ERROR', 'PSU-ID is the PSU\'s login name at the bank', { path: 'PSU-ID' });
  const preferred = call.header('tpp-redirect-preferred') !== 'false';
  const ok = tppUrlOf(call, 'tpp-redirect-uri', 'TPP-Redirect-URI');
  const nok = tppUrlOf(call, 'tpp-nok-redirect-uri', 'TPP-Nok-Redirect-URI');
  return { psuId: psu ? `${tenantId}:${psu}` : undefined, scaRedirect: preferred && ok ? { ok, ...(nok && { nok }) } : undefined };
}

/** `_links.scaRedirect` of a resource whose TPP asked for the redirect approach. */
export function scaRedirectLink(deps: BerlinGroupDeps, choice: ScaChoice, consentId: string): Links {
  const base = deps.publicUrls().public ?? deps.publicUrls().publicTls;
  return choice.scaRedirect && base ? { scaRedirect: href(`${base}/psu/consents?approve=${encodeURIComponent(consentId)}`) } : {};
}
