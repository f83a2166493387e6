// SPDX-License-Identifier: Apache-2.0
// PIS (§5): initiate, read, status, cancel. A payment's authorisation is recorded as a consent with the
// payment's id, so the PSU signs it on the PSU pages through the OAuth SCA approach (`scope=PIS:<paymentId>`).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { berlinGroupError } from '../../../platform/errors/index.js';
import type { BerlinGroupDeps } from '../deps.js';
import { bankOf } from '../http/call-helpers.js';
import { SCA_APPROACH_HEADER, href, scaOAuthLink } from '../http/links.js';
import { bgRoute, type BgCall, type RequestValidator } from '../http/route-kit.js';
import { scaChoiceOf, scaRedirectLink } from '../http/sca-approach.js';
import { notificationUriOf, subscribeNotifications } from '../notifications/notification-uri.js';
import { initiationTermsOf } from './payment-body.js';
import { ensurePaymentConsent } from './payment-consent.js';
import { productOf } from './payment-products.js';
import { advancePayment } from './payment-progress.js';
import { PAYMENT_SERVICES, type Payment, type PaymentService } from './payment.js';

const DAY_MS = 86_400_000;

function serviceOf(name: string | undefined): PaymentService {
  if (name && (PAYMENT_SERVICES as readonly string[]).includes(name)) return name as PaymentService;
  throw berlinGroupError('RESOURCE_UNKNOWN', `no payment service ${name ?? ''}`, { status: 404, path: 'payment-service' });
}

const ADMIT_PIS = (params: Record<string, string>) => ['payments', ...(params.paymentId ? [`PIS:${params.paymentId}`] : [])];

/** The payment in the path when it is this TPP's and of this service and product; RESOURCE_UNKNOWN (403) otherwise. */
export async function ownPayment(deps: BerlinGroupDeps, call: BgCall): Promise<Payment> {
  const payment = await deps.payments.get(call.params.paymentId!);
  if (!payment || payment.clientId !== call.tpp.clientId || payment.service !== call.params.service || payment.product !== call.params.product) {
    throw berlinGroupError('RESOURCE_UNKNOWN', `no payment ${call.params.paymentId} of this TPP here`, { status: 403, path: 'paymentId' });
  }
  (call.request.bgTrace ??= {}).paymentId = payment.paymentId;
  call.request.bgTrace.tenantId = payment.tenantId;
  if (payment.psuId) call.request.bgTrace.psuId = payment.psuId;
  return payment;
}

export function paymentRoutes(server: FastifyInstance, deps: BerlinGroupDeps, validate: RequestValidator): void {
  const base = '/v1/:service/:product';

  bgRoute(server, deps, validate, {
    method: 'POST', url: base, service: 'PIS', scopes: ADMIT_PIS,
    async handle(call) {
      const service = serviceOf(call.params.service);
      const product = productOf(call.params.product);
      const bank = await bankOf(deps, call);
      const notificationUri = notificationUriOf(call);
      const sca = scaChoiceOf(call, bank.tenantId);
      const now = deps.now();
      const terms = await initiationTermsOf(deps.accounts, bank.tenantId, service, product, call.body, now);
      const { payment } = await deps.payments.create({
        paymentId: randomUUID(), tenantId: bank.tenantId, clientId: call.tpp.clientId, service, product, transactionStatus: 'RCVD',
        debtorAccountId: terms.debtor.id, psuId: undefined, requestId: call.header('x-request-id')!, document: call.body, legs: terms.legs,
        ...(terms.standingOrder && { standingOrder: terms.standingOrder }),
        createdAt: now, updatedAt: now,
      });
      // Also when a first attempt died between the two writes: the repeat finds the payment and adds its consent.
      await ensurePaymentConsent(deps, payment, terms.debtor, now + DAY_MS, sca);
      (call.request.bgTrace ??= {}).paymentId = payment.paymentId;
      const notifying = await subscribeNotifications(deps, call, 'payment', payment.paymentId, notificationUri);
      const self = `/v1/${service}/${product}/${payment.paymentId}`;
      return {
        status: 201,
        headers: { Location: self, ...SCA_APPROACH_HEADER, ...notifying },
        body: {
          transactionStatus: payment.transactionStatus,
          paymentId: payment.paymentId,
          _links: {
            ...scaOAuthLink(deps.oauthIssuer()), ...scaRedirectLink(deps, sca, payment.paymentId),
            startAuthorisation: href(`${self}/authorisations`), self: href(self), status: href(`${self}/status`),
          },
        },
      };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: `${base}/:paymentId`, service: 'PIS', scopes: ADMIT_PIS,
    async handle(call) {
      const payment = await advancePayment(deps, await ownPayment(deps, call));
      return { status: 200, body: { ...payment.document, transactionStatus: payment.transactionStatus } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'GET', url: `${base}/:paymentId/status`, service: 'PIS', scopes: ADMIT_PIS,
    async handle(call) {
      const payment = await advancePayment(deps, await ownPayment(deps, call));
      return { status: 200, body: { transactionStatus: payment.transactionStatus } };
    },
  });

  bgRoute(server, deps, validate, {
    method: 'DELETE', url: `${base}/:paymentId`, service: 'PIS', scopes: ADMIT_PIS,
    async handle(call) {
      const payment = await advancePayment(deps, await ownPayment(deps, call));
      // Cancellable until the hub has it: afterwards the money may already be on its way (§5.7). A standing order
      // is cancellable until its last execution: the executions already made stand.
      const running = payment.standingOrder && !payment.standingOrder.finished && payment.transactionStatus === 'ACSP';
      if (payment.transactionStatus !== 'RCVD' && payment.transactionStatus !== 'ACTC' && !running) {
        throw berlinGroupError('CANCELLATION_INVALID', `a payment in status ${payment.transactionStatus} can no longer be cancelled`);
      }
      if (!(await deps.payments.update(payment.paymentId, payment.transactionStatus, { transactionStatus: 'CANC' }))) {
        throw berlinGroupError('CANCELLATION_INVALID', 'the payment moved on while it was being cancelled');
      }
      const instance = payment.standingOrder?.processInstanceKey;
      if (instance && deps.engine) await deps.engine.cancelInstance(instance).catch(() => undefined);
      const consent = await deps.consents.get(payment.paymentId);
      if (consent && (consent.status === 'received' || consent.status === 'valid')) {
        const ended = await deps.consents.terminateByTpp(consent.id, call.tpp.clientId);
        if (ended.grantId) await deps.revokeGrant(ended.grantId);
      }
      deps.events.statusChanged({ at: deps.now(), resource: 'payment', id: payment.paymentId, clientId: payment.clientId, tenantId: payment.tenantId, status: 'CANC' });
      return { status: 204 };
    },
  });
}
