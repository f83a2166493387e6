// SPDX-License-Identifier: Apache-2.0
// The demo aggregator's routes (a backend-for-frontend on the public listener): the user's sign-in, the banks it
// connects through the Berlin Group consent flow, its accounts across them, and payments, each page a server-made
// form. Every bank call goes through aggregator-client.ts, i.e. through Lango's public APIs only.
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendHtmlPage } from '../../../platform/http/index.js';
import { AGGREGATOR_CALLBACK_PATH } from '../../demo-clients.js';
import { DEMO_APP_PATHS, type DemoAppOptions } from '../demo-app-options.js';
import { openAggregatorClient, type AggregatorClient, type PendingAuthorisation, type SandboxBank } from './aggregator-client.js';
import {
  accountPage, accountsPage, aggregatorCsp, banksPage, payPage, paymentPage, problemPage, signInPage, type BankAccounts, type Chrome,
} from './aggregator-pages.js';
import { sameToken, sessionStore, type AuthorisationPurpose, type Session } from './aggregator-session.js';
import { aggregatorErrorOf, AuthorisationRefusedError, BankRefusedError, FormInvalidError } from './errors.js';
import { paymentFormValues, readPaymentForm, type PaymentFormValues, type SourceAccount } from './payment-form.js';

/** The aggregator's own user (a fintech's customer, not a bank user); published on the sign-in page. */
const DEMO_USER = { username: 'tppuser', password: 'tppuser-pass-1' } as const;
/** Authorisations under way kept per session. */
const MAX_PENDING = 10;
/** Largest form body, in bytes. */
const FORM_LIMIT_BYTES = 8 * 1024;

type Form = Record<string, string>;

/** The error in words for the page; anything not the aggregator's own is a bug, logged and not shown. */
function problemOf(request: FastifyRequest, error: unknown, bankName: string): string {
  const known = aggregatorErrorOf(error);
  if (known instanceof BankRefusedError) {
    const texts = known.messages.map((message) => [message.code, message.text].filter(Boolean).join(': ')).filter(Boolean);
    return `${bankName} refused: ${texts.length > 0 ? texts.join('; ') : `HTTP ${known.status}`}`;
  }
  if (known instanceof AuthorisationRefusedError) {
    return known.error === 'access_denied' ? `You did not allow it at ${bankName}.` : `${bankName}'s authorisation failed: ${known.message}`;
  }
  if (known) return known.code === 'BANK_UNREACHABLE' ? `${bankName} could not be reached; try again in a moment.` : known.message;
  request.log.error({ err: error }, 'demo aggregator failed');
  return 'Something went wrong on our side; try again.';
}

/** The PSU's address for PSU-IP-Address (an IPv4-mapped IPv6 address as plain IPv4). */
function psuIpOf(request: FastifyRequest): string {
  const ip = request.ip.replace(/^::ffff:/, '');
  return isIP(ip) ? ip : '127.0.0.1';
}

/** Keeps an authorisation under way until the browser returns; only the latest few (an abandoned one is never collected). */
function rememberPending(session: Session, pending: PendingAuthorisation, purpose: AuthorisationPurpose): void {
  while (session.pending.size >= MAX_PENDING) session.pending.delete(session.pending.keys().next().value!);
  session.pending.set(pending.state, { ...pending, purpose });
}

