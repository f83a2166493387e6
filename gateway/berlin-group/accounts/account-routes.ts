// SPDX-License-Identifier: Apache-2.0
// AIS reads (§6.4–6.6): the account list, one account, its balances and its transactions, within the consent.
import type { FastifyInstance } from 'fastify';
import { berlinGroupError } from '../../../platform/errors/index.js';
import { referenceOf } from '../account-reference.js';
import type { BankAccount } from '../bank-accounts.js';
import type { BerlinGroupDeps } from '../deps.js';
import { href } from '../http/links.js';
import { bgRoute, type RequestValidator } from '../http/route-kit.js';
import { AIS_READ_SCOPES, accountFor, aisGrantOf, type AisGrant } from './account-access.js';
import type { BalanceReader } from './balances.js';
import { transactionsPage } from './transactions.js';

function withBalanceOf(query: Record<string, string | undefined>): boolean {
  return query.withBalance === 'true';
}

async function accountView(account: BankAccount, grant: AisGrant, balances: BalanceReader, withBalance: boolean) {
  const base = `/v1/accounts/${account.id}`;
  const canBalances = grant.allowed('balances').includes(account.id);
  const canTransactions = grant.allowed('transactions').includes(account.id);
  if (withBalance && !canBalances) throw berlinGroupError('CONSENT_INVALID', `the consent does not cover balances of account ${account.id}`);
  return {
    resourceId: account.id,
    bban: account.number,
    ...(account.msisdn && { msisdn: account.msisdn }),
    currency: account.currency,
    name: account.name,
    product: account.product,
    cashAccountType: account.product === 'Savings' ? 'SVGS' : 'CACC',
    status: 'enabled',
    usage: 'PRIV',
    ...((grant.access.withOwnerName || grant.access.mode === 'allAccounts') && { ownerName: account.ownerName }),
    ...(withBalance && { balances: await balances.balances(account) }),
    _links: {
      ...(canBalances && { balances: href(`${base}/balances`) }),
      ...(canTransactions && { transactions: href(`${base}/transactions`) }),
    },
  };
}

export function accountRoutes(server: FastifyInstance, deps: BerlinGroupDeps, validate: RequestValidator, balances: BalanceReader): void {
  bgRoute(server, deps, validate, {
    method: 'GET', url: '/v1/accounts', service: 'AIS', scopes: AIS_READ_SCOPES,
    async handle(call) {
      const grant = await aisGrantOf(deps, call);
      const accounts = (await Promise.all(grant.allowed('accounts').map((id) => deps.accounts.account(id)))).filter((account) => account !== undefined);
      const withBalance = withBalanceOf(call.query);
      return { status: 200, body: { accounts: await Promise.all(accounts.map((account) => accountView(account, grant, balances, withBalance))) } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: '/v1/accounts/:accountId', service: 'AIS', scopes: AIS_READ_SCOPES,
    async handle(call) {
      const grant = await aisGrantOf(deps, call);
      const account = await accountFor(deps, grant, call.params.accountId!, 'accounts');
      return { status: 200, body: { account: await accountView(account, grant, balances, withBalanceOf(call.query)) } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: '/v1/accounts/:accountId/balances', service: 'AIS', scopes: AIS_READ_SCOPES,
    async handle(call) {
      const grant = await aisGrantOf(deps, call);
      const account = await accountFor(deps, grant, call.params.accountId!, 'balances');
      return { status: 200, body: { account: referenceOf(account), balances: await balances.balances(account) } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: '/v1/accounts/:accountId/transactions', service: 'AIS', scopes: AIS_READ_SCOPES,
    async handle(call) {
      const grant = await aisGrantOf(deps, call);
      const account = await accountFor(deps, grant, call.params.accountId!, 'transactions');
      const withBalance = withBalanceOf(call.query);
      if (withBalance && !grant.allowed('balances').includes(account.id)) throw berlinGroupError('CONSENT_INVALID', `the consent does not cover balances of account ${account.id}`);
      const transactions = await transactionsPage(deps, account, call.query);
      return {
        status: 200,
        body: { account: referenceOf(account), transactions, ...(withBalance && { balances: await balances.balances(account) }) },
      };
    },
  });
}
