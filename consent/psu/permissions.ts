// SPDX-License-Identifier: Apache-2.0
// Permissions in plain language (issue 4): what the TPP will be able to do, one sentence each. A consent stores
// them as words (`accounts`, `balances`, `transactions`, `payments`, `funds-confirmation`, as the consent model
// asks); a request says them with scopes and RFC 9396 details.
import type { ConsentPermissions } from '../consents/consent.js';
import type { Messages } from './i18n/index.js';

type Detail = Record<string, unknown>;

export const PERMISSION_WORDS = ['accounts', 'balances', 'transactions', 'payments', 'funds-confirmation'] as const;
type Word = (typeof PERMISSION_WORDS)[number];

/** What each API scope allows, in words, when no authorization detail says it more precisely. */
const SCOPE_WORDS: Record<string, readonly Word[]> = {
  accounts: ['accounts', 'balances', 'transactions'],
  payments: ['payments'],
  fundsconfirmations: ['funds-confirmation'],
};

function detailWords(detail: Detail): Word[] {
  switch (detail.type) {
    case 'account_information':
      return (Array.isArray(detail.actions) ? detail.actions : []).filter((action): action is Word => ['accounts', 'balances', 'transactions'].includes(action as string));
    case 'payment_initiation':
      return ['payments'];
    case 'funds_confirmation':
      return ['funds-confirmation'];
    default:
      return [];
  }
}

/** The words of a request: its details, and its scopes where no detail of that kind narrows them. */
export function permissionWords(apiScopes: readonly string[], details: readonly Detail[]): Word[] {
  const fromDetails = details.flatMap(detailWords);
  const kinds = new Set(details.map((detail) => detail.type));
  const fromScopes = apiScopes.flatMap((scope) => {
    const narrowed = (scope === 'accounts' && kinds.has('account_information')) || (scope === 'payments' && kinds.has('payment_initiation')) || (scope === 'fundsconfirmations' && kinds.has('funds_confirmation'));
    return narrowed ? [] : SCOPE_WORDS[scope] ?? [];
  });
  return PERMISSION_WORDS.filter((word) => fromDetails.includes(word) || fromScopes.includes(word));
}

function sentence(word: Word, details: readonly Detail[], messages: Messages): string[] {
  switch (word) {
    case 'accounts': return [messages.permAccounts];
    case 'balances': return [messages.permBalances];
    case 'transactions': return [messages.permTransactions];
    case 'funds-confirmation': return [messages.permFunds];
    case 'payments': {
      const payments = details.filter((detail) => detail.type === 'payment_initiation');
      if (payments.length === 0) return [messages.permPayments];
      return payments.map((detail) => {
        const amount = (detail.instructedAmount ?? {}) as { amount?: unknown; currency?: unknown };
        return messages.permPayment(String(amount.amount ?? ''), String(amount.currency ?? ''), String(detail.creditorName ?? ''));
      });
    }
  }
}

/** Sentences for a request about to be consented to. */
export function describeRequest(oidcScopes: readonly string[], apiScopes: readonly string[], details: readonly Detail[], messages: Messages): string[] {
  const words = permissionWords(apiScopes, details);
  return [
    ...words.flatMap((word) => sentence(word, details, messages)),
    ...(oidcScopes.includes('openid') ? [messages.permIdentity] : []),
  ];
}

/** Sentences for a stored consent, of any scheme. */
export function describeConsent(permissions: ConsentPermissions, messages: Messages): string[] {
  const details = permissions.authorizationDetails ?? [];
  const words = PERMISSION_WORDS.filter((word) => permissions.scopes.includes(word));
  return [...new Set(words.flatMap((word) => sentence(word, details, messages)))];
}