/** Mounts the demo aggregator under DEMO_APP_PATHS.aggregator. */
export async function aggregatorRoutes(server: FastifyInstance, options: DemoAppOptions): Promise<void> {
  const base = DEMO_APP_PATHS.aggregator;
  const sessions = sessionStore(base);
  const redirectUri = () => `${options.urls().public}${AGGREGATOR_CALLBACK_PATH}`;

  // The client is made at the first use: the manifest's URLs exist only once every listener has its port.
  let opening: Promise<AggregatorClient> | undefined;
  const client = () => opening ??= openAggregatorClient({ manifestUrl: `${options.urls().public}/sandbox/manifest.json`, caCertificatePem: options.caCertificatePem })
    .catch((error: unknown) => { opening = undefined; throw error; });
  server.addHook('onClose', async () => { await (await opening?.catch(() => undefined))?.close(); });

  server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (_request, body, done) => {
    const form: Form = {};
    for (const [key, value] of new URLSearchParams(body as string)) form[key] ??= value;
    done(null, form);
  });

  const send = (reply: FastifyReply, document: string, status = 200) =>
    sendHtmlPage(reply, document, { csp: aggregatorCsp(new URL(options.urls().public!).origin), referrerPolicy: 'no-referrer' }, status);
  // What no route caught (the manifest unreachable, say) is still a page, not the public listener's JSON error.
  server.setErrorHandler((error, request, reply) => {
    // Fastify's own refusals (a form too large, a bad content type) keep their 4xx status.
    const status = (error as { statusCode?: number }).statusCode;
    const refused = status !== undefined && status >= 400 && status < 500;
    const problem = refused ? 'This request could not be read; go back and try again.' : problemOf(request, error, 'Lango');
    return send(reply, problemPage({ base, csrf: '' }, { title: 'Something went wrong', problem, back: base, backLabel: 'Start again' }), refused ? status : 502);
  });
  // Post/Redirect/Get: 303, so a reload never submits a form twice (RFC 9110 §15.4.4).
  const seeOther = (reply: FastifyReply, location: string) => reply.status(303).header('location', location).header('cache-control', 'no-store').send();
  const chromeOf = (session: Session): Chrome => ({ base, user: session.user, csrf: session.csrf });
  const bankOf = async (tenantId: string): Promise<SandboxBank | undefined> => (await client()).banks.find((bank) => bank.tenantId === tenantId);
  const takeFlash = (session: Session) => {
    const flash = session.flash;
    session.flash = undefined;
    return flash;
  };

  /** The signed-in session, or undefined after sending the browser to the sign-in page. */
  const signedIn = (request: FastifyRequest, reply: FastifyReply): Session | undefined => {
    const session = sessions.current(request);
    if (session?.user) return session;
    void seeOther(reply, base);
    return undefined;
  };
  /** The signed-in session of a form post carrying its CSRF token, or undefined after answering 403. */
  const posted = (request: FastifyRequest, reply: FastifyReply): Session | undefined => {
    const session = sessions.current(request);
    if (session?.user && sameToken(session.csrf, (request.body as Form | undefined)?.csrf)) return session;
    void send(reply, problemPage({ base, csrf: '' }, { title: 'Please sign in again', problem: 'This form has expired or did not come from this app.', back: base, backLabel: 'Sign in' }), 403);
    return undefined;
  };

  /** The accounts of every connected bank, read now with their balances; a bank that fails keeps its message. */
  async function accountsOfConnected(request: FastifyRequest, session: Session): Promise<BankAccounts[]> {
    const api = await client();
    return Promise.all([...session.connections.values()].map(async (connection) => {
      const bank = (await bankOf(connection.bank)) ?? { tenantId: connection.bank, name: connection.bank, fspId: '', currency: '' };
      try {
        return { bank, accounts: await api.accounts(connection, psuIpOf(request)) };
      } catch (error) {
        return { bank, accounts: [], problem: problemOf(request, error, bank.name) };
      }
    }));
  }
  const sourcesOf = (groups: readonly BankAccounts[]): SourceAccount[] =>
    groups.flatMap((group) => group.accounts.map((account) => ({ bank: group.bank.tenantId, bankName: group.bank.name, account })));

  async function showBanks(reply: FastifyReply, session: Session, problem?: string, status = 200) {
    const banks = (await client()).banks.map((bank) => ({ bank, consentId: session.connections.get(bank.tenantId)?.consentId }));
    const notice = takeFlash(session);
    return send(reply, banksPage(chromeOf(session), { banks, ...(notice && { notice }), ...(problem && { problem }) }), status);
  }

  server.get(base.slice(0, -1), async (_request, reply) => seeOther(reply, base));
  server.get(base, async (request, reply) => {
    const session = sessions.current(request) ?? sessions.start(request, reply);
    if (session.user) return seeOther(reply, `${base}banks`);
    return send(reply, signInPage(chromeOf(session), {}));
  });

  server.post(`${base}sign-in`, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const session = sessions.current(request);
    if (!session || !sameToken(session.csrf, form.csrf)) {
      return send(reply, signInPage(chromeOf(sessions.start(request, reply, session)), { problem: 'Your session had expired; sign in again.' }), 403);
    }
    const username = form.username ?? '';
    if (username !== DEMO_USER.username || !sameToken(DEMO_USER.password, form.password)) {
      return send(reply, signInPage(chromeOf(session), { username, problem: 'The username or password is not right.' }), 401);
    }
    // A fresh session id at sign-in: an id planted in the browser before it is worth nothing (session fixation).
    sessions.start(request, reply, session).user = DEMO_USER.username;
    return seeOther(reply, `${base}banks`);
  });

  server.post(`${base}sign-out`, async (request, reply) => {
    const session = posted(request, reply);
    if (!session) return reply;
    sessions.end(reply, session);
    return seeOther(reply, base);
  });

  server.get(`${base}banks`, async (request, reply) => {
    const session = signedIn(request, reply);
    return session ? showBanks(reply, session) : reply;
  });

  // Connect: an AIS consent at the bank, then the browser goes to the bank (PAR) to authorise it.
  server.post<{ Params: { bank: string } }>(`${base}banks/:bank/connect`, async (request, reply) => {
    const session = posted(request, reply);
    if (!session) return reply;
    const bank = await bankOf(request.params.bank);
    if (!bank) return showBanks(reply, session, 'There is no such bank.', 404);
    try {
      const api = await client();
      const consentId = await api.createConsent(bank.tenantId, psuIpOf(request));
      const pending = await api.startAuthorisation(`AIS:${consentId}`, bank.tenantId, redirectUri());
      rememberPending(session, pending, { kind: 'consent', bank: bank.tenantId, consentId });
      return seeOther(reply, pending.url.href);
    } catch (error) {
      return showBanks(reply, session, problemOf(request, error, bank.name), 502);
    }
  });

  // Remove: the consent is ended at the bank (its tokens with it) and forgotten here.
  server.post<{ Params: { bank: string } }>(`${base}banks/:bank/remove`, async (request, reply) => {
    const session = posted(request, reply);
    if (!session) return reply;
    const connection = session.connections.get(request.params.bank);
    const bank = await bankOf(request.params.bank);
    if (!connection || !bank) return seeOther(reply, `${base}banks`);
    try {
      await (await client()).deleteConsent(connection.consentId);
    } catch (error) {
      // A consent the PSU already revoked, or that expired, is over anyway: forget it all the same.
      if (!(error instanceof BankRefusedError && error.status < 500)) return showBanks(reply, session, problemOf(request, error, bank.name), 502);
    }
    session.connections.delete(bank.tenantId);
    session.flash = `${bank.name} was removed: its consent is ended and its accounts are no longer read.`;
    return seeOther(reply, `${base}banks`);
  });

  // The browser comes back from the bank: check it, exchange the code, and go on with what was authorised.
  server.get(AGGREGATOR_CALLBACK_PATH, async (request, reply) => {
    const session = signedIn(request, reply);
    if (!session) return reply;
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const state = new URLSearchParams(query).get('state') ?? '';
    const pending = session.pending.get(state);
    if (!pending) return send(reply, problemPage(chromeOf(session), { title: 'Unknown answer', problem: 'This answer from a bank belongs to no authorisation under way here.', back: `${base}banks`, backLabel: 'Your banks' }), 400);
    session.pending.delete(state);
    const { purpose } = pending;
    const bankName = (await bankOf(purpose.bank))?.name ?? purpose.bank;
    let tokens;
    try {
      tokens = await (await client()).finishAuthorisation(new URL(`${redirectUri()}${query}`), pending);
    } catch (error) {
      if (purpose.kind === 'consent') return showBanks(reply, session, problemOf(request, error, bankName), 400);
      // The payment page tells what happened (a refused payment ends RJCT); the reason goes with it once.
      session.flash = problemOf(request, error, bankName);
      return seeOther(reply, `${base}payments/${encodeURIComponent(purpose.paymentId)}`);
    }
    if (purpose.kind === 'payment') return seeOther(reply, `${base}payments/${encodeURIComponent(purpose.paymentId)}`);
    session.connections.set(purpose.bank, { bank: purpose.bank, consentId: purpose.consentId, tokens });
    session.flash = `${bankName} is connected.`;
    return seeOther(reply, `${base}accounts`);
  });

  server.get(`${base}accounts`, async (request, reply) => {
    const session = signedIn(request, reply);
    if (!session) return reply;
    const banks = await accountsOfConnected(request, session);
    return send(reply, accountsPage(chromeOf(session), { banks, notice: takeFlash(session) }));
  });

  server.get<{ Params: { bank: string; accountId: string } }>(`${base}accounts/:bank/:accountId`, async (request, reply) => {
    const session = signedIn(request, reply);
    if (!session) return reply;
    const connection = session.connections.get(request.params.bank);
    const bank = await bankOf(request.params.bank);
    if (!connection || !bank) return seeOther(reply, `${base}accounts`);
    const api = await client();
    try {
      const account = await api.account(connection, request.params.accountId, psuIpOf(request));
      let transactions: Awaited<ReturnType<AggregatorClient['transactions']>> = [];
      let problem: string | undefined;
      try {
        transactions = await api.transactions(connection, request.params.accountId, psuIpOf(request));
      } catch (error) {
        problem = problemOf(request, error, bank.name);
      }
      return send(reply, accountPage(chromeOf(session), { bank, account, transactions, problem }));
    } catch (error) {
      return send(reply, problemPage(chromeOf(session), { title: 'Account', problem: problemOf(request, error, bank.name), back: `${base}accounts`, backLabel: 'Your accounts' }), 502);
    }
  });

  server.get(`${base}pay`, async (request, reply) => {
    const session = signedIn(request, reply);
    if (!session) return reply;
    const sources = sourcesOf(await accountsOfConnected(request, session));
    const values: PaymentFormValues = { from: '', product: 'mojaloop-credit-transfers', creditor: '', creditorName: '', amount: '', reference: '' };
    return send(reply, payPage(chromeOf(session), { sources, values, problems: [] }));
  });

  // Pay: checked here first, initiated at the debtor's bank, then the browser goes there to authorise it.
  server.post(`${base}pay`, async (request, reply) => {
    const session = posted(request, reply);
    if (!session) return reply;
    const sources = sourcesOf(await accountsOfConnected(request, session));
    const values = paymentFormValues(request.body as Form);
    const order = readPaymentForm(values, sources);
    if (Array.isArray(order)) return send(reply, payPage(chromeOf(session), { sources, values, problems: order }), 400);
    const { source, product, initiation } = order;
    try {
      const api = await client();
      const { paymentId } = await api.initiatePayment(product, source.bank, initiation, psuIpOf(request));
      session.payments.set(paymentId, {
        paymentId, product, bank: source.bank, debtorAccount: initiation.debtorAccount.bban, creditor: values.creditor,
        creditorName: initiation.creditorName, amount: initiation.instructedAmount.amount, currency: initiation.instructedAmount.currency,
      });
      const pending = await api.startAuthorisation(`PIS:${paymentId}`, source.bank, redirectUri());
      rememberPending(session, pending, { kind: 'payment', bank: source.bank, product, paymentId });
      return seeOther(reply, pending.url.href);
    } catch (error) {
      const problem = new FormInvalidError('payment', problemOf(request, error, source.bankName));
      return send(reply, payPage(chromeOf(session), { sources, values, problems: [problem] }), 502);
    }
  });

  server.get<{ Params: { paymentId: string } }>(`${base}payments/:paymentId`, async (request, reply) => {
    const session = signedIn(request, reply);
    if (!session) return reply;
    const payment = session.payments.get(request.params.paymentId);
    if (!payment) return send(reply, problemPage(chromeOf(session), { title: 'Payment', problem: 'There is no such payment in this session.', back: `${base}pay`, backLabel: 'Make a payment' }), 404);
    const bankName = (await bankOf(payment.bank))?.name ?? payment.bank;
    try {
      const status = await (await client()).paymentStatus(payment.product, payment.paymentId);
      return send(reply, paymentPage(chromeOf(session), { payment, bankName, status, problem: takeFlash(session) }));
    } catch (error) {
      return send(reply, paymentPage(chromeOf(session), { payment, bankName, status: undefined, problem: problemOf(request, error, bankName) }), 502);
    }
  });
}
