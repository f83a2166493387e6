// SPDX-License-Identifier: Apache-2.0
// What an AIS consent allows (Implementation Guidelines §6.3 "Account Information Consent"): dedicated accounts
// per access kind, a bank-offered consent (the PSU picks the accounts), a global consent (`allPsd2`), or only the
// list of available accounts. Kept in the consent record's authorization details, so the consent server's pages
// and dashboard show it like any other consent.
import type { Consent } from '../../../consent/index.js';

export const ACCESS_KINDS = ['accounts', 'balances', 'transactions'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export type AccessMode = 'dedicated' | 'bankOffered' | 'allAccounts' | 'availableAccounts' | 'availableAccountsWithBalance';

export interface AisAccess {
  mode: AccessMode;
  /** `allAccountsWithOwnerName`: the owner's name may be shown. */
  withOwnerName: boolean;
  /** Dedicated consents: account resource ids per kind, as requested. */
  accounts: string[];
  balances: string[];
  transactions: string[];
}

/** The authorization detail an AIS consent is stored with. */
export const AIS_DETAIL_TYPE = 'account_information';

/** The access of a Berlin Group AIS consent, or undefined for any other consent. */
export function aisAccessOf(consent: Consent): AisAccess | undefined {
  if (consent.scheme !== 'berlin-group') return undefined;
  const detail = consent.permissions.authorizationDetails?.find((item) => item.type === AIS_DETAIL_TYPE);
  return detail?.berlinGroup as AisAccess | undefined;
}

/** The accounts (resource ids) the consent lets the TPP read `kind` of, once the PSU authorised it. */
export function accountsAllowed(consent: Consent, access: AisAccess, kind: AccessKind): string[] {
  const authorised = consent.permissions.accounts.map((account) => account.accountId);
  switch (access.mode) {
    case 'dedicated': {
      // Access to balances or transactions of an account includes reading the account itself (§6.3.1.1).
      const asked = kind === 'accounts' ? [...access.accounts, ...access.balances, ...access.transactions] : access[kind];
      return authorised.filter((id) => asked.includes(id));
    }
    case 'bankOffered':
    case 'allAccounts':
      return authorised;
    case 'availableAccounts':
      return kind === 'accounts' ? authorised : [];
    case 'availableAccountsWithBalance':
      return kind === 'transactions' ? [] : authorised;
  }
}

/** The words a consent's permissions are listed with (the PSU pages and dashboard). */
export function accessWords(access: AisAccess): AccessKind[] {
  switch (access.mode) {
    case 'dedicated':
      return ACCESS_KINDS.filter((kind) => kind === 'accounts' || access[kind].length > 0);
    case 'availableAccounts':
      return ['accounts'];
    case 'availableAccountsWithBalance':
      return ['accounts', 'balances'];
    default:
      return [...ACCESS_KINDS];
  }
}
