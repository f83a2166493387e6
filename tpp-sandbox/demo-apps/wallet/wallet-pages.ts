// SPDX-License-Identifier: Apache-2.0
// The Lion Mobile Wallet's pages: server-made HTML for a phone screen, plain forms and links, no script at all (a
// page waiting for the scheme reloads itself with <meta http-equiv="refresh">). Every value goes through `html`,
// which escapes whatever is not already markup.
import { escapeHtml } from '../../../platform/http/index.js';
import { addAmounts } from '../../../platform/money/index.js';
import type { ChannelAccount, ChannelStatementEntry, ChannelTransactionRequest, ChannelTransfer, Party, WalletManifest } from './wallet-client.js';
import { displayAmount } from './wallet-input.js';

/** Markup already escaped. */
export class Html {
  constructor(readonly text: string) {}
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** A template whose interpolations are escaped unless they are Html (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, part, index) => out + render(values[index - 1]) + part));
}

export const WALLET_BASE = '/demo/wallet/';
const APP_NAME = 'Lion Mobile Wallet';

/** What every signed-in page knows about its holder. */
export interface Holder {
  msisdn: string;
  owner: string;
  csrf: string;
  currency: string;
  banks: WalletManifest['banks'];
}

/** A whole document; `refreshSeconds` reloads it while something is still moving (no script needed). */
export function page(title: string, body: Html, options: { holder?: Holder; refreshSeconds?: number } = {}): string {
  const { holder } = options;
  return `<!DOCTYPE html>${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
${options.refreshSeconds ? new Html(`<meta http-equiv="refresh" content="${options.refreshSeconds}">`) : ''}
<title>${title} – ${APP_NAME}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${WALLET_BASE}wallet.css"></head>
<body><header class="bar"><a class="brand" href="${WALLET_BASE}">${APP_NAME}</a>
${holder ? html`<form method="post" action="${WALLET_BASE}sign-out" class="inline"><input type="hidden" name="csrf" value="${holder.csrf}"><button id="sign-out" class="link">Sign out</button></form>` : ''}
</header>
<main><h1 id="page-title">${title}</h1>${body}</main>
${holder ? html`<nav class="tabs" aria-label="Wallet"><a href="${WALLET_BASE}" id="nav-home">Home</a><a href="${WALLET_BASE}send" id="nav-send">Send</a><a href="${WALLET_BASE}request" id="nav-request">Request</a><a href="${WALLET_BASE}requests" id="nav-requests">Requests</a><a href="${WALLET_BASE}history" id="nav-history">History</a></nav>` : ''}
<footer>Demo app of the Lango sandbox, built only on the channel API.</footer></body></html>`.text}`;
}

/** An amount with its currency and the exact decimal string in `data-amount` (what tests and scripts read). */
function money(amount: string, currency: string, testId?: string): Html {
  return html`<span class="money"${testId ? new Html(` data-testid="${escapeHtml(testId)}"`) : ''} data-amount="${amount}">${currency} ${displayAmount(amount, currency)}</span>`;
}

function bankName(banks: Holder['banks'], fspId: string | undefined): string | undefined {
  return banks.find((bank) => bank.fspId === fspId)?.name;
}

function partyLabel(party: Party | undefined, banks: Holder['banks']): string {
  if (!party) return 'unknown';
  const bank = bankName(banks, party.fspId);
  return `${party.name ?? party.idValue}${party.name ? ` (${party.idValue})` : ''}${bank ? ` · ${bank}` : ''}`;
}

const errorBox = (error: string | undefined) => (error ? html`<p class="error" role="alert" id="form-error" data-testid="form-error">${error}</p>` : '');

// ---- sign-in -----------------------------------------------------------------------------------------------

export function signInPage(input: { csrf: string; customers: WalletManifest['msisdns']; otp: string; error?: string; msisdn?: string }): string {
  const options = input.customers.map((customer) => html`<option value="${customer.msisdn}"${customer.msisdn === input.msisdn ? new Html(' selected') : ''}>${customer.owner ?? 'Customer'} · ${customer.msisdn}</option>`);
  return page('Sign in', html`
