// SPDX-License-Identifier: Apache-2.0
// What the payment flows' workers and the scheme's inbound handler work with: ports only, built by the composition
// root (app/) or a test.
import type { Logger } from '../../platform/log/index.js';
import type { AccountingSystem } from '../ams/accounting-system.js';
import type { FspiopClient } from '../connectors/mojaloop/fspiop.js';
import type { FspiopIlp } from '../connectors/mojaloop/ilp.js';
import type { WorkflowEngine } from '../engine/workflow-engine.js';
import type { IdentityMapping } from '../identity/identity-mapping.js';
import type { Notifier } from '../notifications/notifications.js';
import type { PaymentStore } from '../payments/payment-records.js';
import { type Tenants } from './tenants.js';

/** How long each wait of the flows lasts (ISO 8601 durations, read by the BPMN timers) and the scheme's expiries. */
export interface FlowSettings {
  timeouts: {
    partyLookup: string;
    quote: string;
    /** Waiting for the fulfil before asking the switch; the transfer's own expiry is `transferExpiryMs`. */
    transfer: string;
    confirmation: string;
    transactionRequest: string;
    requestToPay: string;
    registration: string;
  };
  /** Lifetime of the quotes this FSP gives as payee. */
  quoteExpiryMs: number;
  /** Expiration this FSP sets on the transfers it prepares as payer. */
  transferExpiryMs: number;
  /** GET /transfers queries after an overdue fulfil before an operator is asked. */
  maxTransferQueries: number;
  /** First retry delay of a failed step; doubles per retry up to 30 s. */
  retryBackoffMs: number;
}

export const DEFAULT_FLOW_SETTINGS: FlowSettings = {
  timeouts: {
    partyLookup: 'PT30S', quote: 'PT30S', transfer: 'PT75S', confirmation: 'PT5M',
    transactionRequest: 'PT30S', requestToPay: 'PT15M', registration: 'PT30S',
  },
  quoteExpiryMs: 60_000,
  transferExpiryMs: 60_000,
  maxTransferQueries: 3,
  retryBackoffMs: 1_000,
};

export interface FlowContext {
  engine: WorkflowEngine;
  store: PaymentStore;
  ams: AccountingSystem;
  fspiop: FspiopClient;
  /** The ILP secret of a tenant as payee. */
  ilpFor(tenantId: string): FspiopIlp;
  tenants: Tenants;
  identities: IdentityMapping;
  notifier: Notifier;
  settings: FlowSettings;
  logger: Logger;
  now(): number;
}
