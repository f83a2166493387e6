// SPDX-License-Identifier: Apache-2.0
// The AccountingSystem port over Apache Fineract's interoperation API (the PH-EE "AMS connector"): one HTTP call
// per method. Every money call carries the transfer's transactionCode and transferCode, so a retry after a timeout
// meets the first call's result in Fineract instead of booking twice.
import { formatMinorUnits, toMinorUnits } from '../../../platform/money/index.js';
import type { Logger } from '../../../platform/log/index.js';
import {
  AmsError, type AccountingSystem, type AmsAccount, type AmsIdentifierType, type AmsQuote, type AmsQuoteRequest,
  type AmsTransactionPage, type AmsTransactionQuery, type AmsTransfer, type AmsTransferLeg, type AmsTransferState, type Money,
  type TransactionRole,
} from '../../ams/accounting-system.js';
import { checkTransactionQuery, pageOf } from '../../ams/transaction-query.js';
import { fineractClient, type FineractAnswer, type FineractCall } from './fineract-client.js';
import { amsErrorFor, fineractCodes } from './fineract-errors.js';
import { readTransactions, transactionsPath } from './fineract-transactions.js';

export interface FineractAmsOptions {
  /** The tenant's Fineract API root, up to and including `/fineract-provider/api/v1`. */
  baseUrl: (tenantId: string) => string;
  /** The `Fineract-Platform-TenantId` of a Lango tenant; the tenant id itself by default. */
  fineractTenantOf?: (tenantId: string) => string;
  username: string;
  password: string;
  /** Deadline of one call in milliseconds, connection included; 5000 by default. */
  timeoutMs?: number;
  logger: Logger;
}

/** A call's deadline when none is configured, in ms: well under a Mojaloop transfer's expiry, long enough for a busy core. */
export const FINERACT_AMS_DEFAULT_TIMEOUT_MS = 5_000;

const ACTION_STATE = { PREPARE: 'PREPARED', CREATE: 'COMMITTED', RELEASE: 'RELEASED' } as const satisfies Record<string, AmsTransferState>;
type Action = keyof typeof ACTION_STATE;

/** Builds the AccountingSystem adapter for Fineract; no connection is made until the first call. */
export function openFineractAms(options: FineractAmsOptions): AccountingSystem {
  const call = fineractClient({
    baseUrl: options.baseUrl,
    fineractTenantOf: options.fineractTenantOf ?? ((tenantId) => tenantId),
    username: options.username,
    password: options.password,
    timeoutMs: options.timeoutMs ?? FINERACT_AMS_DEFAULT_TIMEOUT_MS,
    logger: options.logger.child({ connector: 'fineract' }),
  });
  return new FineractAms(call);
}

class FineractAms implements AccountingSystem {
  constructor(private readonly call: FineractCall) {}

  async health(tenantId: string): Promise<void> {
    const answer = await this.call(tenantId, 'health', 'GET', 'health');
    if (answer.status !== 200) throw amsErrorFor('health', answer.status, answer.body);
  }

  async findParty(tenantId: string, idType: AmsIdentifierType, idValue: string): Promise<{ accountId: string } | undefined> {
    const answer = await this.call(tenantId, 'findParty', 'GET', `parties/${segment(idType)}/${segment(idValue)}`);
    if (answer.status === 404) return undefined;
    const body = ok('findParty', answer) as { accountId?: unknown };
    return typeof body.accountId === 'string' ? { accountId: body.accountId } : undefined;
  }

  async registerParty(tenantId: string, idType: AmsIdentifierType, idValue: string, accountId: string): Promise<void> {
    ok('registerParty', await this.call(tenantId, 'registerParty', 'POST', `parties/${segment(idType)}/${segment(idValue)}`, { accountId }));
  }

  async account(tenantId: string, accountId: string): Promise<AmsAccount | undefined> {
    const answer = await this.call(tenantId, 'account', 'GET', `accounts/${segment(accountId)}`);
    if (answer.status === 404) return undefined;
    return toAccount(ok('account', answer) as FineractAccount, accountId);
  }

