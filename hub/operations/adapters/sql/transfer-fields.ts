// SPDX-License-Identifier: Apache-2.0
// What a transfer's or transaction request's row says, derived from the latest value of each flow variable
// (names and shapes as hub/channel and hub/flows write them). Pure: the same variables always give the same
// columns, so applying a batch again, or rebuilding the view from the log, gives the same rows.
import { minorUnitsOf, toMinorUnits } from '../../../../platform/money/index.js';
import { COLUMN_LENGTH, type TransactionRequestsTable, type TransfersTable } from './tables.js';

/** The variables the two tables read; a write of any other variable leaves the rows as they are. */
export const PROJECTED_VARIABLES: ReadonlySet<string> = new Set([
  'transactionId', 'transferId', 'quoteId', 'transactionRequestId', 'payer', 'payee', 'amount', 'currency', 'payerFee', 'payeeFee',
  'errorCode', 'errorDescription',
  // Known before the parties are: the inbound prepare (payee-transfer), the quote answer (payer-transfer's payee
  // fee), the inbound request to pay, and the FSPIOP error callbacks a flow keeps whole.
  'prepare', 'quoteResponse', 'transactionRequest', 'partyError', 'quoteError', 'transferError', 'transactionRequestError',
]);

const ERROR_VARIABLES = ['transferError', 'quoteError', 'partyError', 'transactionRequestError'] as const;

type Variables = ReadonlyMap<string, unknown>;
type Json = Record<string, unknown>;

export type TransferFields = Omit<TransfersTable, 'process_instance_key' | 'bpmn_process_id' | 'version' | 'tenant_id' | 'direction' | 'state' | 'incident' | 'started_at' | 'completed_at' | 'duration_ms'>;
export type TransactionRequestFields = Omit<TransactionRequestsTable, 'process_instance_key' | 'bpmn_process_id' | 'tenant_id' | 'direction' | 'state' | 'incident' | 'started_at' | 'completed_at'>;

interface Party {
  idType?: string;
  idValue?: string;
  fspId?: string;
  name?: string;
  accountId?: string;
}

const object = (value: unknown): Json | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : undefined);

/** A string or number as text cut to `max` characters; anything else is unknown. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value === 'string' && value !== '') return value.slice(0, max);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value).slice(0, max);
  return undefined;
}

/** The hub's PartyRef `{ idType, idValue, subId?, fspId?, accountId?, name? }`. */
function partyRef(value: unknown): Party {
  const party = object(value);
  if (!party) return {};
  return defined({ idType: party['idType'], idValue: party['idValue'], fspId: party['fspId'], name: party['name'], accountId: party['accountId'] });
}

/** FSPIOP PartyIdInfo `{ partyIdType, partyIdentifier, fspId? }`. */
function partyIdInfo(value: unknown): Party {
  const info = object(value);
  if (!info) return {};
  return defined({ idType: info['partyIdType'], idValue: info['partyIdentifier'], fspId: info['fspId'] });
}

function defined(fields: Partial<Record<keyof Party, unknown>>): Party {
  const party: Party = {};
  for (const [field, value] of Object.entries(fields) as [keyof Party, unknown][]) {
    const max = field === 'idType' ? COLUMN_LENGTH.idType : field === 'fspId' ? COLUMN_LENGTH.fspId : field === 'name' ? COLUMN_LENGTH.name : COLUMN_LENGTH.id;
    const kept = text(value, max);
    if (kept !== undefined) party[field] = kept;
  }
  return party;
}

/** Later sources win field by field: what the flow knows of a party overrides what the first message said. */
const merge = (...parties: Party[]): Party => Object.assign({}, ...parties) as Party;

function partyColumns(side: 'payer' | 'payee', party: Party) {
  return {
    [`${side}_id_type`]: party.idType ?? null, [`${side}_id_value`]: party.idValue ?? null, [`${side}_fsp_id`]: party.fspId ?? null,
    [`${side}_name`]: party.name ?? null, [`${side}_account_id`]: party.accountId ?? null,
  } as Record<`${typeof side}_${'id_type' | 'id_value' | 'fsp_id' | 'name' | 'account_id'}`, string | null>;
}

