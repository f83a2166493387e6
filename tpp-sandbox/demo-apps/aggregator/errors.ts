// SPDX-License-Identifier: Apache-2.0
// What can go wrong in the demo aggregator, as typed errors with a stable code: the bank refused a Berlin Group
// call (its tppMessages), the OAuth server refused (its error code), or the user's form was not valid. Each carries
// a message fit to show on the page; the pages never show a stack or an internal detail.

/** One Berlin Group tppMessage (NextGenPSD2 §14.11). */
export interface TppMessage {
  category?: string;
  code?: string;
  path?: string;
  text?: string;
}

/** A Berlin Group call answered with an error status; `messages` are the bank's tppMessages. */
export class BankRefusedError extends Error {
  readonly code = 'BANK_REFUSED';
  readonly status: number;
  readonly messages: readonly TppMessage[];
  constructor(what: string, status: number, messages: readonly TppMessage[]) {
    const reasons = messages.map((message) => [message.code, message.text].filter(Boolean).join(': ')).filter(Boolean);
    super(`${what}: ${reasons.length > 0 ? reasons.join('; ') : `HTTP ${status}`}`);
    this.name = 'BankRefusedError';
    this.status = status;
    this.messages = messages;
  }
}

/** The authorisation server refused (PAR, token, the PSU denying): its OAuth `error` and description. */
export class AuthorisationRefusedError extends Error {
  readonly code = 'AUTHORISATION_REFUSED';
  readonly error: string;
  constructor(what: string, error: string, description: string | undefined, options?: { cause?: unknown }) {
    super(`${what}: ${error}${description ? ` (${description})` : ''}`, options);
    this.name = 'AuthorisationRefusedError';
    this.error = error;
  }
}

/** The bank or the OAuth server could not be reached, or answered something that is not the API's. */
export class BankUnreachableError extends Error {
  readonly code = 'BANK_UNREACHABLE';
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what}: the API could not be reached`, options);
    this.name = 'BankUnreachableError';
  }
}

/** A form field the user must correct; `field` is the input's name. */
export class FormInvalidError extends Error {
  readonly code = 'FORM_INVALID';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'FormInvalidError';
    this.field = field;
  }
}

export type AggregatorError = BankRefusedError | AuthorisationRefusedError | BankUnreachableError | FormInvalidError;

/** The error as one of the aggregator's own, or undefined for anything else (a bug: logged, not shown). */
export function aggregatorErrorOf(error: unknown): AggregatorError | undefined {
  return error instanceof BankRefusedError || error instanceof AuthorisationRefusedError || error instanceof BankUnreachableError || error instanceof FormInvalidError
    ? error : undefined;
}