  async transactions(tenantId: string, accountId: string, query?: AmsTransactionQuery): Promise<AmsTransactionPage | undefined> {
    const checked = checkTransactionQuery(query);
    const answer = await this.call(tenantId, 'transactions', 'GET', transactionsPath(accountId, checked));
    if (answer.status === 404) return undefined;
    // Fineract answers the whole filtered list (fineract-transactions.ts); the page is cut here.
    return pageOf(readTransactions(ok('transactions', answer), accountId, checked.direction), checked);
  }

  async quote(tenantId: string, request: AmsQuoteRequest): Promise<AmsQuote> {
    const body = ok('quote', await this.call(tenantId, 'quote', 'POST', 'quotes', {
      transactionCode: request.transactionCode,
      quoteCode: request.quoteCode,
      accountId: request.accountId,
      amount: wireMoney(request.amount),
      amountType: request.amountType,
      transactionRole: request.role,
      transactionType: { scenario: 'TRANSFER', initiator: 'PAYER', initiatorType: 'CONSUMER' },
      ...(request.note && { note: request.note }),
    })) as { fspFee?: unknown; fspCommission?: unknown };
    const zero = { amount: '0', currency: request.amount.currency };
    return { fspFee: readMoney(body.fspFee) ?? zero, fspCommission: readMoney(body.fspCommission) ?? zero };
  }

  async prepareTransfer(tenantId: string, leg: AmsTransferLeg): Promise<AmsTransfer> {
    return required('PREPARE', leg, await this.transferAction(tenantId, 'PREPARE', leg));
  }

  async commitTransfer(tenantId: string, leg: AmsTransferLeg): Promise<AmsTransfer> {
    return required('CREATE', leg, await this.transferAction(tenantId, 'CREATE', leg));
  }

  async releaseTransfer(tenantId: string, leg: AmsTransferLeg): Promise<AmsTransfer | undefined> {
    return this.transferAction(tenantId, 'RELEASE', leg);
  }

  async transfer(tenantId: string, transactionCode: string, transferCode: string, role: TransactionRole): Promise<AmsTransfer | undefined> {
    const answer = await this.call(tenantId, 'transfer', 'GET', `transactions/${segment(transactionCode)}/transfers/${segment(transferCode)}?role=${role}`);
    if (answer.status === 404) return undefined;
    const body = ok('transfer', answer) as FineractTransfer | undefined;
    // Fineract's own getTransfer answers an empty body (it keeps no transfer records).
    if (!body || typeof body !== 'object' || typeof body.transferState !== 'string') return undefined;
    return toTransfer(body, { transactionCode, transferCode, role }, body.transferState as AmsTransferState);
  }

  private async transferAction(tenantId: string, action: Action, leg: AmsTransferLeg): Promise<AmsTransfer | undefined> {
    const operation = `transfer ${action}`;
    const answer = await this.call(tenantId, operation, 'POST', `transfers?action=${action}`, {
      transactionCode: leg.transactionCode,
      transferCode: leg.transferCode,
      accountId: leg.accountId,
      transactionRole: leg.role,
      amount: wireMoney(leg.amount),
      ...(leg.fspFee && { fspFee: wireMoney(leg.fspFee) }),
      ...(leg.fspCommission && { fspCommission: wireMoney(leg.fspCommission) }),
      transactionType: { scenario: 'TRANSFER', initiator: 'PAYER', initiatorType: 'CONSUMER' },
      ...(leg.note && { note: leg.note }),
      ...(leg.expiration && { expiration: leg.expiration }),
    });
    // Fineract releases before RELEASE-as-no-op answer a missing hold with InteropTransferMissingException.
    if (action === 'RELEASE' && answer.status === 403 && fineractCodes(answer.body).some((code) => code.includes('transfer.missing'))) return undefined;
    const body = ok(operation, answer) as FineractTransfer;
    // The simulator says which state the leg is in (a repeated PREPARE of a committed leg says COMMITTED);
    // Fineract itself does not, and then the action that succeeded is the state.
    if (body.transferState === null) return undefined;
    const state = typeof body.transferState === 'string' ? (body.transferState as AmsTransferState) : ACTION_STATE[action];
    return toTransfer(body, leg, state);
  }
}

