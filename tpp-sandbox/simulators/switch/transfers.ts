// SPDX-License-Identifier: Apache-2.0
// The transfer ledger of the switch (Mojaloop central-ledger, FSPIOP v1.1 §6.7): prepare reserves the payer's
// position against its net debit cap, the payee's fulfil commits it, an error or the expiration aborts it.
// Positions in integer minor units: prepare adds the amount to the payer, commit takes it off the payee, abort
// gives it back to the payer.
import { fulfilmentMatches } from '../../../hub/index.js';
import { toMinorUnits } from '../../../platform/money/index.js';
import { errorInformationOf, forwardOf, SWITCH_FSP_ID, switchCallback, switchError, switchErrorCallback, type ErrorInformation } from './callbacks.js';
import type { StoredTransfer } from './switch-store.js';
import { nothing, routable, sending, type Effects, type Step, type StepContext } from './switch-step.js';
import { prepareHash } from './transfer-hash.js';

interface TransferPrepare {
  transferId: string;
  payerFsp: string;
  payeeFsp: string;
  amount: { amount: string; currency: string };
  condition: string;
  expiration: string;
}

interface TransferResult {
  transferState: string;
  fulfilment?: string;
  completedTimestamp?: string;
}

const transferPath = (transferId: string) => `/transfers/${encodeURIComponent(transferId)}`;
const iso = (epochMs: number) => new Date(epochMs).toISOString();

/**
 * POST /transfers from the payer FSP. A resend is answered from the stored result (§3.2.5); otherwise the checks run
 * in central-ledger's order and a refusal is stored ABORTED, so its resend gets the same answer.
 */
export const prepareTransfer: Step = async (message, context) => {
  const body = message.body as TransferPrepare;
  const { tx, now } = context;
  const path = transferPath(body.transferId);
  const hash = prepareHash(body);
  const existing = await tx.transfer(body.transferId);
  if (existing) return answerResend(existing, hash, message.source);
  if (message.source !== body.payerFsp) return sending(switchError('transfers', path, message.source, '3100', 'FSPIOP-Source is not the payerFsp'));
  let amountMinor: bigint;
  try {
    amountMinor = toMinorUnits(body.amount.amount, body.amount.currency);
  } catch (error) {
    return sending(switchError('transfers', path, message.source, '3100', (error as Error).message));
  }
  // The schema guarantees a DateTime; 0 keeps a NOT NULL column happy if one still fails to parse (it is then expired).
  const expiresAt = Date.parse(body.expiration) || 0;
  const transfer: StoredTransfer = {
    transferId: body.transferId, payerFsp: body.payerFsp, payeeFsp: body.payeeFsp, amountMinor, currency: body.amount.currency,
    condition: body.condition, expiration: body.expiration, expiresAt, prepareHash: hash,
    state: 'RESERVED', fulfilment: undefined, errorCode: undefined, errorDescription: undefined, completedTimestamp: undefined,
  };
  const refuse = async (code: string, description: string): Promise<Effects> => {
    const errorInformation = errorInformationOf(code, description);
    await tx.insertTransfer({ ...transfer, state: 'ABORTED', ...errorInformation, completedTimestamp: iso(now) }, now);
    return sending(switchErrorCallback('transfers', path, body.payerFsp, errorInformation));
  };
  const fault = context.faults.take('reject-transfer');
  if (fault) return refuse(fault.errorCode, 'rejected by a fault injected at the switch simulator');
  const payer = await tx.participant(body.payerFsp);
  if (!payer) return refuse('3202', `${body.payerFsp} is not a participant`);
  if (!(await routable(context, body.payeeFsp))) return refuse('3201', `${body.payeeFsp} is not a participant`);
  const payee = (await tx.participant(body.payeeFsp))!;
  if (payer.currency !== transfer.currency || payee.currency !== transfer.currency) return refuse('3100', `no ${transfer.currency} position for the payer or the payee`);
  if (expiresAt <= now) return refuse('3303', 'expired before the switch received it');
  if (!(await tx.reserve(payer.fspId, amountMinor))) return refuse('4001', `${payer.fspId} would exceed its net debit cap`);
  await tx.insertTransfer(transfer, now);
  return { send: [forwardOf(message, body.payeeFsp)], arm: { transferId: transfer.transferId, expiresAt: transfer.expiresAt } };
};

/** Same content: the stored final result again, or nothing while in progress. Different content: 3106. */
function answerResend(transfer: StoredTransfer, hash: string, source: string): Effects {
  const path = transferPath(transfer.transferId);
  if (hash !== transfer.prepareHash) return sending(switchError('transfers', path, source, '3106', `transfer ${transfer.transferId} exists with other content`));
  if (transfer.state === 'COMMITTED' || transfer.state === 'ABORTED') return sending(finalResult(transfer, source));
  return nothing();
}

/** What the switch said (or would say) about a final transfer: the error callback of an abort, else its state. */
function finalResult(transfer: StoredTransfer, destination: string) {
  const path = transferPath(transfer.transferId);
  if (transfer.state === 'ABORTED' && transfer.errorCode) {
    return switchErrorCallback('transfers', path, destination, { errorCode: transfer.errorCode, errorDescription: transfer.errorDescription ?? transfer.errorCode });
  }
  return switchCallback('transfers', path, destination, stateBody(transfer));
}

function stateBody(transfer: StoredTransfer): TransferResult {
  return {
    transferState: transfer.state,
    ...(transfer.state === 'COMMITTED' && transfer.fulfilment && { fulfilment: transfer.fulfilment }),
    ...(transfer.completedTimestamp && { completedTimestamp: transfer.completedTimestamp }),
  };
}

