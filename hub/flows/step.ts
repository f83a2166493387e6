// SPDX-License-Identifier: Apache-2.0
// One policy for every worker of the flows, so the BPMN stays readable: a technical failure (network, AMS or
// switch down) is retried with exponential back-off while the job has retries; a business answer (insufficient
// funds, party unknown, the switch's refusal) is a BPMN error the flow handles at once. When retries run out,
// a step with a compensation path throws the error (the flow releases funds and reports); a step the flow cannot
// undo (committing a withdrawal the switch already settled) fails with no retries left, which raises an incident
// for an operator.
import { LangoError, toLangoError } from '../../platform/errors/index.js';
import { AmsError } from '../ams/accounting-system.js';
import { FspiopRejectedError, FspiopTransportError } from '../connectors/mojaloop/errors.js';
import { complete, fail, throwError, type Job, type JobHandler, type JobOutcome, type Variables } from '../engine/workflow-engine.js';
import type { FlowContext } from './flow-context.js';

/** A variable of the job, as the flow set it (the BPMN files and workers agree on names and shapes). */
export const jobVariable = <T>(job: Job, name: string): T => job.variables[name] as T;

/** The FSP id of the tenant a job works for (its `tenantId` variable). */
export const fspOfJob = (context: FlowContext, job: Job): string => context.tenants.byId(jobVariable(job, 'tenantId')).fspId;

/** The BPMN error code every error boundary of hub/bpmn catches. */
export const PAYMENT_REJECTED = 'PAYMENT_REJECTED';

/** A business refusal with the FSPIOP code the scheme and the channel are told. */
export class PaymentRejected extends LangoError {
  constructor(readonly fspiopCode: string, message: string) {
    super('BUSINESS_RULE_REJECTED', message, { details: { fspiopCode } });
  }
}

export type OnExhausted = 'throw' | 'incident';

interface Classified {
  retryable: boolean;
  errorCode: string;
  errorDescription: string;
}

/** FSPIOP code for a failure: the AMS's, the switch's, or a generic one by kind. */
function classify(error: unknown): Classified {
  if (error instanceof PaymentRejected) return { retryable: false, errorCode: error.fspiopCode, errorDescription: error.message };
  if (error instanceof AmsError) return { retryable: error.retryable, errorCode: String(error.details?.['fspiopCode'] ?? '5000'), errorDescription: error.message };
  if (error instanceof FspiopTransportError) return { retryable: true, errorCode: error.code === 'UPSTREAM_TIMEOUT' ? '2004' : '1001', errorDescription: error.message };
  if (error instanceof FspiopRejectedError) return { retryable: false, errorCode: error.errorCode || '3100', errorDescription: error.errorDescription || error.message };
  const lango = toLangoError(error);
  const code = lango.details?.['fspiopCode'];
  // A LangoError carrying an FSPIOP code is a considered answer; anything else is unexpected and worth retrying.
  if (typeof code === 'string') return { retryable: false, errorCode: code, errorDescription: lango.message };
  return { retryable: true, errorCode: '2001', errorDescription: lango.message };
}

function backoff(context: FlowContext, job: Job, initialRetries: number): number {
  const attempt = Math.max(0, initialRetries - job.retries);
  return Math.min(30_000, context.settings.retryBackoffMs * 2 ** attempt);
}

export interface StepOptions {
  onExhausted: OnExhausted;
  /** The retries of the task in the BPMN, to compute the back-off (default 5). */
  retries?: number;
}

/** Wraps a worker body in the policy above; the body returns the variables to set, or nothing. */
export function step(context: FlowContext, body: (job: Job) => Promise<Variables | void>, options: StepOptions): JobHandler {
  return async (job): Promise<JobOutcome> => {
    try {
      return complete((await body(job)) ?? {});
    } catch (error) {
      const failure = classify(error);
      const log = { err: error, jobType: job.type, processInstanceKey: job.processInstanceKey, retries: job.retries, errorCode: failure.errorCode };
      const variables = { errorCode: failure.errorCode, errorDescription: failure.errorDescription.slice(0, 128) };
      if (!failure.retryable) {
        context.logger.info(log, 'step refused: taking the error path');
        return throwError(PAYMENT_REJECTED, failure.errorDescription, variables);
      }
      if (job.retries > 1) {
        context.logger.warn(log, 'step failed: retrying');
        return fail(failure.errorDescription, { retries: job.retries - 1, retryBackOff: backoff(context, job, options.retries ?? 5) });
      }
      if (options.onExhausted === 'throw') {
        context.logger.warn(log, 'step failed after its retries: taking the error path');
        return throwError(PAYMENT_REJECTED, failure.errorDescription, variables);
      }
      context.logger.error(log, 'step failed after its retries: incident for an operator');
      return fail(failure.errorDescription, { retries: 0 });
    }
  };
}
