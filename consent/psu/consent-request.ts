// SPDX-License-Identifier: Apache-2.0
// What an authorisation request asks the PSU for, read from the pushed request's parameters.
import type { ConsentPermissions } from '../consents/consent.js';
import { API_RESOURCE, CONSENT_SCOPE, OIDC_SCOPES, apiScopesOf } from '../provider/resource-server.js';
import { permissionWords } from './permissions.js';

export type Detail = Record<string, unknown> & { type: string };

export interface ConsentRequest {
  clientId: string;
  /** The `bank` authorisation parameter (a tenant id), when the TPP named the PSU's bank. */
  bank: string | undefined;
  resource: string;
  oidcScopes: string[];
  /** API scopes (`accounts`, `payments`, ...), Berlin Group consent scopes included. */
  apiScopes: string[];
  details: Detail[];
  /** Berlin Group OAuth SCA approach: the consent (or payment) named by `AIS:<id>` / `PIS:<id>` / `PIIS:<id>`. */
  namedConsent: { kind: string; id: string } | undefined;
  /** End of validity, epoch ms (end of the day, UTC). */
  validUntil: number;
  frequencyPerDay: number | undefined;
  recurring: boolean;
  /** Only payment initiation: valid for that payment, not for repeated access. */
  paymentOnly: boolean;
}

const DAY_MS = 86_400_000;
/** Validity when the request names none: 90 days (PSD2 RTS Art. 10 as first written; Berlin Group default). */
const DEFAULT_VALIDITY_DAYS = 90;
/** Berlin Group frequencyPerDay default for recurring account access. */
const DEFAULT_FREQUENCY_PER_DAY = 4;

const endOfDay = (epochMs: number) => Math.floor(epochMs / DAY_MS) * DAY_MS + DAY_MS - 1;

function parseDetails(raw: unknown): Detail[] {
  if (typeof raw !== 'string' || raw === '') return [];
  const parsed = JSON.parse(raw) as unknown;
  return Array.isArray(parsed) ? (parsed as Detail[]) : [];
}

export function consentRequestOf(params: Record<string, unknown>, now: number): ConsentRequest {
  const scopes = typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [];
  const details = parseDetails(params.authorization_details);
  const accountDetails = details.filter((detail) => detail.type === 'account_information' || detail.type === 'funds_confirmation');
  const dates = accountDetails.map((detail) => detail.validUntil).filter((value): value is string => typeof value === 'string').map(Date.parse);
  const apiScopes = apiScopesOf(params.scope);
  const paymentOnly = accountDetails.length === 0 && !apiScopes.some((scope) => scope === 'accounts' || scope === 'fundsconfirmations' || scope.startsWith('AIS:') || scope.startsWith('PIIS:'));
  const frequencies = accountDetails.map((detail) => detail.frequencyPerDay).filter((value): value is number => typeof value === 'number');
  const named = apiScopes.map((scope) => CONSENT_SCOPE.exec(scope)).find(Boolean);
  return {
    clientId: String(params.client_id),
    bank: typeof params.bank === 'string' && params.bank ? params.bank : undefined,
    resource: typeof params.resource === 'string' ? params.resource : API_RESOURCE,
    oidcScopes: scopes.filter((scope) => (OIDC_SCOPES as readonly string[]).includes(scope)),
    apiScopes,
    details,
    namedConsent: named ? { kind: named[1]!, id: named[2]! } : undefined,
    validUntil: paymentOnly ? endOfDay(now) : endOfDay(dates.length ? Math.min(...dates) : now + DEFAULT_VALIDITY_DAYS * DAY_MS),
    frequencyPerDay: paymentOnly ? undefined : frequencies.length ? Math.min(...frequencies) : DEFAULT_FREQUENCY_PER_DAY,
    recurring: !paymentOnly && accountDetails.every((detail) => detail.recurringIndicator !== false),
    paymentOnly,
  };
}

/** The consent's permissions as stored: what it allows in words, the accounts chosen, the details enriched with them. */
export function permissionsOf(request: ConsentRequest, accounts: ConsentPermissions['accounts']): ConsentPermissions {
  return {
    scopes: permissionWords(request.apiScopes, request.details),
    accounts,
    ...(request.details.length && { authorizationDetails: request.details.map((detail) => enrichDetail(detail, accounts)) }),
  };
}

/**
 * RFC 9396 §7: the server may enrich details with what the user decided. Account access types get the accounts
 * the PSU chose; a payment gets the debtor account (the first chosen).
 */
export function enrichDetail(detail: Detail, accounts: ConsentPermissions['accounts']): Detail {
  const ids = accounts.map((account) => ({ accountId: account.accountId }));
  if (detail.type === 'payment_initiation') return ids[0] ? { ...detail, debtorAccount: ids[0] } : detail;
  return { ...detail, accounts: ids };
}
