// SPDX-License-Identifier: Apache-2.0
// The API activity view's errors: a platform error (its `code` picks the HTTP status) with a stable `reason`.
// Reasons are only ever added, never reused.
import { ValidationError } from '../../../platform/errors/index.js';

/** A query the portal built wrongly (a limit out of range, a position that is not one). */
export class ActivityQueryInvalidError extends ValidationError {
  readonly reason = 'ACTIVITY_QUERY_INVALID' as const;
  constructor(path: string, why: string) {
    super(`${path} ${why}`, { path, details: { reason: 'ACTIVITY_QUERY_INVALID' } });
  }
}

export type ApiActivityError = ActivityQueryInvalidError;
