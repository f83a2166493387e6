// SPDX-License-Identifier: Apache-2.0
import { LangoError } from '../../../platform/errors/index.js';

/** What the switch said when it refused a message synchronously (FSPIOP ErrorInformation, §7.4). */
export interface FspiopErrorInformation {
  errorCode: string;
  errorDescription: string;
  extensionList?: { extension: { key: string; value: string }[] };
}

/**
 * The message may not have arrived: no connection, no answer within the timeout, or a 5xx. Sending it again is
 * safe because FSPIOP receivers treat a resend of the same content as a duplicate (§3.2.5).
 */
export class FspiopTransportError extends LangoError {
  readonly retryable = true;
  /** The HTTP status when the switch answered (5xx), undefined when it did not. */
  readonly httpStatus: number | undefined;
  readonly errorInformation: FspiopErrorInformation | undefined;

  constructor(message: string, options: { cause?: unknown; timedOut?: boolean; httpStatus?: number; errorInformation?: FspiopErrorInformation } = {}) {
    super(options.timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_FAILED', message, { cause: options.cause });
    this.httpStatus = options.httpStatus;
    this.errorInformation = options.errorInformation;
  }
}

/**
 * The switch refused the message (4xx) with its errorInformation: final, sending it again gets the same answer.
 * Its code stays UPSTREAM_FAILED so a Lango caller never passes the switch's verdict on as its own (a 3100 from
 * the switch means Lango sent something invalid, not that the TPP did).
 */
export class FspiopRejectedError extends LangoError {
  readonly retryable = false;
  readonly httpStatus: number;
  readonly errorCode: string;
  readonly errorDescription: string;
  readonly errorInformation: FspiopErrorInformation | undefined;

  constructor(httpStatus: number, errorInformation: FspiopErrorInformation | undefined, message: string) {
    super('UPSTREAM_FAILED', message, { details: { fspiopErrorCode: errorInformation?.errorCode, httpStatus } });
    this.httpStatus = httpStatus;
    this.errorInformation = errorInformation;
    this.errorCode = errorInformation?.errorCode ?? '';
    this.errorDescription = errorInformation?.errorDescription ?? '';
  }
}

export type FspiopClientError = FspiopTransportError | FspiopRejectedError;
