// SPDX-License-Identifier: Apache-2.0
// One consent model for every API that needs a PSU's permission: Berlin Group AIS/PIS/PIIS consents,
// Mojaloop third-party (PISP) consents and GSMA account-link consents. The lifecycle follows the Berlin
// Group statuses, which the other two map onto.

/** received → valid | rejected; valid → revokedByPsu | terminatedByTpp | expired. Nothing leaves a final status. */
export const CONSENT_STATUSES = ['received', 'valid', 'rejected', 'revokedByPsu', 'terminatedByTpp', 'expired'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const FINAL_STATUSES: readonly ConsentStatus[] = ['rejected', 'revokedByPsu', 'terminatedByTpp', 'expired'];

/** Which API created the consent; decides how its permissions read. */
export type ConsentScheme = 'berlin-group' | 'mojaloop-3p' | 'gsma' | 'oauth';

export interface AccountReference {
  /** Lango's account resource id. */
  accountId: string;
  /** What the PSU saw: the account number, name and currency. */
  display?: string;
  currency?: string;
}

export interface ConsentPermissions {
  /** `accounts`, `balances`, `transactions`, `payments`, `funds-confirmation`, ... in the scheme's words. */
  scopes: string[];
  accounts: AccountReference[];
  /** RFC 9396 authorization_details as granted, when the consent came from a rich authorisation request. */
  authorizationDetails?: Record<string, unknown>[];
  /**
   * Berlin Group redirect approach: where the PSU's browser goes after approving (ok) or declining (nok) on the PSU
   * pages instead of through an OAuth authorisation.
   */
  scaRedirect?: { ok: string; nok?: string | undefined };
}

export interface Consent {
  id: string;
  tenantId: string;
  scheme: ConsentScheme;
  /** The OAuth client (TPP / PISP) the consent was given to. */
  clientId: string;
  /** The PSU (`<tenantId>:<username>`); undefined until the PSU is identified. */
  psuId: string | undefined;
  status: ConsentStatus;
  permissions: ConsentPermissions;
  recurringIndicator: boolean;
  /** Last day of validity (epoch ms); undefined: until revoked. */
  validUntil: number | undefined;
  /** Accesses per day without the PSU present (Berlin Group frequencyPerDay). */
  frequencyPerDay: number | undefined;
  /** The authorisation server grant behind the tokens that use this consent. */
  grantId: string | undefined;
  createdAt: number;
  updatedAt: number;
  /** Epoch ms of the last status change, with who made it. */
  statusChangedAt: number;
  statusChangedBy: 'psu' | 'tpp' | 'system' | 'operator' | undefined;
}

export interface NewConsent {
  id?: string;
  tenantId: string;
  scheme: ConsentScheme;
  clientId: string;
  psuId?: string;
  permissions: ConsentPermissions;
  recurringIndicator?: boolean;
  validUntil?: number;
  frequencyPerDay?: number;
}

export interface ConsentStore {
  /** Records a new consent in status `received`. */
  create(consent: NewConsent): Promise<Consent>;
  /** The consent, or undefined; a valid consent past its validUntil is returned (and stored) as `expired`. */
  get(id: string): Promise<Consent | undefined>;
  /** The PSU accepted: binds PSU, accounts and grant, and makes it `valid`. Only from `received`. */
  authorise(id: string, psuId: string, accounts: AccountReference[], grantId: string | undefined): Promise<Consent>;
  /** The PSU refused: `received` → `rejected`. */
  reject(id: string): Promise<Consent>;
  /** The PSU withdrew it: `valid` → `revokedByPsu`. Returns it with its grant id so the tokens can be revoked. */
  revokeByPsu(id: string, psuId: string): Promise<Consent>;
  /** The TPP ended it (DELETE /consents/{id}): `received`/`valid` → `terminatedByTpp`, only by its own client. */
  terminateByTpp(id: string, clientId: string): Promise<Consent>;
  /** Every consent the PSU has given or is asked for, newest first. */
  listForPsu(psuId: string): Promise<Consent[]>;
  /** The newest consents the given clients asked for (the developer portal's view of a team's applications). */
  listForClients(clientIds: readonly string[], limit: number): Promise<Consent[]>;
  /** The consent behind an authorisation server grant. */
  findByGrant(grantId: string): Promise<Consent | undefined>;
  /**
   * Counts one access without the PSU present; rejects with ACCESS_EXCEEDED when today's `frequencyPerDay`
   * is used up (days in UTC). Atomic across processes.
   */
  recordUnattendedAccess(id: string, now?: number): Promise<{ usedToday: number }>;
}
