// SPDX-License-Identifier: Apache-2.0
// The readiness checks' one error: a step of the TPP's journey did not work. It never leaves
// runReadinessChecks — the runner turns it into a failed check of the report, with the API's own words.
import { LangoError } from '../../../platform/errors/index.js';

/** The API under test refused or answered wrongly; `answerStatus` is the HTTP status it answered with, if any. */
export class CheckFailedError extends LangoError {
  readonly reason = 'READINESS_CHECK_FAILED' as const;
  readonly answerStatus: number | undefined;
  constructor(detail: string, answerStatus?: number, cause?: unknown) {
    super('UPSTREAM_FAILED', detail, { details: { reason: 'READINESS_CHECK_FAILED', answerStatus }, ...(cause !== undefined && { cause }) });
    this.answerStatus = answerStatus;
  }
}
