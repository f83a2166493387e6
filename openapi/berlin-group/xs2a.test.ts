// SPDX-License-Identifier: Apache-2.0
// Lango's XS2A contract: it loads in openapi-backend, offers exactly the operations Lango serves, and its
// request schemas accept what the framework allows and refuse what Lango refuses.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import formats from 'ajv-formats';
import { OpenAPIBackend, type AjvCustomizer, type Document, type Request } from 'openapi-backend';
import { assertBerlinGroupConformant } from '../../test/support/berlin-group-conformance.js';
import { loadBerlinGroupContract } from '../index.js';

type Ajv = Parameters<AjvCustomizer>[0];
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (ajv: Ajv) => Ajv;

const OPERATIONS = [
  ['post', '/v1/consents', 'createConsent'],
  ['get', '/v1/consents/{consentId}', 'getConsentInformation'],
  ['delete', '/v1/consents/{consentId}', 'deleteConsent'],
  ['get', '/v1/consents/{consentId}/status', 'getConsentStatus'],
  ['post', '/v1/consents/{consentId}/authorisations', 'startConsentAuthorisation'],
  ['get', '/v1/consents/{consentId}/authorisations', 'getConsentAuthorisation'],
  ['get', '/v1/consents/{consentId}/authorisations/{authorisationId}', 'getConsentScaStatus'],
  ['get', '/v1/accounts', 'getAccountList'],
  ['get', '/v1/accounts/{account-id}', 'readAccountDetails'],
  ['get', '/v1/accounts/{account-id}/balances', 'getBalances'],
  ['get', '/v1/accounts/{account-id}/transactions', 'getTransactionList'],
  ['post', '/v1/{payment-service}/{payment-product}', 'initiatePayment'],
  ['get', '/v1/{payment-service}/{payment-product}/{paymentId}', 'getPaymentInformation'],
  ['delete', '/v1/{payment-service}/{payment-product}/{paymentId}', 'cancelPayment'],
  ['get', '/v1/{payment-service}/{payment-product}/{paymentId}/status', 'getPaymentInitiationStatus'],
  ['post', '/v1/{payment-service}/{payment-product}/{paymentId}/authorisations', 'startPaymentAuthorisation'],
  ['get', '/v1/{payment-service}/{payment-product}/{paymentId}/authorisations', 'getPaymentInitiationAuthorisation'],
  ['get', '/v1/{payment-service}/{payment-product}/{paymentId}/authorisations/{authorisationId}', 'getPaymentInitiationScaStatus'],
  ['post', '/v1/funds-confirmations', 'checkAvailabilityOfFunds'],
  ['post', '/v1/signing-baskets', 'createSigningBasket'],
  ['get', '/v1/signing-baskets/{basketId}', 'getSigningBasket'],
  ['delete', '/v1/signing-baskets/{basketId}', 'deleteSigningBasket'],
  ['get', '/v1/signing-baskets/{basketId}/status', 'getSigningBasketStatus'],
  ['post', '/v1/signing-baskets/{basketId}/authorisations', 'startSigningBasketAuthorisation'],
  ['get', '/v1/signing-baskets/{basketId}/authorisations', 'getSigningBasketAuthorisation'],
  ['get', '/v1/signing-baskets/{basketId}/authorisations/{authorisationId}', 'getSigningBasketScaStatus'],
] as const;

const REQUEST_ID = '99391c7e-ad88-49ec-a2ad-99ddcb1f7721';
const IBAN = 'DE89370400440532013000';
const headers = { 'x-request-id': REQUEST_ID, 'psu-ip-address': '192.168.8.78', 'content-type': 'application/json' };
const consent = {
  access: { balances: [{ iban: IBAN }], transactions: [{ iban: IBAN, currency: 'EUR' }] },
  recurringIndicator: true,
  validUntil: '2027-06-30',
  frequencyPerDay: 4,
  combinedServiceIndicator: false,
};
const payment = {
  endToEndIdentification: 'e2e-1',
  debtorAccount: { iban: IBAN },
  instructedAmount: { currency: 'EUR', amount: '123.50' },
  creditorAccount: { iban: 'FR7612345987650123456789014' },
  creditorName: 'Merchant123',
  remittanceInformationUnstructured: 'Ref Number Merchant',
};

