// SPDX-License-Identifier: Apache-2.0
// Balances from the bank's AMS (§6.5), through a short-lived cache: a TPP polling balances, or a list with
// balances of several accounts, costs the core banking system one call per account per `ttlMs`.
import type { AccountingSystem } from '../../../hub/index.js';
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BankAccount } from '../bank-accounts.js';

export interface BalanceView {
  balanceAmount: { currency: string; amount: string };
  balanceType: 'interimBooked' | 'interimAvailable';
  lastChangeDateTime?: string;
  referenceDate: string;
}

export interface BalanceReader {
  /** The account's booked and available balances now (at most `ttlMs` old). */
  balances(account: BankAccount): Promise<BalanceView[]>;
  /** Forgets the cached balances of an account whose money just moved. */
  forget(account: BankAccount): void;
}

/** Default cache time of balances, in ms: short enough that a TPP sees a payment at once for practical purposes. */
export const BALANCE_CACHE_MS = 1000;

export function balanceReader(ams: AccountingSystem, now: () => number, ttlMs = BALANCE_CACHE_MS): BalanceReader {
  const cache = new Map<string, { until: number; value: Promise<BalanceView[]> }>();
  const key = (account: BankAccount) => `${account.tenantId}/${account.amsAccountId}`;
  const read = async (account: BankAccount): Promise<BalanceView[]> => {
    const held = await ams.account(account.tenantId, account.amsAccountId);
    if (!held) throw berlinGroupError('RESOURCE_UNKNOWN', `the bank does not know account ${account.id}`, { status: 404 });
    const referenceDate = new Date(now()).toISOString().slice(0, 10);
    return [
      { balanceAmount: { currency: held.currency, amount: held.balance }, balanceType: 'interimBooked', referenceDate },
      { balanceAmount: { currency: held.currency, amount: held.availableBalance }, balanceType: 'interimAvailable', referenceDate },
    ];
  };
  return {
    balances(account) {
      const hit = cache.get(key(account));
      if (hit && hit.until > now()) return hit.value;
      // The promise is cached, so concurrent reads of one account share one AMS call.
      const value = read(account);
      if (cache.size > 100_000) cache.clear();
      cache.set(key(account), { until: now() + ttlMs, value });
      value.catch(() => cache.delete(key(account)));
      return value;
    },
    forget(account) {
      cache.delete(key(account));
    },
  };
}
