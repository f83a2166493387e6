// SPDX-License-Identifier: Apache-2.0
// gRPC status codes of Zeebe's gateway → Lango's error codes. The gateway turns a command rejection into a
// status (gateway.proto, "Errors:" of each RPC): NOT_FOUND for an unknown key, INVALID_ARGUMENT for a bad
// request or an invalid resource, FAILED_PRECONDITION for a command the entity's state refuses, ALREADY_EXISTS
// for a message id that is still buffered. Those carry the broker's rejection reason, which names the key or
// the BPMN element at fault, so it becomes the message. Every other status is about the broker, not the
// request: its details (host names, addresses) stay in `cause`, since this error's message may reach a caller.
import { LangoError, type ErrorCode } from '../../../platform/errors/index.js';

/** The shape @grpc/grpc-js rejects with (a ServiceError); the SDK passes it through unchanged. */
export interface GrpcStatusError {
  code: number;
  details: string;
}

export const GRPC_STATUS = {
  0: 'OK', 1: 'CANCELLED', 2: 'UNKNOWN', 3: 'INVALID_ARGUMENT', 4: 'DEADLINE_EXCEEDED', 5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS', 7: 'PERMISSION_DENIED', 8: 'RESOURCE_EXHAUSTED', 9: 'FAILED_PRECONDITION', 10: 'ABORTED',
  11: 'OUT_OF_RANGE', 12: 'UNIMPLEMENTED', 13: 'INTERNAL', 14: 'UNAVAILABLE', 15: 'DATA_LOSS', 16: 'UNAUTHENTICATED',
} as const satisfies Record<number, string>;

export type GrpcStatusName = (typeof GRPC_STATUS)[keyof typeof GRPC_STATUS];

/** The Lango code per status, and whether the broker's reason may be the message. Unlisted: UPSTREAM_FAILED. */
const BY_STATUS: Partial<Record<GrpcStatusName, { code: ErrorCode; reason: boolean }>> = {
  INVALID_ARGUMENT: { code: 'VALIDATION_FAILED', reason: true },
  OUT_OF_RANGE: { code: 'VALIDATION_FAILED', reason: true },
  NOT_FOUND: { code: 'NOT_FOUND', reason: true },
  ALREADY_EXISTS: { code: 'CONFLICT', reason: true },
  FAILED_PRECONDITION: { code: 'CONFLICT', reason: true },
  UNAVAILABLE: { code: 'UNAVAILABLE', reason: false },
  // Backpressure: the partition refuses new commands for now; the caller may retry, like an outage.
  RESOURCE_EXHAUSTED: { code: 'UNAVAILABLE', reason: false },
  DEADLINE_EXCEEDED: { code: 'UPSTREAM_TIMEOUT', reason: false },
};

const SUMMARY: Partial<Record<ErrorCode, string>> = {
  UNAVAILABLE: 'the Zeebe gateway is unreachable or overloaded',
  UPSTREAM_TIMEOUT: 'the Zeebe gateway did not answer in time',
};

export function isGrpcStatusError(error: unknown): error is GrpcStatusError {
  return typeof error === 'object' && error !== null
    && typeof (error as { code?: unknown }).code === 'number'
    && typeof (error as { details?: unknown }).details === 'string';
}

export function grpcStatusName(code: number): GrpcStatusName | undefined {
  return (GRPC_STATUS as Record<number, GrpcStatusName>)[code];
}

/**
 * The Lango error for a failed gateway call named `operation` (a port method, e.g. `cancelInstance`).
 * Lango errors pass unchanged; a throwable that is not a gRPC status (a local SDK failure) becomes INTERNAL.
 */
export function fromGrpcError(operation: string, error: unknown): LangoError {
  if (error instanceof LangoError) return error;
  if (!isGrpcStatusError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new LangoError('INTERNAL', `Zeebe ${operation}: ${message}`, { cause: error });
  }
  const status = grpcStatusName(error.code) ?? 'UNKNOWN';
  const mapped = BY_STATUS[status] ?? { code: 'UPSTREAM_FAILED', reason: false };
  const message = mapped.reason && error.details
    ? error.details
    : `Zeebe ${operation} failed: ${SUMMARY[mapped.code] ?? 'the Zeebe gateway refused the call'} (${status})`;
  return new LangoError(mapped.code, message, { cause: error, details: { grpcStatus: status } });
}