const href = (path: string) => ({ href: path });
const amount = { currency: 'EUR', amount: '-12.30' };
const balance = { balanceAmount: { currency: 'EUR', amount: '500.00' }, balanceType: 'interimAvailable', referenceDate: '2026-12-06' };
const account = { resourceId: 'acc-1', iban: IBAN, currency: 'EUR', name: 'Main', cashAccountType: 'CACC', status: 'enabled', _links: { balances: href('/v1/accounts/acc-1/balances') } };
const authorisationStarted = { scaStatus: 'received', authorisationId: 'auth-1', _links: { scaRedirect: href('https://bank.example/sca/auth-1'), scaStatus: href('/v1/x/auth-1') } };
const tppError = (code: string) => ({ tppMessages: [{ category: 'ERROR', code, path: 'instructedAmount.amount', text: 'Amount is not a decimal' }] });

/** One answer per operation (and each error status), as Lango's contract describes them. */
const ANSWERS: [method: string, path: string, status: number, body: unknown][] = [
  ['post', '/v1/consents', 201, { consentStatus: 'received', consentId: 'c-1', _links: { scaRedirect: href('https://bank.example/sca'), self: href('/v1/consents/c-1'), status: href('/v1/consents/c-1/status') } }],
  ['get', '/v1/consents/c-1', 200, { ...consent, lastActionDate: '2026-12-06', consentStatus: 'valid', _links: { account: href('/v1/accounts') } }],
  ['delete', '/v1/consents/c-1', 204, undefined],
  ['get', '/v1/consents/c-1/status', 200, { consentStatus: 'valid' }],
  ['post', '/v1/consents/c-1/authorisations', 201, authorisationStarted],
  ['get', '/v1/consents/c-1/authorisations', 200, { authorisationIds: ['auth-1'] }],
  ['get', '/v1/consents/c-1/authorisations/auth-1', 200, { scaStatus: 'finalised' }],
  ['get', '/v1/accounts', 200, { accounts: [{ ...account, balances: [balance] }] }],
  ['get', '/v1/accounts/acc-1', 200, { account }],
  ['get', '/v1/accounts/acc-1/balances', 200, { account: { iban: IBAN }, balances: [balance] }],
  ['get', '/v1/accounts/acc-1/transactions', 200, {
    account: { iban: IBAN },
    transactions: {
      booked: [{ transactionId: 't-1', bookingDate: '2026-12-01', valueDate: '2026-12-01', transactionAmount: amount, creditorName: 'Shop', creditorAccount: { iban: 'FR7612345987650123456789014' }, remittanceInformationUnstructured: 'Order 1' }],
      pending: [],
      _links: { account: href('/v1/accounts/acc-1'), next: href('/v1/accounts/acc-1/transactions?bookingStatus=both&pageIndex=1') },
    },
    balances: [balance],
  }],
  ['post', '/v1/payments/sepa-credit-transfers', 201, { transactionStatus: 'RCVD', paymentId: 'p-1', transactionFees: { currency: 'EUR', amount: '0.5' }, _links: { scaRedirect: href('https://bank.example/sca'), self: href('/v1/payments/sepa-credit-transfers/p-1'), status: href('/v1/payments/sepa-credit-transfers/p-1/status') } }],
  ['get', '/v1/payments/sepa-credit-transfers/p-1', 200, { ...payment, transactionStatus: 'ACSP' }],
  ['get', '/v1/periodic-payments/sepa-credit-transfers/p-2', 200, { ...payment, startDate: '2027-01-01', frequency: 'Monthly', dayOfExecution: '1', transactionStatus: 'ACTC' }],
  ['get', '/v1/bulk-payments/sepa-credit-transfers/p-3', 200, { debtorAccount: { iban: IBAN }, payments: [{ instructedAmount: amount, creditorAccount: { iban: IBAN }, creditorName: 'A' }], transactionStatus: 'PATC' }],
  ['delete', '/v1/payments/sepa-credit-transfers/p-1', 204, undefined],
  ['delete', '/v1/payments/sepa-credit-transfers/p-1', 202, { transactionStatus: 'ACTC', _links: { startAuthorisation: href('/v1/payments/sepa-credit-transfers/p-1/cancellation-authorisations') } }],
  ['get', '/v1/payments/sepa-credit-transfers/p-1/status', 200, { transactionStatus: 'ACSC', fundsAvailable: true }],
  ['post', '/v1/payments/sepa-credit-transfers/p-1/authorisations', 201, authorisationStarted],
  ['get', '/v1/payments/sepa-credit-transfers/p-1/authorisations', 200, { authorisationIds: [] }],
  ['get', '/v1/payments/sepa-credit-transfers/p-1/authorisations/auth-1', 200, { scaStatus: 'started', _links: { scaRedirect: href('https://bank.example/sca') } }],
  ['post', '/v1/funds-confirmations', 200, { fundsAvailable: false }],
  ['post', '/v1/signing-baskets', 201, { transactionStatus: 'RCVD', basketId: 'b-1', _links: { scaRedirect: href('https://bank.example/sca'), self: href('/v1/signing-baskets/b-1') } }],
  ['get', '/v1/signing-baskets/b-1', 200, { payments: ['p-1'], consents: ['c-1'], transactionStatus: 'RCVD', _links: { self: href('/v1/signing-baskets/b-1') } }],
  ['delete', '/v1/signing-baskets/b-1', 204, undefined],
  ['get', '/v1/signing-baskets/b-1/status', 200, { transactionStatus: 'ACTC' }],
  ['post', '/v1/signing-baskets/b-1/authorisations', 201, authorisationStarted],
  ['get', '/v1/signing-baskets/b-1/authorisations', 200, { authorisationIds: ['auth-1'] }],
  ['get', '/v1/signing-baskets/b-1/authorisations/auth-1', 200, { scaStatus: 'failed', psuMessage: 'SCA failed' }],
  ...([400, 401, 403, 404, 405, 409] as const).map((status): [string, string, number, unknown] =>
    ['post', '/v1/payments/sepa-credit-transfers', status, tppError('FORMAT_ERROR')]),
  // Outside AIS the framework gives 406 and 429 no body.
  ['post', '/v1/payments/sepa-credit-transfers', 406, undefined],
  ['post', '/v1/funds-confirmations', 429, undefined],
  ['get', '/v1/accounts/acc-1/transactions', 406, tppError('REQUESTED_FORMATS_INVALID')],
  ['get', '/v1/accounts/acc-1/transactions', 429, tppError('ACCESS_EXCEEDED')],
  ['post', '/v1/signing-baskets', 409, tppError('REFERENCE_STATUS_INVALID')],
];

