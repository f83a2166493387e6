// SPDX-License-Identifier: Apache-2.0
// Small readings every route needs: the addressed bank, a consent of this TPP, dates as NextGenPSD2 writes them.
import type { Consent } from '../../../consent/index.js';
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { Bank } from '../bank-accounts.js';
import type { BerlinGroupDeps } from '../deps.js';
import type { BgCall } from './route-kit.js';

/** The header that names the bank (tenant) a new consent or payment is for, as in Payment Hub EE's APIs. */
export const BANK_HEADER = 'platform-tenantid';

/** The bank the call addresses; FORMAT_ERROR when the header is missing or names no bank. */
export async function bankOf(deps: BerlinGroupDeps, call: BgCall): Promise<Bank> {
  const tenantId = call.header(BANK_HEADER);
  if (!tenantId) throw berlinGroupError('FORMAT_ERROR', 'the Platform-TenantId header names the bank (ASPSP)', { path: 'Platform-TenantId' });
  const bank = (await deps.accounts.banks()).find((candidate) => candidate.tenantId === tenantId);
  if (!bank) throw berlinGroupError('FORMAT_ERROR', `no bank ${tenantId} here`, { path: 'Platform-TenantId' });
  (call.request.bgTrace ??= {}).tenantId = bank.tenantId;
  return bank;
}

/**
 * The consent when it is this TPP's and of the Berlin Group API; CONSENT_UNKNOWN otherwise (403 when the id was in
 * the path, 400 when in the Consent-ID header), so another TPP's consent is indistinguishable from none.
 */
export async function ownConsent(deps: BerlinGroupDeps, call: BgCall, consentId: string | undefined, where: 'path' | 'header', read: 'fresh' | 'cached' = 'fresh'): Promise<Consent> {
  if (!consentId) throw berlinGroupError('FORMAT_ERROR', 'the Consent-ID header is required', { path: 'Consent-ID' });
  const consent = await (read === 'cached' ? deps.consentReads : deps.consents).get(consentId);
  if (!consent || consent.clientId !== call.tpp.clientId || consent.scheme !== 'berlin-group') {
    throw berlinGroupError('CONSENT_UNKNOWN', `no consent ${consentId} of this TPP`, { status: where === 'path' ? 403 : 400, path: where === 'path' ? 'consentId' : 'Consent-ID' });
  }
  (call.request.bgTrace ??= {}).consentId = consent.id;
  call.request.bgTrace.tenantId = consent.tenantId;
  if (consent.psuId) call.request.bgTrace.psuId = consent.psuId;
  return consent;
}

/** ISODate of an epoch ms instant. */
export const isoDate = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** A TPP's URL header (redirect, notification): https, or http to the TPP's own machine for local development; FORMAT_ERROR otherwise. */
export function tppUrlOf(call: BgCall, header: string, name: string): string | undefined {
  const value = call.header(header);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw berlinGroupError('FORMAT_ERROR', `${name} must be an absolute URL`, { path: name });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname))) throw berlinGroupError('FORMAT_ERROR', `${name} must be https`, { path: name });
  return url.href;
}