<p class="notice" id="demo-notice"><strong>Demo sign-in.</strong> Pick your phone number and type your PIN. In the sandbox the PIN
is the sandbox one-time code published in the manifest (<code>sca.otp</code>: <code id="sandbox-pin">${input.otp}</code>). A real wallet
of a bank authenticates its own users (PIN, device binding, biometrics); Lango's channel API trusts the bank's app.</p>
${errorBox(input.error)}
<form method="post" action="${WALLET_BASE}sign-in" class="card">
<input type="hidden" name="csrf" value="${input.csrf}">
<label for="msisdn">Phone number</label>
<select id="msisdn" name="msisdn" required>${options}</select>
<label for="pin">PIN</label>
<input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required>
<button id="sign-in" class="primary">Sign in</button>
</form>`);
}

// ---- home and history --------------------------------------------------------------------------------------

export function homePage(holder: Holder, account: ChannelAccount, recent: ChannelStatementEntry[], pendingRequests: number): string {
  return page(`Hello, ${holder.owner.split(' ')[0]}`, html`
<section class="card balance"><p class="label">Available balance</p>
<p class="big">${money(account.balance.available, account.currency, 'balance')}</p>
${account.balance.ledger !== account.balance.available ? html`<p class="hint">Ledger balance ${money(account.balance.ledger, account.currency, 'ledger-balance')}</p>` : ''}
<p class="hint" id="holder">${holder.owner} · ${holder.msisdn}</p></section>
<div class="actions"><a class="button primary" id="go-send" href="${WALLET_BASE}send">Send money</a><a class="button" id="go-request" href="${WALLET_BASE}request">Request money</a></div>
${pendingRequests > 0 ? html`<p class="notice"><a id="pending-requests" href="${WALLET_BASE}requests">${pendingRequests} request${pendingRequests === 1 ? '' : 's'} to pay waiting for you</a></p>` : ''}
<h2>Recent activity</h2>${entryList(holder, recent)}
<p><a href="${WALLET_BASE}history" id="all-history">All history</a></p>`, { holder });
}

function entryList(holder: Holder, entries: ChannelStatementEntry[]): Html {
  if (entries.length === 0) return html`<p class="hint" id="no-entries">No transactions yet.</p>`;
  return html`<ul class="entries" id="entries">${entries.map((entry) => html`
<li class="entry ${entry.direction === 'CREDIT' ? 'in' : 'out'}" data-testid="entry" data-direction="${entry.direction}" data-transaction-id="${entry.transactionId ?? ''}" data-kind="${entry.kind}">
<span class="what">${entryTitle(holder, entry)}</span>
<span class="amount">${entry.direction === 'CREDIT' ? '+' : '−'}${money(entry.amount, entry.currency)}</span>
<span class="when">${entry.time.slice(0, 16).replace('T', ' ')}${entry.description ? html` · ${entry.description}` : ''}</span>
${entry.transactionId ? html`<a class="more" href="${WALLET_BASE}transfers/${entry.transactionId}">Details</a>` : ''}</li>`)}</ul>`;
}

function entryTitle(holder: Holder, entry: ChannelStatementEntry): string {
  if (entry.kind.endsWith('_FEE') || entry.kind === 'PAY_CHARGE') return 'Fee';
  if (entry.counterparty) return `${entry.direction === 'CREDIT' ? 'From' : 'To'} ${partyLabel(entry.counterparty, holder.banks)}`;
  return entry.direction === 'CREDIT' ? 'Money in' : 'Money out';
}

export function historyPage(holder: Holder, entries: ChannelStatementEntry[], paging: { offset: number; limit: number; total: number }): string {
  const previous = paging.offset > 0 ? Math.max(0, paging.offset - paging.limit) : undefined;
  const next = paging.offset + paging.limit < paging.total ? paging.offset + paging.limit : undefined;
  return page('History', html`${entryList(holder, entries)}
<p class="pager">${previous !== undefined ? html`<a href="${WALLET_BASE}history?offset=${previous}" id="newer">Newer</a>` : ''}
<span class="hint">${paging.total === 0 ? '' : `${paging.offset + 1}–${Math.min(paging.offset + paging.limit, paging.total)} of ${paging.total}`}</span>
${next !== undefined ? html`<a href="${WALLET_BASE}history?offset=${next}" id="older">Older</a>` : ''}</p>`, { holder });
}

// ---- send ----------------------------------------------------------------------------------------------------

export interface PaymentForm {
  key: string;
  msisdn?: string;
  amount?: string;
  note?: string;
  error?: string;
}

export function sendPage(holder: Holder, form: PaymentForm): string {
  return page('Send money', html`${errorBox(form.error)}