describe('Lango XS2A contract (openapi/berlin-group/xs2a.yaml)', () => {
  let api: OpenAPIBackend;
  const errorsOf = (request: Request): string[] =>
    (api.validateRequest(request).errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);

  before(async () => {
    api = new OpenAPIBackend({
      definition: loadBerlinGroupContract() as Document,
      validate: true,
      quick: false,
      ajvOpts: { strict: false },
      customizeAjv: (ajv) => addFormats(ajv),
    });
    await api.init();
  });

  it('passes openapi-backend meta-validation and offers exactly the operations Lango serves', () => {
    const offered = api.getOperations().map((operation) => [operation.method, operation.path, operation.operationId]);
    assert.deepEqual(offered.sort(), OPERATIONS.map((operation) => [...operation]).sort());
  });

  it('accepts a createConsent request as the framework writes it', () => {
    assert.deepEqual(errorsOf({ method: 'post', path: '/v1/consents', headers, body: consent }), []);
  });

  it('refuses a createConsent request without X-Request-ID', () => {
    const { 'x-request-id': _dropped, ...withoutId } = headers;
    assert.ok(errorsOf({ method: 'post', path: '/v1/consents', headers: withoutId, body: consent }).some((error) => error.includes('x-request-id')));
  });

  it('refuses a consent without combinedServiceIndicator or with frequencyPerDay 0', () => {
    const { combinedServiceIndicator: _dropped, ...partial } = consent;
    assert.notDeepEqual(errorsOf({ method: 'post', path: '/v1/consents', headers, body: partial }), []);
    assert.notDeepEqual(errorsOf({ method: 'post', path: '/v1/consents', headers, body: { ...consent, frequencyPerDay: 0 } }), []);
  });

  it('refuses an account reference with two identifiers or none', () => {
    for (const reference of [{ iban: IBAN, bban: '370400440532013000' }, { currency: 'EUR' }]) {
      const body = { ...consent, access: { accounts: [reference] } };
      assert.notDeepEqual(errorsOf({ method: 'post', path: '/v1/consents', headers, body }), [], JSON.stringify(reference));
    }
  });

  it('accepts a payment for any well-formed product: an unknown one is answered PRODUCT_UNKNOWN by the route', () => {
    for (const product of ['sepa-credit-transfers', 'instant-sepa-credit-transfers', 'no-such-product']) {
      assert.deepEqual(errorsOf({ method: 'post', path: `/v1/payments/${product}`, headers, body: payment }), [], product);
    }
    assert.notDeepEqual(errorsOf({ method: 'post', path: '/v1/payments/pain.001-sepa-credit-transfers', headers, body: payment }), []);
    assert.notDeepEqual(errorsOf({ method: 'post', path: '/v1/standing-orders/sepa-credit-transfers', headers, body: payment }), []);
  });

  it('refuses amounts the official unanchored pattern lets through', () => {
    for (const amount of ['12,50', '1.2345', '00.5', 'x12', '123456789012345', '']) {
      const body = { ...payment, instructedAmount: { currency: 'EUR', amount } };
      assert.notDeepEqual(errorsOf({ method: 'post', path: '/v1/payments/sepa-credit-transfers', headers, body }), [], amount);
    }
  });

  it('accepts periodic and bulk payments', () => {
    const periodic = { ...payment, startDate: '2027-01-01', frequency: 'Monthly', executionRule: 'following', dayOfExecution: '31' };
    assert.deepEqual(errorsOf({ method: 'post', path: '/v1/periodic-payments/sepa-credit-transfers', headers, body: periodic }), []);
    const bulk = {
      batchBookingPreferred: true,
      debtorAccount: { iban: IBAN },
      requestedExecutionDate: '2027-01-02',
      payments: [{ instructedAmount: { currency: 'EUR', amount: '1' }, creditorAccount: { iban: IBAN }, creditorName: 'A' }],
    };
    assert.deepEqual(errorsOf({ method: 'post', path: '/v1/bulk-payments/sepa-credit-transfers', headers, body: bulk }), []);
  });

  it('pages transactions within 1..500 items and requires bookingStatus, as the framework does', () => {
    const read = (query: Record<string, string>) => errorsOf({
      method: 'get',
      path: '/v1/accounts/acc-1/transactions',
      headers: { 'x-request-id': REQUEST_ID, 'consent-id': 'consent-1' },
      query,
    });
    assert.deepEqual(read({ bookingStatus: 'booked', dateFrom: '2026-01-01', pageIndex: '0', itemsPerPage: '500' }), []);
    assert.notDeepEqual(read({ bookingStatus: 'booked', itemsPerPage: '501' }), []);
    assert.notDeepEqual(read({ bookingStatus: 'booked', pageIndex: '-1' }), []);
    assert.notDeepEqual(read({ bookingStatus: 'everything' }), []);
    assert.notDeepEqual(read({}), []);
  });

  it('describes answers that the official v1.3.12 file accepts too', async () => {
    for (const [method, path, status, body] of ANSWERS) {
      const operation = api.router.matchOperation({ method, path, headers: {}, query: {} });
      assert.ok(operation, `${method} ${path}`);
      const documented = (operation.responses as Record<string, { content?: unknown } | undefined>)[String(status)];
      assert.ok(documented, `Lango's contract: ${operation.operationId} has no ${status}`);
      if (body === undefined) assert.equal(documented.content, undefined, `Lango's contract: ${operation.operationId} ${status} has a body`);
      else assert.deepEqual(api.validateResponse(body, operation, status).errors ?? [], [], `Lango's contract: ${operation.operationId} ${status}`);
      await assertBerlinGroupConformant({ method, path, status, headers: { 'x-request-id': REQUEST_ID }, body });
    }
  });

  it('requires Consent-ID on account reads', () => {
    assert.notDeepEqual(errorsOf({ method: 'get', path: '/v1/accounts', headers: { 'x-request-id': REQUEST_ID } }), []);
  });
});
