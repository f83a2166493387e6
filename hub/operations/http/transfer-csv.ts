// SPDX-License-Identifier: Apache-2.0
// The transfers CSV export (RFC 4180), one row per transfer in the columns of API.md.
import type { OperationsTransfer } from '../operations-view.js';

const COLUMNS: readonly [string, (transfer: OperationsTransfer) => unknown][] = [
  ['processInstanceKey', (t) => t.processInstanceKey], ['tenantId', (t) => t.tenantId], ['direction', (t) => t.direction],
  ['transactionId', (t) => t.transactionId], ['transferId', (t) => t.transferId],
  ['payerIdType', (t) => t.payer.idType], ['payerId', (t) => t.payer.idValue], ['payerFspId', (t) => t.payer.fspId],
  ['payeeIdType', (t) => t.payee.idType], ['payeeId', (t) => t.payee.idValue], ['payeeFspId', (t) => t.payee.fspId], ['payeeName', (t) => t.payee.name],
  ['amount', (t) => t.amount], ['currency', (t) => t.currency], ['payerFee', (t) => t.payerFee], ['payeeFee', (t) => t.payeeFee],
  ['state', (t) => t.state], ['incident', (t) => t.incident], ['errorCode', (t) => t.errorCode], ['errorDescription', (t) => t.errorDescription],
  ['startedAt', (t) => new Date(t.startedAt).toISOString()], ['completedAt', (t) => (t.completedAt === undefined ? undefined : new Date(t.completedAt).toISOString())],
];

/**
 * One CSV cell: quoted when it holds a quote, comma or line break; a text a spreadsheet would run as a formula
 * (= + - @ at the start) gets a leading apostrophe (OWASP CSV injection).
 */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const transferCsvHeader = (): string => COLUMNS.map(([name]) => name).join(',');

export const transferCsvRow = (transfer: OperationsTransfer): string => COLUMNS.map(([, read]) => csvCell(read(transfer))).join(',');