<form method="post" action="${WALLET_BASE}send" class="card" novalidate>
<input type="hidden" name="csrf" value="${holder.csrf}"><input type="hidden" name="key" value="${form.key}">
<label for="to">To (phone number)</label>
<input id="to" name="to" type="tel" inputmode="tel" autocomplete="off" value="${form.msisdn ?? ''}" placeholder="27710204999" required>
<label for="amount">Amount (${holder.currency})</label>
<input id="amount" name="amount" inputmode="decimal" autocomplete="off" value="${form.amount ?? ''}" placeholder="1500.00" required>
<label for="note">Note (optional)</label>
<input id="note" name="note" maxlength="128" value="${form.note ?? ''}">
<button id="continue" class="primary">Continue</button>
<p class="hint">The bank finds the recipient and asks for the fee first; nothing moves until you confirm.</p>
</form>`, { holder });
}

/** A transfer seen from this wallet: the quote to confirm, progress, or the outcome. */
export function transferPage(holder: Holder, transfer: ChannelTransfer): string {
  const outgoing = transfer.payer.idValue === holder.msisdn;
  const awaiting = transfer.status === 'IN_PROGRESS' && transfer.stage === 'AWAITING_CONFIRMATION' && outgoing && transfer.direction === 'OUTBOUND';
  const final = transfer.status === 'COMPLETED' || transfer.status === 'FAILED';
  const currency = transfer.amount.currency;
  const fee = transfer.payerFee?.amount ?? '0';
  const total = addAmounts(currency, transfer.amount.amount, fee);
  const details = html`<dl class="card details" id="transfer-details">
<dt>${outgoing ? 'To' : 'From'}</dt><dd id="counterparty">${partyLabel(outgoing ? transfer.payee : transfer.payer, holder.banks)}</dd>
<dt>Amount</dt><dd>${money(transfer.amount.amount, currency, 'amount')}</dd>
${outgoing ? html`<dt>Fee</dt><dd>${money(fee, currency, 'fee')}</dd><dt>Total</dt><dd><strong>${money(total, currency, 'total')}</strong></dd>` : ''}
${transfer.note ? html`<dt>Note</dt><dd>${transfer.note}</dd>` : ''}
<dt>Reference</dt><dd class="ref">${transfer.transactionId}</dd></dl>`;
  const status = html`<p class="status ${transfer.status.toLowerCase()}" id="transfer-status" data-testid="transfer-status" data-status="${transfer.status}" data-stage="${transfer.stage ?? ''}">${statusText(transfer, awaiting)}</p>`;
  if (awaiting) {
    return page('Confirm payment', html`${status}${details}
<form method="post" action="${WALLET_BASE}transfers/${transfer.transactionId}/confirmation" class="actions">
<input type="hidden" name="csrf" value="${holder.csrf}">
<button name="accept" value="true" id="confirm" class="primary">Pay ${currency} ${displayAmount(total, currency)}</button>
<button name="accept" value="false" id="cancel">Cancel</button></form>`, { holder });
  }
  return page(final ? (transfer.status === 'COMPLETED' ? 'Payment done' : 'Payment failed') : 'Payment in progress', html`${status}${details}
${final ? html`<p><a class="button primary" href="${WALLET_BASE}" id="back-home">Back to your balance</a></p>` : html`<p class="hint">This page refreshes by itself. <a href="${WALLET_BASE}transfers/${transfer.transactionId}" id="refresh">Refresh</a></p>`}`,
  { holder, ...(!final && { refreshSeconds: 1 }) });
}

function statusText(transfer: ChannelTransfer, awaiting: boolean): string {
  if (awaiting) return 'Check the fee and confirm.';
  if (transfer.status === 'COMPLETED') return 'COMPLETED: the money has arrived.';
  if (transfer.status === 'FAILED') return `FAILED: ${transfer.errorDescription ?? 'the payment did not go through'}${transfer.errorCode ? ` (${transfer.errorCode})` : ''}. Nothing was taken.`;
  return `Working on it… (${(transfer.stage ?? transfer.status).toLowerCase().replaceAll('_', ' ')})`;
}

// ---- requests to pay -------------------------------------------------------------------------------------------

export function requestPage(holder: Holder, form: PaymentForm): string {
  return page('Request money', html`${errorBox(form.error)}
