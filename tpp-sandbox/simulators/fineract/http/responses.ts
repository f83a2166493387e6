// SPDX-License-Identifier: Apache-2.0
// Response bodies in the shape of Fineract's Interop*ResponseData. Amounts go out as decimal strings with the
// currency's minor digits (Fineract writes BigDecimal numbers; strings keep every client away from floats).
// Fields marked "simulator extra" are not in Fineract's responses; clients must treat them as optional.
import { formatMinorUnits } from '../../../../platform/money/index.js';
import type { QuoteRecord, RequestRecord } from '../quotes.js';
import type { TransferRecord } from '../transfers.js';

const moneyData = (minor: bigint, currency: string) => ({ amount: formatMinorUnits(minor, currency), currency });
const localDateTime = (epochMs: number) => new Date(epochMs).toISOString().replace('Z', '');

/** InteropTransferResponseData; `transferState` (simulator extra) is null when a RELEASE found nothing held. */
export function transferResponse(codes: { transactionCode: string; transferCode: string }, leg: TransferRecord | undefined, now: number, expiration?: string): Record<string, unknown> {
  return {
    ...(leg?.bookingId !== undefined && { resourceId: leg.bookingId }),
    officeId: 1,
    changes: {},
    transactionCode: codes.transactionCode,
    transferCode: codes.transferCode,
    state: 'ACCEPTED',
    ...(expiration && { expiration }),
    completedTimestamp: localDateTime(leg?.completedAt ?? leg?.createdAt ?? now),
    // simulator extras: what a caller would otherwise need the savings transactions for
    transferState: leg?.state ?? null,
    ...(leg && {
      accountId: leg.accountId,
      transactionRole: leg.role,
      amount: moneyData(leg.amountMinor, leg.currency),
      fspFee: moneyData(leg.feeMinor, leg.currency),
      fspCommission: moneyData(leg.commissionMinor, leg.currency),
    }),
  };
}

/** InteropQuoteResponseData. */
export function quoteResponse(quote: QuoteRecord, expiration?: string): Record<string, unknown> {
  return {
    transactionCode: quote.transactionCode,
    quoteCode: quote.quoteCode,
    state: 'ACCEPTED',
    ...(expiration && { expiration }),
    fspFee: moneyData(quote.feeMinor, quote.currency),
    fspCommission: moneyData(quote.commissionMinor, quote.currency),
    // simulator extras
    accountId: quote.accountId,
    transactionRole: quote.role,
    amount: moneyData(quote.amountMinor, quote.currency),
  };
}

/** InteropTransactionRequestResponseData. */
export function requestResponse(request: RequestRecord): Record<string, unknown> {
  const body = request.body as { expiration?: unknown; extensionList?: unknown };
  return {
    transactionCode: request.transactionCode,
    requestCode: request.requestCode,
    state: 'ACCEPTED',
    ...(typeof body.expiration === 'string' && { expiration: body.expiration }),
    ...(Array.isArray(body.extensionList) && { extensionList: body.extensionList }),
  };
}
