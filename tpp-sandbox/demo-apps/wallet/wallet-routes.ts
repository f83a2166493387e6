// SPDX-License-Identifier: Apache-2.0
// The Lion Mobile Wallet's back-end (a BFF) on the public listener: server-made pages under /demo/wallet/ for a
// Lion Bank customer, every money operation a channel API call (wallet-client.ts). Forms post back here with the
// session's CSRF token, and every POST answers 303 so a reload never pays twice (RFC 9110 §15.4.4).
//
//   GET  /demo/wallet/                          sign-in, or home: balance, recent activity
//   POST /demo/wallet/sign-in | sign-out        demo sign-in: MSISDN + the sandbox PIN
//   GET  /demo/wallet/send, POST ...send        form → POST /channel/transfer (confirmationRequired)
//   GET  /demo/wallet/transfers/:id             quote to confirm, progress (self-refreshing), outcome
//   POST /demo/wallet/transfers/:id/confirmation → POST /channel/transfer/:id/confirmation
//   GET  /demo/wallet/request, POST ...request  form → POST /channel/transactionRequest
//   GET  /demo/wallet/requests[/:id]            incoming (outbox) and sent requests; one request
//   POST /demo/wallet/requests/:id/decision     → POST /channel/transactionRequest/:id/decision
//   GET  /demo/wallet/history                   GET /channel/accounts/MSISDN/:msisdn/transactions
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendHtmlPage } from '../../../platform/http/index.js';
import { ChannelApiError, WalletClient, type ChannelTransactionRequest, type ChannelTransfer } from './wallet-client.js';
import { checkAmount, checkMsisdn, checkNote } from './wallet-input.js';
import {
  errorPage, historyPage, homePage, requestPage, requestsPage, sendPage, signInPage, transactionRequestPage, transferPage,
  WALLET_BASE, WALLET_CSS, type Holder, type PaymentForm,
} from './wallet-pages.js';
import { sameSecret } from '../../../platform/crypto/index.js';
import { csrfMatches, WalletSessions, type WalletSession } from './wallet-sessions.js';

/** What the wallet needs of the sandbox (a subset of DemoAppOptions, declared here so the two modules import no cycle). */
export interface WalletOptions {
  /** Listener URLs by name, read per request: they are known only once every listener has bound its port. */
  urls: () => Readonly<Record<string, string>>;
}

/** The bank whose wallet this is (Lion Bank, FSP in01tn02). */
export const WALLET_TENANT = 'lion';

