// SPDX-License-Identifier: Apache-2.0
// Routes another context adds to the operations API through app/ (the developer portal's production requests, for
// one): they run behind the same operator sign-in, CSRF check and problem details, and may write the audit trail.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NewAuditEntry } from '../audit/audit-trail.js';
import type { OperatorIdentity } from './operator-identity.js';

export interface OperationsApiContext {
  /** The signed-in operator of a request (authenticated before any extension route runs). */
  operatorOf(request: FastifyRequest): OperatorIdentity;
  /** Appends one entry to the hash-chained audit trail. */
  audit(entry: NewAuditEntry): Promise<void>;
}

/** More routes under the operations API's `/api/v1` (port; app/ composes them). */
export interface OperationsApiExtension {
  /** Registers the extension's routes on the authenticated API scope. */
  routes(api: FastifyInstance, context: OperationsApiContext): Promise<void>;
}
