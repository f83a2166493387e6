// SPDX-License-Identifier: Apache-2.0
// A port worker on the SDK's polling worker (ZBWorker over ActivateJobs). The SDK activates jobs and keeps the
// count of jobs in hand; this file maps each job, runs the handler, sends the one command its outcome calls
// for, and then releases the job's slot. Delivery stays at least once: a job whose command is lost is handed
// out again by the broker after its timeout.
import type { Zeebe } from '@camunda8/sdk';
import type { Logger } from '../../../platform/log/index.js';
import type { JobHandler, JobOutcome, JobWorker, WorkerOptions } from '../workflow-engine.js';
import { fromGrpcError } from './map-error.js';
import { outcomeOfThrown, toJob, toJobCommand, type JobCommand, type SdkJob } from './map-job.js';
import { toWorkerSettings } from './map-request.js';

/** The calls a worker makes on the SDK's client. */
export type WorkerGateway = Pick<Zeebe.ZeebeGrpcClient, 'createWorker' | 'completeJob' | 'failJob' | 'throwError'>;

export function startWorker(client: WorkerGateway, options: WorkerOptions, logger: Logger): JobWorker {
  const log = logger.child({ taskType: options.taskType });
  let connected = true;
  const worker = client.createWorker({
    ...toWorkerSettings(options),
    taskHandler: async (job) => {
      try {
        await runJob(client, options.handler, job as unknown as SdkJob, log);
      } catch (error) {
        log.error({ jobKey: job.key, error: error instanceof Error ? error.message : String(error) }, 'job could not be run; the broker hands it out again after its timeout');
      }
      // Frees the slot whatever happened; the command sent (or the broker's timeout) settles the job itself.
      return job.forward();
    },
    // The SDK fires these once per change of state, so an outage is one line, not one per poll.
    onConnectionError: () => {
      if (connected) log.warn('Zeebe worker lost the gateway; polling on with backoff');
      connected = false;
    },
    onReady: () => {
      if (!connected) log.info('Zeebe worker reached the gateway again');
      connected = true;
    },
  });
  return {
    async close() {
      await worker.close();
    },
  };
}

async function runJob(client: WorkerGateway, handler: JobHandler, sdkJob: SdkJob, log: Logger): Promise<void> {
  const job = toJob(sdkJob);
  let outcome: JobOutcome;
  try {
    outcome = await handler(job);
  } catch (error) {
    outcome = outcomeOfThrown(error);
    log.warn({ jobKey: job.key, error: error instanceof Error ? error.message : String(error) }, 'job handler threw; failing the job');
  }
  const command = toJobCommand(job, outcome);
  try {
    await send(client, command);
  } catch (error) {
    const mapped = fromGrpcError(command.command, error);
    // NOT_FOUND is expected now and then: the job timed out and went to another worker, or its instance was cancelled.
    log[mapped.code === 'NOT_FOUND' ? 'debug' : 'warn']({ jobKey: job.key, code: mapped.code, reason: mapped.message }, `${command.command} was not accepted`);
  }
}

function send(client: WorkerGateway, { command, request }: JobCommand): Promise<void> {
  switch (command) {
    case 'completeJob':
      return client.completeJob(request);
    case 'failJob':
      return client.failJob(request);
    case 'throwError':
      return client.throwError(request);
  }
}
