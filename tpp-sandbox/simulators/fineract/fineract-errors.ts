// SPDX-License-Identifier: Apache-2.0
// Fineract's error model as its exception mappers write it (PlatformApiDataValidationExceptionMapper,
// PlatformDomainRuleExceptionMapper, PlatformResourceNotFoundExceptionMapper, ...): a top-level message and
// `errors[]` whose `userMessageGlobalisationCode` names the exact rule. Fineract sends `httpStatusCode` as a string.

/** The top-level shape of each Fineract exception family: status and its fixed messages. */
const FAMILIES = {
  validation: { status: 400, code: 'validation.msg.validation.errors.exist', message: 'Validation errors exist.' },
  tenant: { status: 400, code: 'error.msg.invalid.tenant.identifier', message: 'Invalid tenant identifier.' },
  unauthenticated: { status: 401, code: 'error.msg.not.authenticated', message: 'Unauthenticated. Please login.' },
  // Fineract answers every domain rule and data integrity violation with 403.
  domainRule: { status: 403, code: 'validation.msg.domain.rule.violation', message: 'Errors contain reason for domain rule violation.' },
  dataIntegrity: { status: 403, code: 'error.msg.platform.data.integrity.issue', message: 'The request caused a data integrity issue to be fired by the database.' },
  notFound: { status: 404, code: 'error.msg.resource.not.found', message: 'The requested resource is not available.' },
  unavailable: { status: 503, code: 'error.msg.platform.service.unavailable', message: 'The platform is unavailable.' },
} as const;

export type FineractErrorFamily = keyof typeof FAMILIES;

/** The rule codes this simulator answers with; Fineract's own where it has one. */
export const FINERACT_ERROR_CODES = {
  insufficientBalance: 'error.msg.savingsaccount.transaction.insufficient.account.balance',
  accountNotFound: 'error.msg.saving.account.id.invalid',
  partyNotFound: 'error.msg.interop.account.not.found',
  duplicateIdentifier: 'error.msg.interop.duplicate.account.identifier',
  currencyMismatch: 'error.msg.currencies.are.different',
  transactionNotAllowed: 'error.msg.interop.account.transaction.not.allowed',
  alreadyCommitted: 'error.msg.interop.transfer.already.committed',
  alreadyReleased: 'error.msg.interop.transfer.already.released',
  transferMismatch: 'error.msg.interop.transfer.mismatch',
  quoteMismatch: 'error.msg.interop.quote.mismatch',
  requestMismatch: 'error.msg.interop.request.mismatch',
  transferNotFound: 'error.msg.interop.transfer.not.found',
  quoteNotFound: 'error.msg.interop.quote.not.found',
  requestNotFound: 'error.msg.interop.request.not.found',
} as const;

export interface FineractParameterError {
  developerMessage: string;
  defaultUserMessage: string;
  userMessageGlobalisationCode: string;
  parameterName: string;
  value: unknown;
  args: unknown[];
}

export interface FineractErrorBody {
  developerMessage: string;
  httpStatusCode: string;
  defaultUserMessage: string;
  userMessageGlobalisationCode: string;
  errors: FineractParameterError[];
}

/** A refusal the simulator answers in Fineract's error JSON. */
export class FineractError extends Error {
  readonly status: number;
  readonly family: FineractErrorFamily;
  readonly errors: FineractParameterError[];

  constructor(family: FineractErrorFamily, errors: { code: string; message: string; parameterName?: string; value?: unknown }[]) {
    super(errors[0]?.message ?? FAMILIES[family].message);
    this.name = 'FineractError';
    this.family = family;
    this.status = FAMILIES[family].status;
    this.errors = errors.map((error) => ({
      developerMessage: error.message,
      defaultUserMessage: error.message,
      userMessageGlobalisationCode: error.code,
      parameterName: error.parameterName ?? 'id',
      value: error.value ?? null,
      args: [],
    }));
  }

  /** The wire body, as Fineract's ApiGlobalErrorResponse serializes it. */
  toJSON(): FineractErrorBody {
    const family = FAMILIES[this.family];
    return {
      developerMessage: family.message,
      httpStatusCode: String(family.status),
      defaultUserMessage: family.message,
      userMessageGlobalisationCode: family.code,
      errors: this.errors,
    };
  }
}

/** A 400 naming the parameter at fault, with Fineract's `validation.msg.<resource>.<parameter>.<rule>` code. */
export function validationError(resource: string, parameterName: string, rule: string, message: string, value?: unknown): FineractError {
  return new FineractError('validation', [{ code: `validation.msg.${resource}.${parameterName}.${rule}`, message, parameterName, value }]);
}

/** A 403 for a business rule (funds, currency, state). */
export function domainRuleError(code: string, message: string, parameterName?: string): FineractError {
  return new FineractError('domainRule', [{ code, message, ...(parameterName && { parameterName }) }]);
}

/** A 404 for an account, party, quote or transfer the tenant does not know. */
export function notFoundError(code: string, message: string, value: unknown): FineractError {
  return new FineractError('notFound', [{ code, message, value }]);
}