/**
 * PUT /transfers/{ID} from the payee FSP. COMMITTED (or RESERVED) with a fulfilment that hashes to the condition,
 * before the expiration, commits and goes on to the payer unchanged; ABORTED gives the reservation back.
 */
export const fulfilTransfer: Step = async (message, context) => {
  const transferId = message.params.ID ?? '';
  const path = transferPath(transferId);
  if (context.faults.take('drop-fulfil')) {
    context.logger.info({ transferId }, 'switch simulator dropped a fulfil (fault)');
    return nothing();
  }
  const transfer = await context.tx.transfer(transferId);
  if (!transfer) return sending(switchError('transfers', path, message.source, '3208', `no transfer ${transferId}`));
  if (message.source !== transfer.payeeFsp) return sending(switchError('transfers', path, message.source, '3100', 'only the payee FSP fulfils a transfer'));
  // A second fulfil of a committed transfer changes nothing; one after an abort learns why it failed.
  if (transfer.state === 'COMMITTED') return nothing();
  if (transfer.state === 'ABORTED') return sending(finalResult(transfer, message.source));
  const body = message.body as TransferResult;
  const completedTimestamp = body.completedTimestamp ?? iso(context.now);
  if (body.transferState === 'ABORTED') return abort(transfer, context, { completedTimestamp }, [forwardOf(message, transfer.payerFsp)]);
  if (body.transferState !== 'COMMITTED' && body.transferState !== 'RESERVED') return sending(switchError('transfers', path, message.source, '3100', `transferState ${body.transferState} does not finish a transfer`));
  if (context.now > transfer.expiresAt) return abortWithError(transfer, context, '3303', 'the fulfilment arrived after the expiration');
  if (!body.fulfilment || !fulfilmentMatches(body.fulfilment, transfer.condition)) return abortWithError(transfer, context, '3100', 'invalid fulfilment');
  if (!(await context.tx.finishTransfer(transferId, 'RESERVED', 'COMMITTED', { fulfilment: body.fulfilment, completedTimestamp }))) return nothing();
  await context.tx.movePosition(transfer.payeeFsp, -transfer.amountMinor);
  const send = [forwardOf(message, transfer.payerFsp)];
  // A payee that answered RESERVED waits for the switch's commit notification (FSPIOP v1.1 §6.7.2.3, PATCH).
  if (body.transferState === 'RESERVED') send.push({ method: 'PATCH', resource: 'transfers', path, source: SWITCH_FSP_ID, destination: transfer.payeeFsp, body: { completedTimestamp, transferState: 'COMMITTED' } });
  return { send, disarm: transferId };
};

/** PUT /transfers/{ID}/error from the payee FSP: aborts a reserved transfer and forwards the error to the payer. */
export const rejectTransfer: Step = async (message, context) => {
  const transfer = await context.tx.transfer(message.params.ID ?? '');
  if (!transfer || transfer.state !== 'RESERVED' || message.source !== transfer.payeeFsp) {
    context.logger.info({ transferId: message.params.ID, state: transfer?.state, source: message.source }, 'switch simulator ignored a transfer error');
    return nothing();
  }
  const { errorCode, errorDescription } = (message.body as { errorInformation: ErrorInformation }).errorInformation;
  const outcome = { errorCode, errorDescription: errorDescription.slice(0, 128), completedTimestamp: iso(context.now) };
  return abort(transfer, context, outcome, [forwardOf(message, transfer.payerFsp)]);
};

/** GET /transfers/{ID} from the payer or payee FSP: `PUT /transfers/{ID}` with the state the switch holds, or 3208. */
export const getTransfer: Step = async (message, context) => {
  const transferId = message.params.ID ?? '';
  const transfer = await context.tx.transfer(transferId);
  // Another FSP's transfer is answered as unknown, so ids cannot be probed.
  if (!transfer || (message.source !== transfer.payerFsp && message.source !== transfer.payeeFsp)) {
    return sending(switchError('transfers', transferPath(transferId), message.source, '3208', `no transfer ${transferId}`));
  }
  return sending(switchCallback('transfers', transferPath(transferId), message.source, stateBody(transfer)));
};

/** The expiry timer fired: a transfer still RESERVED past its expiration is aborted with 3303 to payer and payee. */
export async function expireTransfer(transferId: string, context: StepContext): Promise<Effects> {
  const transfer = await context.tx.transfer(transferId);
  if (!transfer || transfer.state !== 'RESERVED') return nothing();
  // A timer capped at setTimeout's limit, or a clock behind the timer's, fires early: wait again.
  if (context.now < transfer.expiresAt) return { send: [], arm: { transferId, expiresAt: transfer.expiresAt } };
  return abortWithError(transfer, context, '3303', 'the payee did not fulfil before the expiration');
}

function abortWithError(transfer: StoredTransfer, context: StepContext, code: string, description: string): Promise<Effects> {
  const errorInformation = errorInformationOf(code, description);
  const path = transferPath(transfer.transferId);
  return abort(transfer, context, { ...errorInformation, completedTimestamp: iso(context.now) }, [
    switchErrorCallback('transfers', path, transfer.payerFsp, errorInformation),
    switchErrorCallback('transfers', path, transfer.payeeFsp, errorInformation),
  ]);
}

/** RESERVED → ABORTED and the reservation back to the payer; nothing when another message finished it first. */
async function abort(transfer: StoredTransfer, context: StepContext, outcome: { errorCode?: string; errorDescription?: string; completedTimestamp: string }, send: Effects['send']): Promise<Effects> {
  if (!(await context.tx.finishTransfer(transfer.transferId, 'RESERVED', 'ABORTED', outcome))) return nothing();
  await context.tx.movePosition(transfer.payerFsp, -transfer.amountMinor);
  return { send, disarm: transfer.transferId };
}
