// SPDX-License-Identifier: Apache-2.0
// Signing baskets (§8): create, read, status, delete; their authorisations are registered with the others.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BerlinGroupDeps } from '../deps.js';
import { SCA_APPROACH_HEADER, href, scaOAuthLink } from '../http/links.js';
import { bgRoute, type BgCall, type RequestValidator } from '../http/route-kit.js';
import { PIS_DETAIL_TYPE } from '../payments/payment-consent.js';
import { advanceBasket } from './basket-progress.js';
import type { SigningBasket } from './signing-basket.js';

const MAX_ITEMS = 100;
const DAY_MS = 86_400_000;
export const ADMIT_BASKET = (params: Record<string, string>) => ['payments', ...(params.basketId ? [`PIS:${params.basketId}`] : [])];

/** The basket in the path when it is this TPP's; RESOURCE_UNKNOWN (403) otherwise. */
export async function ownBasket(deps: BerlinGroupDeps, call: BgCall): Promise<SigningBasket> {
  const basket = await deps.baskets.get(call.params.basketId!);
  if (!basket || basket.clientId !== call.tpp.clientId) throw berlinGroupError('RESOURCE_UNKNOWN', `no signing basket ${call.params.basketId} of this TPP`, { status: 403, path: 'basketId' });
  return basket;
}

async function membersOf(deps: BerlinGroupDeps, call: BgCall): Promise<{ tenantId: string; payments: NonNullable<Awaited<ReturnType<BerlinGroupDeps['payments']['get']>>>[] }> {
  const { paymentIds, consentIds } = call.body as { paymentIds?: unknown; consentIds?: unknown };
  if (consentIds !== undefined) throw berlinGroupError('FORMAT_ERROR', 'signing baskets here hold payments only: authorise consents one by one', { path: 'consentIds' });
  if (!Array.isArray(paymentIds) || paymentIds.length === 0 || paymentIds.length > MAX_ITEMS || !paymentIds.every((id) => typeof id === 'string')) {
    throw berlinGroupError('FORMAT_ERROR', `paymentIds must list 1 to ${MAX_ITEMS} payment ids`, { path: 'paymentIds' });
  }
  if (new Set(paymentIds).size !== paymentIds.length) throw berlinGroupError('FORMAT_ERROR', 'paymentIds lists a payment twice', { path: 'paymentIds' });
  const payments = [];
  for (const [index, id] of (paymentIds as string[]).entries()) {
    const payment = await deps.payments.get(id);
    if (!payment || payment.clientId !== call.tpp.clientId) throw berlinGroupError('RESOURCE_UNKNOWN', `no payment ${id} of this TPP`, { status: 400, path: `paymentIds[${index}]` });
    if (payment.transactionStatus !== 'RCVD') throw berlinGroupError('STATUS_INVALID', `payment ${id} is ${payment.transactionStatus}, not waiting for its authorisation`);
    payments.push(payment);
  }
  const tenantId = payments[0]!.tenantId;
  if (payments.some((payment) => payment.tenantId !== tenantId)) throw berlinGroupError('FORMAT_ERROR', 'the payments of a basket are at one bank', { path: 'paymentIds' });
  return { tenantId, payments };
}

export function basketRoutes(server: FastifyInstance, deps: BerlinGroupDeps, validate: RequestValidator): void {
  bgRoute(server, deps, validate, {
    method: 'POST', url: '/v1/signing-baskets', service: 'PIS', scopes: ADMIT_BASKET,
    async handle(call) {
      const { tenantId, payments } = await membersOf(deps, call);
      const now = deps.now();
      const basket: SigningBasket = { basketId: randomUUID(), tenantId, clientId: call.tpp.clientId, paymentIds: payments.map((payment) => payment.paymentId), transactionStatus: 'RCVD', createdAt: now, updatedAt: now };
      // The PSU sees and signs every payment of the basket at once.
      const memberConsents = await Promise.all(payments.map((payment) => deps.consents.get(payment.paymentId)));
      await deps.consents.create({
        id: basket.basketId, tenantId, scheme: 'berlin-group', clientId: call.tpp.clientId, recurringIndicator: false, validUntil: now + DAY_MS,
        permissions: {
          scopes: ['payments'],
          accounts: [...new Map(memberConsents.flatMap((consent) => consent?.permissions.accounts ?? []).map((account) => [account.accountId, account])).values()],
          authorizationDetails: memberConsents.flatMap((consent) => (consent?.permissions.authorizationDetails ?? []).filter((detail) => detail.type === PIS_DETAIL_TYPE)),
        },
      });
      await deps.baskets.create(basket);
      const self = `/v1/signing-baskets/${basket.basketId}`;
      return {
        status: 201,
        headers: { Location: self, ...SCA_APPROACH_HEADER },
        body: {
          transactionStatus: basket.transactionStatus, basketId: basket.basketId,
          _links: { ...scaOAuthLink(deps.oauthIssuer()), startAuthorisation: href(`${self}/authorisations`), self: href(self), status: href(`${self}/status`) },
        },
      };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: '/v1/signing-baskets/:basketId', service: 'PIS', scopes: ADMIT_BASKET,
    async handle(call) {
      const basket = await advanceBasket(deps, await ownBasket(deps, call));
      return { status: 200, body: { payments: basket.paymentIds, transactionStatus: basket.transactionStatus } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: '/v1/signing-baskets/:basketId/status', service: 'PIS', scopes: ADMIT_BASKET,
    async handle(call) {
      const basket = await advanceBasket(deps, await ownBasket(deps, call));
      return { status: 200, body: { transactionStatus: basket.transactionStatus } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'DELETE', url: '/v1/signing-baskets/:basketId', service: 'PIS', scopes: ADMIT_BASKET,
    async handle(call) {
      const basket = await advanceBasket(deps, await ownBasket(deps, call));
      // §8.4: a basket can be deleted until it is authorised; its payments stay, to be authorised one by one.
      if (basket.transactionStatus !== 'RCVD' || !(await deps.baskets.update(basket.basketId, 'RCVD', 'CANC'))) {
        throw berlinGroupError('STATUS_INVALID', `the basket is ${basket.transactionStatus}: it can no longer be deleted`);
      }
      const consent = await deps.consents.get(basket.basketId);
      if (consent?.status === 'received') await deps.consents.terminateByTpp(basket.basketId, call.tpp.clientId);
      return { status: 204 };
    },
  });
}
