// SPDX-License-Identifier: Apache-2.0
// PIIS (§7): does the account hold the amount now? Only for an account the PSU has given this TPP a funds
// confirmation consent on (PSD2 Art. 65(2)(a)): the consent named by Consent-ID, or the one behind the token's grant.
import type { FastifyInstance } from 'fastify';
import { berlinGroupError } from '../../../platform/errors/index.js';
import { toMinorUnits } from '../../../platform/money/index.js';
import { resolveReference } from '../account-reference.js';
import type { BalanceReader } from '../accounts/balances.js';
import type { BerlinGroupDeps } from '../deps.js';
import { bgRoute, type RequestValidator } from '../http/route-kit.js';
import { AMOUNT } from '../payments/payment-body.js';

export function fundsConfirmationRoutes(server: FastifyInstance, deps: BerlinGroupDeps, validate: RequestValidator, balances: BalanceReader): void {
  bgRoute(server, deps, validate, {
    method: 'POST', url: '/v1/funds-confirmations', service: 'PIIS', scopes: () => ['fundsconfirmations'],
    async handle(call) {
      const named = call.header('consent-id');
      const consent = named ? await deps.consents.get(named) : call.tpp.grantId ? await deps.consents.findByGrant(call.tpp.grantId) : undefined;
      if (!consent || consent.clientId !== call.tpp.clientId || !consent.permissions.scopes.includes('funds-confirmation')) {
        throw berlinGroupError('CONSENT_UNKNOWN', 'no funds confirmation consent of this TPP: authorise one with the funds_confirmation authorization detail', { status: 400, path: 'Consent-ID' });
      }
      (call.request.bgTrace ??= {}).consentId = consent.id;
      if (consent.status === 'expired') throw berlinGroupError('CONSENT_EXPIRED', `consent ${consent.id} has expired`);
      if (consent.status !== 'valid') throw berlinGroupError('CONSENT_INVALID', `consent ${consent.id} is ${consent.status}`);
      const account = await resolveReference(deps.accounts, consent.tenantId, call.body.account, 'account');
      if (!consent.permissions.accounts.some((item) => item.accountId === account.id)) throw berlinGroupError('CONSENT_INVALID', 'the consent does not cover this account');
      const instructed = (call.body.instructedAmount ?? {}) as { amount?: unknown; currency?: unknown };
      if (typeof instructed.amount !== 'string' || !AMOUNT.test(instructed.amount)) throw berlinGroupError('FORMAT_ERROR', 'instructedAmount.amount must be a decimal string', { path: 'instructedAmount.amount' });
      if (instructed.currency !== account.currency) throw berlinGroupError('FORMAT_ERROR', `instructedAmount.currency must be ${account.currency}`, { path: 'instructedAmount.currency' });
      const available = (await balances.balances(account)).find((balance) => balance.balanceType === 'interimAvailable')!;
      const fundsAvailable = toMinorUnits(available.balanceAmount.amount, account.currency) >= toMinorUnits(instructed.amount, account.currency);
      return { status: 200, body: { fundsAvailable } };
    },
  });
}