<form method="post" action="${WALLET_BASE}request" class="card" novalidate>
<input type="hidden" name="csrf" value="${holder.csrf}"><input type="hidden" name="key" value="${form.key}">
<label for="from">From (payer's phone number)</label>
<input id="from" name="from" type="tel" inputmode="tel" autocomplete="off" value="${form.msisdn ?? ''}" placeholder="27710101999" required>
<label for="amount">Amount (${holder.currency})</label>
<input id="amount" name="amount" inputmode="decimal" autocomplete="off" value="${form.amount ?? ''}" required>
<label for="note">What for (optional)</label>
<input id="note" name="note" maxlength="128" value="${form.note ?? ''}">
<button id="send-request" class="primary">Send request</button>
<p class="hint">The payer approves or declines in their own bank's app; you are paid the amount, their bank may charge them a fee.</p>
</form>`, { holder });
}

/** One request to pay: who asks whom for what, its state, and for a payer here the Approve / Reject buttons. */
export function transactionRequestPage(holder: Holder, request: ChannelTransactionRequest, transfer: ChannelTransfer | undefined): string {
  const incoming = request.direction === 'INBOUND' && request.payer.idValue === holder.msisdn;
  const waitingForMe = incoming && request.status === 'PENDING';
  const settled = transfer ? transfer.status === 'COMPLETED' || transfer.status === 'FAILED' : ['REJECTED', 'COMPLETED', 'FAILED'].includes(request.status);
  const body = html`
<p class="status ${request.status.toLowerCase()}" id="request-status" data-testid="request-status" data-status="${request.status}">${requestStatusText(request, incoming)}</p>
<dl class="card details"><dt>${incoming ? 'Asked by' : 'Asked of'}</dt><dd id="counterparty">${partyLabel(incoming ? request.payee : request.payer, holder.banks)}</dd>
<dt>Amount</dt><dd>${money(request.amount, request.currency, 'amount')}</dd>
${request.note ? html`<dt>For</dt><dd>${request.note}</dd>` : ''}
<dt>Reference</dt><dd class="ref">${request.transactionRequestId}</dd></dl>
${waitingForMe ? decisionForm(holder, request) : ''}
${transfer ? html`<p class="status ${transfer.status.toLowerCase()}" id="transfer-status" data-testid="transfer-status" data-status="${transfer.status}">Payment: ${statusText(transfer, false)}
${transfer.payerFee && incoming ? html` Fee ${money(transfer.payerFee.amount, transfer.payerFee.currency, 'fee')}.` : ''}</p>` : ''}
${settled || waitingForMe ? '' : html`<p class="hint">This page refreshes by itself. <a href="${WALLET_BASE}requests/${request.transactionRequestId}" id="refresh">Refresh</a></p>`}
<p><a href="${WALLET_BASE}requests" id="back-requests">All requests</a></p>`;
  return page(incoming ? 'Request to pay' : 'Your request', body, { holder, ...(!(settled || waitingForMe) && { refreshSeconds: 2 }) });
}

function decisionForm(holder: Holder, request: ChannelTransactionRequest): Html {
  return html`<form method="post" action="${WALLET_BASE}requests/${request.transactionRequestId}/decision" class="actions">
<input type="hidden" name="csrf" value="${holder.csrf}">
<button name="accept" value="true" id="approve" class="primary">Approve and pay</button>
<button name="accept" value="false" id="reject">Reject</button></form>`;
}

function requestStatusText(request: ChannelTransactionRequest, incoming: boolean): string {
  switch (request.status) {
    case 'PENDING': return incoming ? 'Waiting for your answer.' : 'Waiting for the payer to answer.';
    case 'RECEIVED': return 'Sent; finding the payer…';
    case 'ACCEPTED': return 'Approved.';
    case 'REJECTED': return 'Declined.';
    case 'COMPLETED': return 'Paid.';
    default: return `FAILED: ${request.errorDescription ?? 'the request did not go through'}${request.errorCode ? ` (${request.errorCode})` : ''}.`;
  }
}

/** Requests that reached this holder (to approve or reject) and the ones they sent from this wallet. */
export function requestsPage(holder: Holder, incoming: ChannelTransactionRequest[], sent: ChannelTransactionRequest[]): string {
  const pending = incoming.filter((request) => request.status === 'PENDING');
  const earlier = incoming.filter((request) => request.status !== 'PENDING');
  const row = (request: ChannelTransactionRequest, mine: boolean) => html`<li class="entry" data-testid="${mine ? 'sent-request' : 'incoming-request'}" data-request-id="${request.transactionRequestId}" data-status="${request.status}">
<span class="what">${mine ? 'To ' : 'From '}${partyLabel(mine ? request.payer : request.payee, holder.banks)}</span>
<span class="amount">${money(request.amount, request.currency)}</span>
<span class="when">${request.status}${request.note ? html` · ${request.note}` : ''}</span>
<a class="more" href="${WALLET_BASE}requests/${request.transactionRequestId}" id="open-${request.transactionRequestId}">Open</a></li>`;
  return page('Requests to pay', html`
<h2>Waiting for you</h2>
${pending.length ? html`<ul class="entries" id="pending">${pending.map((request) => html`${row(request, false)}<li class="decide">${decisionForm(holder, request)}</li>`)}</ul>` : html`<p class="hint" id="no-pending">Nothing to approve.</p>`}
<p class="hint">Requests reach you like the SMS your bank sends (in the sandbox: its notification outbox).</p>
${earlier.length ? html`<h2>Answered</h2><ul class="entries">${earlier.map((request) => row(request, false))}</ul>` : ''}
<h2>You asked</h2>
${sent.length ? html`<ul class="entries" id="sent">${sent.map((request) => row(request, true))}</ul>` : html`<p class="hint">No requests sent from this wallet yet. <a href="${WALLET_BASE}request">Request money</a></p>`}`, { holder });
}

// ---- errors --------------------------------------------------------------------------------------------------

export function errorPage(title: string, message: string, holder?: Holder): string {
  return page(title, html`<p class="error" role="alert" id="page-error" data-testid="page-error">${message}</p><p><a href="${WALLET_BASE}" id="back-home">Back</a></p>`, holder ? { holder } : {});
}

/** The wallet's stylesheet, served as a file so the CSP needs no 'unsafe-inline'. */
export const WALLET_CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f3ec;color:#222;padding-bottom:4.5rem}
.bar{display:flex;justify-content:space-between;align-items:center;background:#b35c00;color:#fff;padding:.75rem 1rem}
.brand{color:#fff;font-weight:700;text-decoration:none}.inline{margin:0}
button.link{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;padding:0;min-height:0;width:auto;margin:0}
main{max-width:30rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.25rem 0 1rem}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.card{background:#fff;border-radius:12px;padding:1rem;box-shadow:0 1px 3px #0002;margin:0 0 1rem}
.balance .big{font-size:2rem;font-weight:700;margin:.25rem 0}.label{margin:0;color:#666}.hint{color:#666;font-size:.9rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select{width:100%;font:inherit;padding:.7rem;border:1px solid #bbb;border-radius:8px;background:#fff}
button,.button{display:inline-block;text-align:center;font:inherit;font-weight:600;padding:.8rem 1rem;min-height:3rem;border-radius:10px;border:1px solid #b35c00;background:#fff;color:#b35c00;text-decoration:none;cursor:pointer;width:100%;margin-top:1rem}
.primary{background:#b35c00;color:#fff}.actions{display:flex;gap:.75rem}.actions>*{flex:1}
.notice{background:#fff6e0;border-left:4px solid #e0a000;padding:.75rem;border-radius:6px}
.error{background:#fde8e8;border-left:4px solid #c62828;padding:.75rem;border-radius:6px;color:#8a1c1c}
.status{font-weight:700;padding:.75rem;border-radius:8px;background:#eef}.status.completed,.status.accepted{background:#e6f4ea;color:#1e6b34}
.status.failed,.status.rejected{background:#fde8e8;color:#8a1c1c}
.details{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}.details dt{color:#666}.details dd{margin:0;overflow-wrap:anywhere}.ref{font-size:.8rem}
.entries{list-style:none;padding:0;margin:0}.entry{display:grid;grid-template-columns:1fr auto;gap:.1rem .75rem;background:#fff;padding:.75rem;border-radius:10px;margin-bottom:.5rem}
.entry .when{color:#666;font-size:.85rem}.entry .more{font-size:.85rem}.entry.in .amount{color:#1e6b34}.decide{list-style:none;margin:-.25rem 0 .75rem}
.pager{display:flex;justify-content:space-between}
.tabs{position:fixed;bottom:0;left:0;right:0;display:flex;background:#fff;border-top:1px solid #ddd}
.tabs a{flex:1;text-align:center;padding:.9rem 0;color:#b35c00;text-decoration:none;font-size:.85rem;font-weight:600}
footer{text-align:center;color:#888;font-size:.8rem;padding:1rem}
`;