/** No script, styles from this origin only, forms post only here, never framed. */
export const WALLET_CSP = [
  "default-src 'none'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');

/** Requests a holder sent from this wallet that its pages remember, newest first. */
const SENT_REQUESTS_KEPT = 20;
const HISTORY_PAGE = 20;
const FORM_LIMIT_BYTES = 8 * 1024;

type Form = Record<string, string | undefined>;

const send = (reply: FastifyReply, document: string, status = 200) => sendHtmlPage(reply, document, { csp: WALLET_CSP, referrerPolicy: 'same-origin' }, status);
const seeOther = (reply: FastifyReply, location: string) => reply.status(303).header('location', location).header('cache-control', 'no-store').send();
const formOf = (request: FastifyRequest): Form => (request.body && typeof request.body === 'object' ? request.body as Form : {});
/** A form's idempotency key, or a fresh one when it carries none or a malformed one. */
const formKey = (value: string | undefined) => (value && /^[A-Za-z0-9-]{1,64}$/.test(value) ? value : randomUUID());

/** Mounts the wallet under /demo/wallet/. */
export async function walletRoutes(server: FastifyInstance, options: WalletOptions): Promise<void> {
  const client = new WalletClient(() => options.urls().public ?? '', WALLET_TENANT);
  const sessions = new WalletSessions();
  const sentRequests = new Map<string, string[]>();

  // Other contexts on this listener may parse forms already; this plugin's own parser is added only when none is.
  if (!server.hasContentTypeParser('application/x-www-form-urlencoded')) {
    server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
  }
  server.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ChannelApiError) {
      request.log.info({ status: error.status, reason: error.detail }, 'wallet: channel API refused');
      return send(reply, errorPage('Something went wrong', `Lion Bank answered: ${error.detail}`), error.status === 404 ? 404 : 502);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'wallet page failed');
    return send(reply, errorPage('Something went wrong', status === 500 ? 'The wallet could not show this page. Try again.' : error.message), status);
  });

  /** The signed-in holder of a request, or undefined (the caller redirects to sign-in). */
  const holderOf = async (request: FastifyRequest): Promise<{ session: WalletSession; holder: Holder } | undefined> => {
    const session = sessions.of(request);
    if (!session?.msisdn || !session.owner) return undefined;
    const manifest = await client.manifest();
    return { session, holder: { msisdn: session.msisdn, owner: session.owner, csrf: session.csrf, currency: manifest.currency ?? 'TZS', banks: manifest.banks } };
  };
  /** A POST's holder once the CSRF token matches; sends the refusal itself otherwise. */
  const postingHolder = async (request: FastifyRequest, reply: FastifyReply): Promise<Holder | undefined> => {
    const signed = await holderOf(request);
    if (!signed) {
      await seeOther(reply, WALLET_BASE);
      return undefined;
    }
    if (!csrfMatches(signed.session, formOf(request).csrf)) {
      await send(reply, errorPage('Form expired', 'This form is no longer valid. Go back, reload the page and try again.', signed.holder), 403);
      return undefined;
    }
    return signed.holder;
  };

  const incomingRequests = async (holder: Holder): Promise<ChannelTransactionRequest[]> => {
    const references = [...new Set((await client.requestNotifications(holder.msisdn)).map((message) => message.reference))];
    const requests = await Promise.all(references.map((id) => client.transactionRequest(id).catch(() => undefined)));
    return requests.filter((request): request is ChannelTransactionRequest => request?.direction === 'INBOUND' && request.payer.idValue === holder.msisdn);
  };
  const transferOfHolder = async (holder: Holder, transactionId: string): Promise<ChannelTransfer | undefined> => {
    const transfer = await client.transfer(transactionId).catch((error: unknown) => {
      if (error instanceof ChannelApiError && (error.status === 404 || error.status === 400)) return undefined;
      throw error;
    });
    return transfer && (transfer.payer.idValue === holder.msisdn || transfer.payee.idValue === holder.msisdn) ? transfer : undefined;
  };
  const requestOfHolder = async (holder: Holder, id: string): Promise<ChannelTransactionRequest | undefined> => {
    const request = await client.transactionRequest(id).catch((error: unknown) => {
      if (error instanceof ChannelApiError && (error.status === 404 || error.status === 400)) return undefined;
      throw error;
    });
    if (!request) return undefined;
    const mine = request.direction === 'INBOUND' ? request.payer.idValue === holder.msisdn : request.payee.idValue === holder.msisdn;
    return mine ? request : undefined;
  };
  const notFound = (reply: FastifyReply, holder: Holder) => send(reply, errorPage('Not found', 'This wallet has no such payment.', holder), 404);

  server.get('/demo/wallet', async (_request, reply) => reply.redirect(WALLET_BASE, 301));
  server.get('/demo/wallet/wallet.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(WALLET_CSS));

  server.get('/demo/wallet/', async (request, reply) => {
    const signed = await holderOf(request);
    if (!signed) {
      const session = sessions.ensure(request, reply);
      const manifest = await client.manifest();
      return send(reply, signInPage({ csrf: session.csrf, customers: await client.customers(), otp: manifest.sca.otp }));
    }
    const { holder } = signed;
    const [account, statement, incoming] = await Promise.all([client.account(holder.msisdn), client.statement(holder.msisdn, 0, 5), incomingRequests(holder)]);
    return send(reply, homePage(holder, account, statement.entries, incoming.filter((request) => request.status === 'PENDING').length));
  });

  server.post('/demo/wallet/sign-in', async (request, reply) => {
    const session = sessions.ensure(request, reply);
    const form = formOf(request);
    const [manifest, customers] = await Promise.all([client.manifest(), client.customers()]);
    const refuse = (error: string, status: number) => send(reply, signInPage({ csrf: session.csrf, customers, otp: manifest.sca.otp, error, ...(form.msisdn && { msisdn: form.msisdn }) }), status);
    if (!csrfMatches(session, form.csrf)) return refuse('The sign-in form expired; try again.', 403);
    const customer = customers.find((candidate) => candidate.msisdn === form.msisdn);
    if (!customer || !sameSecret(form.pin ?? '', manifest.sca.otp)) return refuse('That phone number and PIN do not match.', 401);
    sessions.signIn(request, reply, session, { msisdn: customer.msisdn, owner: customer.owner ?? customer.msisdn });
    return seeOther(reply, WALLET_BASE);
  });
  server.post('/demo/wallet/sign-out', async (request, reply) => {
    const session = sessions.of(request);
    if (session && csrfMatches(session, formOf(request).csrf)) sessions.signOut(request, reply, session);
    return seeOther(reply, WALLET_BASE);
  });

  // ---- send: form, quote to confirm, outcome ----
  server.get('/demo/wallet/send', async (request, reply) => {
    const signed = await holderOf(request);
    if (!signed) return seeOther(reply, WALLET_BASE);
    return send(reply, sendPage(signed.holder, { key: randomUUID() }));
  });
  server.post('/demo/wallet/send', async (request, reply) => {
    const holder = await postingHolder(request, reply);
    if (!holder) return reply;
    const form = formOf(request);
    const values: PaymentForm = { key: formKey(form.key), ...(form.to !== undefined && { msisdn: form.to }), ...(form.amount !== undefined && { amount: form.amount }), ...(form.note !== undefined && { note: form.note }) };
    const [to, amount, note] = [checkMsisdn(form.to), checkAmount(form.amount, holder.currency), checkNote(form.note)];
    const error = !to.ok ? to.error : !amount.ok ? amount.error : !note.ok ? note.error : to.value === holder.msisdn ? 'You cannot send money to yourself.' : undefined;
    if (error || !to.ok || !amount.ok || !note.ok) return send(reply, sendPage(holder, { ...values, error: error! }), 400);
    try {
      const started = await client.startTransfer(holder.msisdn, to.value, { amount: amount.value, currency: holder.currency }, note.value, `wallet:${holder.msisdn}:${values.key}`);
      return seeOther(reply, `${WALLET_BASE}transfers/${encodeURIComponent(started.transactionId)}`);
    } catch (failure) {
      if (!(failure instanceof ChannelApiError) || failure.status >= 500) throw failure;
      return send(reply, sendPage(holder, { ...values, error: `Lion Bank refused the payment: ${failure.detail}` }), failure.status === 409 ? 409 : 400);
    }
  });
  server.get<{ Params: { id: string } }>('/demo/wallet/transfers/:id', async (request, reply) => {
    const signed = await holderOf(request);
    if (!signed) return seeOther(reply, WALLET_BASE);
    const transfer = await transferOfHolder(signed.holder, request.params.id);
    return transfer ? send(reply, transferPage(signed.holder, transfer)) : notFound(reply, signed.holder);
  });
  server.post<{ Params: { id: string } }>('/demo/wallet/transfers/:id/confirmation', async (request, reply) => {
    const holder = await postingHolder(request, reply);
    if (!holder) return reply;
    const transfer = await transferOfHolder(holder, request.params.id);
    if (!transfer || transfer.direction !== 'OUTBOUND' || transfer.payer.idValue !== holder.msisdn) return notFound(reply, holder);
    // A second click after the first answer is a 409 of the API: the transfer page shows where it is anyway.
    await client.confirmTransfer(transfer.transactionId, formOf(request).accept === 'true').catch((error: unknown) => {
      if (!(error instanceof ChannelApiError && error.status === 409)) throw error;
    });
    return seeOther(reply, `${WALLET_BASE}transfers/${encodeURIComponent(transfer.transactionId)}`);
  });

  // ---- requests to pay ----
  server.get('/demo/wallet/request', async (request, reply) => {
    const signed = await holderOf(request);
    if (!signed) return seeOther(reply, WALLET_BASE);
    return send(reply, requestPage(signed.holder, { key: randomUUID() }));
  });
  server.post('/demo/wallet/request', async (request, reply) => {
    const holder = await postingHolder(request, reply);
    if (!holder) return reply;
    const form = formOf(request);
    const values: PaymentForm = { key: formKey(form.key), ...(form.from !== undefined && { msisdn: form.from }), ...(form.amount !== undefined && { amount: form.amount }), ...(form.note !== undefined && { note: form.note }) };
    const [from, amount, note] = [checkMsisdn(form.from), checkAmount(form.amount, holder.currency), checkNote(form.note)];
    const error = !from.ok ? from.error : !amount.ok ? amount.error : !note.ok ? note.error : from.value === holder.msisdn ? 'You cannot ask yourself for money.' : undefined;
    if (error || !from.ok || !amount.ok || !note.ok) return send(reply, requestPage(holder, { ...values, error: error! }), 400);
    try {
      const sent = await client.requestToPay(holder.msisdn, from.value, { amount: amount.value, currency: holder.currency }, note.value, `wallet:${holder.msisdn}:${values.key}`);
      const ids = sentRequests.get(holder.msisdn) ?? [];
      if (!ids.includes(sent.transactionRequestId)) sentRequests.set(holder.msisdn, [sent.transactionRequestId, ...ids].slice(0, SENT_REQUESTS_KEPT));
      return seeOther(reply, `${WALLET_BASE}requests/${encodeURIComponent(sent.transactionRequestId)}`);
    } catch (failure) {
      if (!(failure instanceof ChannelApiError) || failure.status >= 500) throw failure;
      return send(reply, requestPage(holder, { ...values, error: `Lion Bank refused the request: ${failure.detail}` }), failure.status === 409 ? 409 : 400);
    }
  });
  server.get('/demo/wallet/requests', async (request, reply) => {
    const signed = await holderOf(request);
    if (!signed) return seeOther(reply, WALLET_BASE);
    const { holder } = signed;
    const [incoming, sent] = await Promise.all([
      incomingRequests(holder),
      Promise.all((sentRequests.get(holder.msisdn) ?? []).map((id) => requestOfHolder(holder, id))),
    ]);
    return send(reply, requestsPage(holder, incoming, sent.filter((one): one is ChannelTransactionRequest => one !== undefined)));
  });
  server.get<{ Params: { id: string } }>('/demo/wallet/requests/:id', async (request, reply) => {
    const signed = await holderOf(request);
    if (!signed) return seeOther(reply, WALLET_BASE);
    const found = await requestOfHolder(signed.holder, request.params.id);
    if (!found) return notFound(reply, signed.holder);
    // The transfer that settles it is recorded at the payer's bank: this wallet sees it only when it pays.
    const transfer = found.direction === 'INBOUND' && found.transactionId ? await transferOfHolder(signed.holder, found.transactionId) : undefined;
    return send(reply, transactionRequestPage(signed.holder, found, transfer?.stage === 'AWAITING_DECISION' ? undefined : transfer));
  });
  server.post<{ Params: { id: string } }>('/demo/wallet/requests/:id/decision', async (request, reply) => {
    const holder = await postingHolder(request, reply);
    if (!holder) return reply;
    const found = await requestOfHolder(holder, request.params.id);
    if (!found || found.direction !== 'INBOUND') return notFound(reply, holder);
    await client.decide(found.transactionRequestId, formOf(request).accept === 'true').catch((error: unknown) => {
      if (!(error instanceof ChannelApiError && error.status === 409)) throw error;
    });
    return seeOther(reply, `${WALLET_BASE}requests/${encodeURIComponent(found.transactionRequestId)}`);
  });

  server.get<{ Querystring: { offset?: string } }>('/demo/wallet/history', async (request, reply) => {
    const signed = await holderOf(request);
    if (!signed) return seeOther(reply, WALLET_BASE);
    const offset = typeof request.query.offset === 'string' && /^\d{1,6}$/.test(request.query.offset) ? Number(request.query.offset) : 0;
    const statement = await client.statement(signed.holder.msisdn, offset, HISTORY_PAGE);
    return send(reply, historyPage(signed.holder, statement.entries, { offset, limit: HISTORY_PAGE, total: statement.total }));
  });
}