interface FineractAccount {
  accountId?: string;
  currency?: string;
  accountBalance?: unknown;
  availableBalance?: unknown;
  status?: { active?: boolean; code?: string; value?: string };
  holderName?: string;
}

interface FineractTransfer {
  resourceId?: number | string;
  transferState?: string | null;
  accountId?: string;
  transactionRole?: TransactionRole;
  amount?: unknown;
  fspFee?: unknown;
}

/** PREPARE and CREATE always leave a leg behind; an answer saying otherwise is a broken AMS, worth a retry. */
function required(action: Action, leg: AmsTransferLeg, transfer: AmsTransfer | undefined): AmsTransfer {
  if (transfer) return transfer;
  throw new AmsError('AMS_UNAVAILABLE', `Fineract transfer ${action} of ${leg.transferCode}: answer without a transfer state`);
}

/** The body of a 2xx answer; anything else becomes the AmsError its status and code mean. */
function ok(operation: string, answer: FineractAnswer): unknown {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  throw amsErrorFor(operation, answer.status, answer.body);
}

const segment = (value: string) => encodeURIComponent(value);

/** An amount normalized to the currency's digits before it leaves; a malformed one never reaches Fineract. */
function wireMoney(money: Money): Money {
  try {
    return { amount: formatMinorUnits(toMinorUnits(money.amount, money.currency), money.currency), currency: money.currency };
  } catch (error) {
    throw new AmsError('INVALID_REQUEST', `invalid amount ${money.amount} ${money.currency}: ${(error as Error).message}`, { cause: error });
  }
}

/** Fineract's MoneyData (amount as string, or as a JSON number from Fineract itself) as port Money. */
function readMoney(value: unknown): Money | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  if (typeof currency !== 'string' || (typeof amount !== 'string' && typeof amount !== 'number')) return undefined;
  return { amount: decimal(amount, currency), currency };
}

function decimal(amount: string | number, currency: string): string {
  return formatMinorUnits(toMinorUnits(String(amount), currency), currency);
}

function toAccount(body: FineractAccount, accountId: string): AmsAccount {
  const currency = body.currency ?? '';
  const balance = body.accountBalance as string | number | undefined;
  const available = body.availableBalance as string | number | undefined;
  if (balance === undefined || available === undefined || !currency) {
    throw new AmsError('AMS_UNAVAILABLE', `Fineract account ${accountId}: answer without balances or currency`);
  }
  const code = body.status?.code ?? '';
  const status = body.status?.active ? 'ACTIVE' : code.includes('closed') ? 'CLOSED' : 'INACTIVE';
  return {
    accountId: body.accountId ?? accountId,
    currency,
    status,
    balance: decimal(balance, currency),
    availableBalance: decimal(available, currency),
    ...(body.holderName && { holderName: body.holderName }),
  };
}

function toTransfer(body: FineractTransfer, leg: Pick<AmsTransferLeg, 'transactionCode' | 'transferCode' | 'role'> & Partial<AmsTransferLeg>, state: AmsTransferState): AmsTransfer {
  const amount = readMoney(body.amount) ?? leg.amount;
  const fspFee = readMoney(body.fspFee) ?? leg.fspFee;
  const accountId = body.accountId ?? leg.accountId;
  if (!amount || !accountId) throw new AmsError('AMS_UNAVAILABLE', `Fineract transfer ${leg.transferCode}: answer without account or amount`);
  return {
    transactionCode: leg.transactionCode,
    transferCode: leg.transferCode,
    accountId,
    role: body.transactionRole ?? leg.role,
    state,
    amount,
    ...(fspFee && { fspFee }),
    ...(body.resourceId !== undefined && { reference: String(body.resourceId) }),
  };
}
