// SPDX-License-Identifier: Apache-2.0
// The aggregator's pages, made on the server: phone-sized, no script at all, one inline stylesheet allowed by its
// hash. Every value is escaped by the `html` tag; forms post with the session's CSRF token.
import { createHash } from 'node:crypto';
import { escapeHtml } from '../../../platform/http/index.js';
import type { Account, Balance, PaymentProduct, SandboxBank, Transaction } from './aggregator-client.js';
import type { PaymentRecord } from './aggregator-session.js';
import type { FormInvalidError } from './errors.js';
import { sourceKey, type PaymentFormValues, type SourceAccount } from './payment-form.js';

const brand = Symbol('Markup');
interface Markup {
  readonly [brand]: true;
  readonly value: string;
}
const markup = (value: string): Markup => ({ [brand]: true, value });
const render = (value: unknown): string => {
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'object' && brand in value) return (value as Markup).value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
};

/** Tagged template: the literal parts are markup, every interpolation is escaped unless made by `html` itself. */
function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]!;
  values.forEach((value, index) => { out += render(value) + strings[index + 1]!; });
  return markup(out);
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#eef1f6}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.75rem 1rem;background:#23336b;color:#fff}
header a,header button{color:#fff;background:none;border:0;font:inherit;padding:0;margin:0;min-width:0;text-decoration:underline;cursor:pointer}
header form{margin:0}
.brand{font-weight:700;margin-right:auto}
main{max-width:40rem;margin:0 auto;padding:1rem;background:#fff;min-height:calc(100vh - 3rem)}
h1{font-size:1.4rem;margin:.25rem 0 1rem}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select{width:100%;padding:.6rem;font:inherit;border:2px solid #1b1b1f;border-radius:4px;background:#fff}
button{font:inherit;font-weight:600;padding:.6rem 1rem;margin:.75rem .5rem 0 0;border:0;border-radius:4px;cursor:pointer;background:#23336b;color:#fff}
button.secondary{background:#fff;color:#1b1b1f;border:2px solid #1b1b1f}
button:focus,input:focus,select:focus,a:focus{outline:3px solid #fd0;outline-offset:1px}
.hint{color:#555;margin:.25rem 0;font-size:.95rem}
.error{color:#b3261e;font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:#b3261e}
.error-summary{border:3px solid #b3261e;border-radius:4px;padding:.5rem 1rem;margin-bottom:1rem}
.notice{border-left:6px solid #2e7d32;padding:.5rem 1rem;background:#eef6ee}
.card{border:1px solid #c6cbd6;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.card h2{margin:0 0 .25rem}
.state{display:inline-block;font-size:.85rem;font-weight:600;padding:0 .5rem;border-radius:1rem;background:#e3e6ee}
.state.on{background:#d7f0d8;color:#1e5e22}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dt{color:#555}
dd{margin:0;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;vertical-align:top;padding:.4rem .25rem;border-bottom:1px solid #d5d9e2}
td.amount,th.amount{text-align:right;font-variant-numeric:tabular-nums}
td{overflow-wrap:anywhere}
code{overflow-wrap:anywhere}
`.trim();

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

/** The pages' policy: only the one stylesheet; forms go to the aggregator or (by redirect) to the authorisation server. */
export function aggregatorCsp(authorisationOrigin: string): string {
  return `default-src 'none'; style-src 'sha256-${sha256(CSS)}'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' ${authorisationOrigin}`;
}

export interface Chrome {
  /** The aggregator's base path, ending in `/`. */
  base: string;
  /** Signed-in user and the session's CSRF token; absent on the sign-in page. */
  user?: string | undefined;
  csrf: string;
}

function layout(chrome: Chrome, title: string, body: Markup, options: { refreshSeconds?: number } = {}): string {
  const { base } = chrome;
  const nav = chrome.user
    ? html`<nav><a href="${base}banks">Banks</a> · <a href="${base}accounts">Accounts</a> · <a href="${base}pay">Pay</a></nav>
<form method="post" action="${base}sign-out"><input type="hidden" name="csrf" value="${chrome.csrf}"><button type="submit" id="sign-out">Sign out</button></form>`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${escapeHtml(title)} · Lango demo aggregator</title><style>${CSS}</style></head>
<body><header><span class="brand">Lango demo aggregator</span>${render(nav)}</header>
<main>${render(html`<h1>${title}</h1>`)}${body.value}</main></body></html>`;
}

const csrfField = (chrome: Chrome) => html`<input type="hidden" name="csrf" value="${chrome.csrf}">`;

function errorSummary(problems: readonly { message: string; field?: string }[]): Markup {
  if (problems.length === 0) return html``;
  return html`<div class="error-summary" role="alert" id="errors"><h2>There is a problem</h2><ul>${problems.map((problem) => html`<li>${problem.message}</li>`)}</ul></div>`;
}

/** A field's message and attributes when it is the one at fault. */
function fieldProblem(problems: readonly FormInvalidError[], field: string): { message: Markup; attributes: Markup } {
  const problem = problems.find((candidate) => candidate.field === field);
  if (!problem) return { message: html``, attributes: html`` };
  return { message: html`<p class="error" id="${field}-error">${problem.message}</p>`, attributes: html` aria-invalid="true" aria-describedby="${field}-error"` };
}

/** The aggregator user's sign-in, with the published demo credentials. */
export function signInPage(chrome: Chrome, view: { username?: string; problem?: string }): string {
  return layout(chrome, 'Sign in', html`${errorSummary(view.problem ? [{ message: view.problem }] : [])}
<p>One place for all your bank accounts: connect your banks, see every balance, and pay from any of them.</p>
<p class="notice">Demo credentials: <strong>tppuser</strong> / <strong>tppuser-pass-1</strong>. This is the aggregator's own user, not a bank user: your bank asks for its own login when you connect it.</p>
<form method="post" action="${chrome.base}sign-in">${csrfField(chrome)}
<label for="username">Username</label><input id="username" name="username" autocomplete="username" value="${view.username ?? ''}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit" id="sign-in">Sign in</button></form>`);
}

export interface BankView {
  bank: SandboxBank;
  consentId: string | undefined;
}

/** The sandbox's banks: connected or not, with Connect and Remove. */
export function banksPage(chrome: Chrome, view: { banks: readonly BankView[]; notice?: string; problem?: string }): string {
  const card = ({ bank, consentId }: BankView) => html`<section class="card" data-bank="${bank.tenantId}">
<h2>${bank.name}</h2>
<p><span class="state${consentId ? ' on' : ''}">${consentId ? 'Connected' : 'Not connected'}</span>${consentId ? html` <span class="hint">consent <code data-consent-id>${consentId}</code></span>` : ''}</p>
<form method="post" action="${chrome.base}banks/${bank.tenantId}/${consentId ? 'remove' : 'connect'}">${csrfField(chrome)}
${consentId
    ? html`<button type="submit" class="secondary" id="remove-${bank.tenantId}">Remove ${bank.name}</button>`
    : html`<button type="submit" id="connect-${bank.tenantId}">Connect ${bank.name}</button>`}
</form></section>`;
  return layout(chrome, 'Your banks', html`${errorSummary(view.problem ? [{ message: view.problem }] : [])}${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
<p class="hint">Connecting a bank sends you to it: you sign in there, confirm with a one-time code and choose the accounts this app may see.</p>
${view.banks.map(card)}`);
}

const balanceWords: Record<string, string> = { interimAvailable: 'Available', interimBooked: 'Booked', closingBooked: 'Closing booked', expected: 'Expected' };
const accountNumber = (account: Account) => account.iban ?? account.bban ?? account.msisdn ?? account.resourceId;

function balanceCells(balances: readonly Balance[] | undefined): Markup {
  const of = (type: string) => balances?.find((balance) => balance.balanceType === type)?.balanceAmount;
  return html`${['interimAvailable', 'interimBooked'].map((type) => {
    const amount = of(type);
    return html`<td class="amount" data-balance="${type}">${amount ? `${amount.amount} ${amount.currency}` : '—'}</td>`;
  })}`;
}

export interface BankAccounts {
  bank: SandboxBank;
  accounts: readonly Account[];
  /** Why this bank's accounts could not be read (its tppMessages text). */
  problem?: string | undefined;
}

/** Every account of every connected bank, with its balances. */
export function accountsPage(chrome: Chrome, view: { banks: readonly BankAccounts[]; notice?: string | undefined }): string {
  if (view.banks.length === 0) {
    return layout(chrome, 'Your accounts', html`<p id="no-banks">No bank is connected yet. <a href="${chrome.base}banks">Connect a bank</a> to see its accounts here.</p>`);
  }
  const section = (group: BankAccounts) => html`<section data-bank="${group.bank.tenantId}"><h2>${group.bank.name}</h2>
${group.problem ? html`<p class="error" role="alert">${group.problem}</p><p class="hint">If the consent was revoked or has expired, remove the bank and connect it again.</p>` : ''}
${group.accounts.length > 0 ? html`<table><thead><tr><th>Account</th><th class="amount">Available</th><th class="amount">Booked</th></tr></thead><tbody>
${group.accounts.map((account) => html`<tr data-account="${account.resourceId}">
<td><a href="${chrome.base}accounts/${group.bank.tenantId}/${encodeURIComponent(account.resourceId)}">${account.name ?? account.product ?? 'Account'}</a><br><span class="hint">${accountNumber(account)} · ${account.currency}</span></td>
${balanceCells(account.balances)}</tr>`)}
</tbody></table>` : group.problem ? '' : html`<p class="hint">No account was shared from this bank.</p>`}</section>`;
  return layout(chrome, 'Your accounts', html`${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}${view.banks.map(section)}<p><a href="${chrome.base}pay">Make a payment</a></p>`);
}

/** One account: its details, balances and recent booked transactions. */
export function accountPage(chrome: Chrome, view: { bank: SandboxBank; account: Account; transactions: readonly Transaction[]; problem?: string | undefined }): string {
  const { account } = view;
  const row = (term: string, value: string | undefined) => (value ? html`<dt>${term}</dt><dd>${value}</dd>` : '');
  return layout(chrome, account.name ?? 'Account', html`<dl id="account-details">
${row('Bank', view.bank.name)}${row('IBAN', account.iban)}${row('Account number', account.bban)}${row('Phone number', account.msisdn)}
${row('Currency', account.currency)}${row('Product', account.product)}${row('Type', account.cashAccountType)}${row('Owner', account.ownerName)}${row('Status', account.status)}
${row('Resource id', account.resourceId)}</dl>
<h2>Balances</h2><table id="balances"><tbody>${(account.balances ?? []).map((balance) => html`<tr data-balance="${balance.balanceType}"><th>${balanceWords[balance.balanceType] ?? balance.balanceType}</th>
<td class="amount">${balance.balanceAmount.amount} ${balance.balanceAmount.currency}</td><td class="hint">${balance.lastChangeDateTime ?? balance.referenceDate ?? ''}</td></tr>`)}</tbody></table>
<h2>Recent transactions</h2>${view.problem ? html`<p class="error">${view.problem}</p>` : view.transactions.length === 0 ? html`<p class="hint">No booked transaction in the last 30 days.</p>`
    : html`<table id="transactions"><tbody>${view.transactions.map((item) => html`<tr><td>${item.bookingDate ?? ''}</td><td>${item.remittanceInformationUnstructured ?? item.bankTransactionCode ?? ''}</td>
<td class="amount">${item.transactionAmount.amount} ${item.transactionAmount.currency}</td></tr>`)}</tbody></table>`}
<p><a href="${chrome.base}accounts">Back to all accounts</a></p>`);
}

const PRODUCT_WORDS: Record<PaymentProduct, string> = {
  'mojaloop-credit-transfers': 'Phone number at another bank (instant, over the scheme)',
  'on-us-credit-transfers': 'Account number at the same bank',
};

/** The payment form; `problems` name the fields to correct. */
export function payPage(chrome: Chrome, view: { sources: readonly SourceAccount[]; values: PaymentFormValues; problems: readonly FormInvalidError[]; notice?: string }): string {
  if (view.sources.length === 0) {
    return layout(chrome, 'Make a payment', html`<p id="no-banks">Connect a bank first: payments start from one of your connected accounts. <a href="${chrome.base}banks">Your banks</a></p>`);
  }
  const { values, problems } = view;
  const input = (name: keyof PaymentFormValues, label: string, hint: string, extra: Markup = html``) => {
    const problem = fieldProblem(problems, name);
    return html`<label for="${name}">${label}</label><p class="hint" id="${name}-hint">${hint}</p>${problem.message}
<input id="${name}" name="${name}" value="${values[name]}"${problem.attributes}${extra}>`;
  };
  const from = fieldProblem(problems, 'from');
  const product = fieldProblem(problems, 'product');
  return layout(chrome, 'Make a payment', html`${errorSummary(problems)}${view.notice ? html`<p class="notice">${view.notice}</p>` : ''}
<form method="post" action="${chrome.base}pay" novalidate>${csrfField(chrome)}
<label for="from">From</label>${from.message}<select id="from" name="from"${from.attributes}>
${view.sources.map((source) => html`<option value="${sourceKey(source)}"${sourceKey(source) === values.from ? html` selected` : ''}>${source.bankName} · ${source.account.name ?? ''} · ${accountNumber(source.account)}</option>`)}
</select>
<label for="product">Pay to</label>${product.message}<select id="product" name="product"${product.attributes}>
${(Object.keys(PRODUCT_WORDS) as PaymentProduct[]).map((name) => html`<option value="${name}"${name === values.product ? html` selected` : ''}>${PRODUCT_WORDS[name]}</option>`)}
</select>
${input('creditor', 'Payee\'s phone number or account number', 'A phone number in international form (27710102999) for another bank; an account number for the same bank.', html` autocomplete="off"`)}
${input('creditorName', 'Payee\'s name', 'As the payee\'s bank knows them.')}
${input('amount', 'Amount', 'Digits with a decimal point, such as 1500.00. Your bank may add its fee.', html` inputmode="decimal" autocomplete="off"`)}
${input('reference', 'Reference (optional)', 'Shown to the payee; at most 140 characters.')}
<button type="submit" id="pay">Continue to your bank</button></form>`);
}

/** What a transaction status means to the user (NextGenPSD2 / ISO 20022 ExternalPaymentTransactionStatus codes). */
const STATUS_WORDS: Record<string, string> = {
  RCVD: 'Received by your bank, waiting for your authorisation',
  ACTC: 'Authorised; your bank is checking it',
  ACSP: 'Accepted; the money is on its way',
  ACSC: 'Settled: the money has left your account',
  ACCC: 'Settled: the payee has been credited',
  PDNG: 'Pending at your bank',
  PART: 'Partly settled',
  RJCT: 'Rejected: no money was moved',
  CANC: 'Cancelled: no money was moved',
};
/** Statuses after which nothing changes any more. */
export const FINAL_STATUSES = new Set(['ACSC', 'ACCC', 'RJCT', 'CANC', 'PART']);

/** A payment and its current status; refreshes itself every few seconds until the status is final. */
export function paymentPage(chrome: Chrome, view: { payment: PaymentRecord; bankName: string; status: string | undefined; problem?: string | undefined }): string {
  const { payment, status } = view;
  const final = status !== undefined && FINAL_STATUSES.has(status);
  return layout(chrome, 'Your payment', html`${errorSummary(view.problem ? [{ message: view.problem }] : [])}
<p id="payment-status" data-status="${status ?? ''}" data-final="${final ? 'true' : 'false'}" role="status"><strong>${status ?? 'Unknown'}</strong> · ${status ? STATUS_WORDS[status] ?? status : 'The status could not be read'}</p>
<dl>
<dt>Amount</dt><dd id="payment-amount">${payment.amount} ${payment.currency}</dd>
<dt>From</dt><dd>${view.bankName} · ${payment.debtorAccount}</dd>
<dt>To</dt><dd>${payment.creditorName} · ${payment.creditor}</dd>
<dt>Payment id</dt><dd><code>${payment.paymentId}</code></dd>
</dl>
${final ? '' : html`<p class="hint">This page refreshes itself until the payment is final.</p>`}
<p><a href="${chrome.base}accounts">Your accounts</a> · <a href="${chrome.base}pay">Another payment</a></p>`, final ? {} : { refreshSeconds: 2 });
}

/** Something went wrong: what, in words, and where to go on. */
export function problemPage(chrome: Chrome, view: { title: string; problem: string; back: string; backLabel: string }): string {
  return layout(chrome, view.title, html`${errorSummary([{ message: view.problem }])}<p><a href="${view.back}">${view.backLabel}</a></p>`);
}
