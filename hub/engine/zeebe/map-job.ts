// SPDX-License-Identifier: Apache-2.0
// A job as the SDK's worker hands it over → the port's Job, and the handler's outcome → the one gateway command
// that reports it (gateway.proto: CompleteJob, FailJob, ThrowError). The adapter sends the command itself and
// then releases the worker's slot (`job.forward()`), rather than calling `job.fail()`: in SDK 8.8 that helper
// turns an absent `retries` into 0 (an incident at once) and drops `variables`.
// Types only (erased at run time); the SDK's package root does not re-export its gRPC request types.
import type * as Zeebe from '@camunda8/sdk/dist/zeebe/types.js';
import { fail, type Job, type JobOutcome } from '../workflow-engine.js';

/**
 * The fields of an activated job the adapter reads. `processDefinitionKey` is in the gateway's ActivatedJob
 * and in the object the SDK passes, but missing from the SDK's `Job` type; keys and the deadline come as
 * strings (int64 on the wire).
 */
export type SdkJob = Omit<Zeebe.Job, 'customHeaders' | 'variables'> & {
  readonly processDefinitionKey?: string;
  readonly customHeaders: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, unknown>>;
};

export function toJob(job: SdkJob): Job {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: String(job.processDefinitionKey ?? ''),
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    // Zeebe's task headers are strings; the SDK's JSON parser may hand a numeric-looking one back as a number.
    customHeaders: Object.fromEntries(Object.entries(job.customHeaders).map(([name, value]) => [name, String(value)])),
    variables: { ...job.variables },
    retries: job.retries,
    deadline: Number(job.deadline),
    tenantId: job.tenantId,
  };
}

export type JobCommand =
  | { command: 'completeJob'; request: Zeebe.CompleteJobRequest }
  | { command: 'failJob'; request: Zeebe.FailJobRequest }
  | { command: 'throwError'; request: Zeebe.ThrowErrorRequest };

/** The gateway command for a handler's outcome; durations in ms, as FailJob's `retryBackOff` is. */
export function toJobCommand(job: Pick<Job, 'key' | 'retries'>, outcome: JobOutcome): JobCommand {
  switch (outcome.outcome) {
    case 'complete':
      return { command: 'completeJob', request: { jobKey: job.key, variables: toSdkVariables(outcome.variables) } };
    case 'fail':
      return {
        command: 'failJob',
        request: {
          jobKey: job.key,
          errorMessage: outcome.errorMessage,
          // The port's default, stated here rather than left to the SDK: one retry fewer than the job has.
          retries: outcome.retries ?? Math.max(job.retries - 1, 0),
          retryBackOff: outcome.retryBackOff ?? 0,
          ...(outcome.variables && { variables: toSdkVariables(outcome.variables) }),
        },
      };
    case 'throwError':
      return {
        command: 'throwError',
        request: {
          jobKey: job.key,
          errorCode: outcome.errorCode,
          ...(outcome.errorMessage !== undefined && { errorMessage: outcome.errorMessage }),
          ...(outcome.variables && { variables: toSdkVariables(outcome.variables) }),
        },
      };
  }
}

/** A handler that throws has failed technically: the job is failed with the error's message, retries minus one. */
export function outcomeOfThrown(error: unknown): JobOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return fail(`job handler threw: ${message}`);
}

/** The SDK types variables as JSON; the port takes any JSON-serialisable record. */
export function toSdkVariables(variables: Readonly<Record<string, unknown>> | undefined): Zeebe.IProcessVariables {
  return { ...variables } as Zeebe.IProcessVariables;
}