/** Payer, payee, amount and currency: the flow's own variables, else the inbound prepare or request to pay. */
function partiesAndAmount(variables: Variables) {
  const prepare = object(variables.get('prepare'));
  const request = object(variables.get('transactionRequest'));
  const requestPayer = object(request?.['payer']);
  const requestPayee = object(request?.['payee']);
  // FSPIOP v1.1 transactionRequest: `payer` is a PartyIdInfo, `payee` a Party ({ partyIdInfo, name }).
  const payer = merge(partyIdInfo(requestPayer?.['partyIdInfo'] ?? requestPayer), defined({ fspId: prepare?.['payerFsp'] }), partyRef(variables.get('payer')));
  const payee = merge(
    partyIdInfo(requestPayee?.['partyIdInfo']), defined({ name: requestPayee?.['name'] }),
    defined({ fspId: prepare?.['payeeFsp'] }), partyRef(variables.get('payee')),
  );
  const messageAmount = object(prepare?.['amount']) ?? object(request?.['amount']);
  const amount = text(variables.get('amount'), COLUMN_LENGTH.amount) ?? text(messageAmount?.['amount'], COLUMN_LENGTH.amount);
  const currency = text(variables.get('currency'), COLUMN_LENGTH.currency) ?? text(messageAmount?.['currency'], COLUMN_LENGTH.currency);
  return { payer, payee, amount, currency };
}

function errorCodeOf(variables: Variables): { code?: string; description?: string } {
  const code = text(variables.get('errorCode'), COLUMN_LENGTH.errorCode);
  const description = text(variables.get('errorDescription'), COLUMN_LENGTH.errorDescription);
  if (code !== undefined) return { code, ...(description !== undefined && { description }) };
  for (const name of ERROR_VARIABLES) {
    const error = object(variables.get(name));
    const fromError = text(error?.['errorCode'], COLUMN_LENGTH.errorCode);
    const fromErrorDescription = description ?? text(error?.['errorDescription'], COLUMN_LENGTH.errorDescription);
    if (fromError !== undefined) return { code: fromError, ...(fromErrorDescription !== undefined && { description: fromErrorDescription }) };
  }
  return description !== undefined ? { description } : {};
}

/** The amount in minor units, when it is a valid amount of the currency and fits a double exactly. */
function minorUnits(amount: string | undefined, currency: string | undefined): { minor: number | null; digits: number | null } {
  if (amount === undefined || currency === undefined) return { minor: null, digits: null };
  try {
    const digits = minorUnitsOf(currency);
    const minor = toMinorUnits(amount, currency);
    return { minor: minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null, digits };
  } catch {
    return { minor: null, digits: null };
  }
}

const id = (variables: Variables, name: string) => text(variables.get(name), COLUMN_LENGTH.id) ?? null;

export function transferFields(variables: Variables): TransferFields {
  const { payer, payee, amount, currency } = partiesAndAmount(variables);
  const { minor, digits } = minorUnits(amount, currency);
  const error = errorCodeOf(variables);
  const quoteResponse = object(variables.get('quoteResponse'));
  const payeeFee = text(variables.get('payeeFee'), COLUMN_LENGTH.amount) ?? text(object(quoteResponse?.['payeeFspFee'])?.['amount'], COLUMN_LENGTH.amount);
  return {
    transaction_id: id(variables, 'transactionId'),
    transfer_id: id(variables, 'transferId') ?? text(object(variables.get('prepare'))?.['transferId'], COLUMN_LENGTH.id) ?? null,
    quote_id: id(variables, 'quoteId'),
    transaction_request_id: id(variables, 'transactionRequestId'),
    ...partyColumns('payer', payer), ...partyColumns('payee', payee),
    payee_name_lower: payee.name?.toLowerCase() ?? null,
    amount: amount ?? null, currency: currency ?? null, amount_minor: minor, currency_digits: digits,
    payer_fee: text(variables.get('payerFee'), COLUMN_LENGTH.amount) ?? null, payee_fee: payeeFee ?? null,
    error_code: error.code ?? null, error_description: error.description ?? null,
  };
}

export function transactionRequestFields(variables: Variables): TransactionRequestFields {
  const { payer, payee, amount, currency } = partiesAndAmount(variables);
  return {
    transaction_request_id: id(variables, 'transactionRequestId') ?? text(object(variables.get('transactionRequest'))?.['transactionRequestId'], COLUMN_LENGTH.id) ?? null,
    transaction_id: id(variables, 'transactionId'),
    ...partyColumns('payer', payer), ...partyColumns('payee', payee),
    amount: amount ?? null, currency: currency ?? null,
    error_code: errorCodeOf(variables).code ?? null,
  };
}
