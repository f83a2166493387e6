// SPDX-License-Identifier: Apache-2.0
// Fineract's answers as AmsError reasons. Fineract names the rule in `errors[].userMessageGlobalisationCode`
// (its exception classes' codes); the HTTP status alone is too coarse: every domain rule is a 403.
import { AmsError, type AmsErrorReason } from '../../ams/accounting-system.js';

export interface FineractErrorBody {
  httpStatusCode?: string | number;
  defaultUserMessage?: string;
  userMessageGlobalisationCode?: string;
  errors?: { userMessageGlobalisationCode?: string; defaultUserMessage?: string; parameterName?: string }[];
}

/** Rule codes (substrings, most specific first) and the reason each means; Fineract's own where it has one. */
const RULES: readonly [fragment: string, reason: AmsErrorReason][] = [
  ['insufficient.account.balance', 'INSUFFICIENT_FUNDS'],
  ['insufficient.balance', 'INSUFFICIENT_FUNDS'],
  ['currencies.are.different', 'CURRENCY_MISMATCH'],
  ['currency', 'CURRENCY_MISMATCH'],
  ['transaction.not.allowed', 'ACCOUNT_INACTIVE'],
  ['account.is.not.active', 'ACCOUNT_INACTIVE'],
  ['.limit', 'LIMIT_EXCEEDED'],
  ['already.committed', 'ALREADY_COMMITTED'],
  ['duplicate.account.identifier', 'DUPLICATE_IDENTIFIER'],
  ['saving.account.id.invalid', 'ACCOUNT_NOT_FOUND'],
  ['savingsaccount.id.invalid', 'ACCOUNT_NOT_FOUND'],
  ['account.not.found', 'ACCOUNT_NOT_FOUND'],
];

/** The globalisation codes of an error body, the specific ones (errors[]) first. */
export function fineractCodes(body: unknown): string[] {
  const error = (typeof body === 'object' && body !== null ? body : {}) as FineractErrorBody;
  const codes = (error.errors ?? []).map((item) => item.userMessageGlobalisationCode).filter((code): code is string => typeof code === 'string');
  if (typeof error.userMessageGlobalisationCode === 'string') codes.push(error.userMessageGlobalisationCode);
  return codes;
}

/**
 * The AmsError for a non-2xx answer. 5xx, and 400/401 about the tenant or credentials (a configuration fault the
 * payment cannot fix, so retries and an incident are the right outcome), are AMS_UNAVAILABLE.
 */
export function amsErrorFor(operation: string, status: number, body: unknown): AmsError {
  const codes = fineractCodes(body);
  const error = (typeof body === 'object' && body !== null ? body : {}) as FineractErrorBody;
  const message = error.errors?.[0]?.defaultUserMessage ?? error.defaultUserMessage ?? `HTTP ${status}`;
  const details = { fineractStatus: status, fineractCode: codes[0] };
  const reason = reasonFor(status, codes);
  return new AmsError(reason, `Fineract ${operation}: ${message}`, { details });
}

function reasonFor(status: number, codes: readonly string[]): AmsErrorReason {
  if (status >= 500 || status === 401 || status === 407 || status === 429) return 'AMS_UNAVAILABLE';
  if (codes.some((code) => code.includes('tenant.identifier'))) return 'AMS_UNAVAILABLE';
  // A 400 is Fineract's request validation: whatever words its code contains, the request was wrong.
  if (status === 400) return 'INVALID_REQUEST';
  for (const code of codes) {
    const rule = RULES.find(([fragment]) => code.includes(fragment));
    if (rule) return rule[1];
  }
  if (status === 404) return 'ACCOUNT_NOT_FOUND';
  return 'INVALID_REQUEST';
}

/** An AmsError for a call that got no HTTP answer (refused, reset, DNS) or none in time. */
export function unavailable(operation: string, cause: unknown, timeoutMs: number): AmsError {
  const name = (cause as Error | undefined)?.name;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const why = timedOut ? `no answer within ${timeoutMs} ms` : ((cause as { cause?: { code?: string } })?.cause?.code ?? (cause as Error)?.message ?? 'network error');
  return new AmsError('AMS_UNAVAILABLE', `Fineract ${operation}: ${why}`, { cause, details: { timedOut } });
}
