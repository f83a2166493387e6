// SPDX-License-Identifier: Apache-2.0
// The WorkflowEngine port on Camunda Zeebe, through the gRPC client of `@camunda8/sdk`: one gateway call per
// method, requests and results mapped in ./map-*.ts, failures mapped to Lango's codes (./map-error.ts).
// The SDK is imported inside `openZeebeEngine`, never at module load: importing it reads the environment and
// may print warnings, and nothing of that should happen in a process that runs the embedded engine.
// Configuration is passed in full (./map-config.ts says which environment variables the SDK still reads).
import type { Zeebe } from '@camunda8/sdk';
import { UnavailableError } from '../../../platform/errors/index.js';
import { createLogger, type Logger } from '../../../platform/log/index.js';
import type {
  BpmnResource, CreatedInstance, CreateInstanceRequest, DeployedProcess, JobWorker, PublishMessageRequest,
  ModifyInstanceRequest, RecordListener, SetVariablesRequest, WorkerOptions, WorkflowEngine,
} from '../workflow-engine.js';
import { toSdkConfiguration, toSdkLogger, type ZeebeEngineOptions } from './map-config.js';
import { fromGrpcError } from './map-error.js';
import {
  fromCreateProcessInstance, fromDeployResponse, toCreateProcessInstance, toDeployResources, toPublishMessage, toModifyInstance, toSetVariables,
} from './map-request.js';
import { startWorker, type WorkerGateway } from './zeebe-worker.js';
import { compileResources } from '../model/compile-resources.js';

export type { ZeebeEngineOptions } from './map-config.js';

/** The calls the adapter makes on the SDK's ZeebeGrpcClient, one per port method (and the workers' commands). */
export type ZeebeGateway = WorkerGateway & Pick<Zeebe.ZeebeGrpcClient,
  'deployResources' | 'createProcessInstance' | 'publishMessage' | 'cancelProcessInstance' | 'setVariables'
  | 'updateJobRetries' | 'resolveIncident' | 'modifyProcessInstance' | 'on' | 'close'>;

/**
 * Connects to the gateway and checks it answers (Topology), so an unreachable broker stops start-up with
 * UNAVAILABLE; invalid options throw CONFIG_INVALID before anything is loaded.
 */
export async function openZeebeEngine(options: ZeebeEngineOptions): Promise<WorkflowEngine> {
  const configuration = toSdkConfiguration(options, toSdkLogger(adapterLogger(options.logger)));
  const { Camunda8 } = await import('@camunda8/sdk');
  const client = new Camunda8(configuration).getZeebeGrpcApiClient({}, { cached: false });
  try {
    await client.topology();
  } catch (error) {
    await client.close();
    // Start-up: the operator reads this, so the gRPC status and its details (or the token endpoint's error) stay in.
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnavailableError('UNAVAILABLE', `the Zeebe gateway at ${configuration.ZEEBE_GRPC_ADDRESS} did not answer: ${reason}`, { cause: error });
  }
  return zeebeEngineOnClient(client, options);
}

/** The adapter on a client built elsewhere (or a stand-in in tests); `openZeebeEngine` is the usual way in. */
export function zeebeEngineOnClient(client: ZeebeGateway, options: Pick<ZeebeEngineOptions, 'logger' | 'records'> = {}): WorkflowEngine {
  return new ZeebeEngine(client, adapterLogger(options.logger), options.records);
}

function adapterLogger(logger: Logger | undefined): Logger {
  return (logger ?? createLogger({ level: 'silent' })).child({ component: 'zeebe-engine' });
}

class ZeebeEngine implements WorkflowEngine {
  readonly #unsubscribes = new Set<() => void>();
  #closed = false;
  #warnedNoRecords = false;

  constructor(
    private readonly client: ZeebeGateway,
    private readonly logger: Logger,
    private readonly records: ZeebeEngineOptions['records'],
  ) {
    let connected = true;
    // Fired once per change of state; the operations themselves report failures to their callers.
    client.on('connectionError', () => {
      if (connected) logger.warn('Zeebe gateway unreachable; calls retry, then fail with UNAVAILABLE');
      connected = false;
    });
    client.on('ready', () => {
      if (!connected) logger.info('Zeebe gateway reachable again');
      connected = true;
    });
  }

  async deploy(resources: readonly BpmnResource[]): Promise<DeployedProcess[]> {
    // Zeebe runs more of BPMN than the embedded engine; refusing the same files keeps flows portable both ways.
    await compileResources(resources);
    return fromDeployResponse(await this.#call('deploy', () => this.client.deployResources(toDeployResources(resources))));
  }

  async createInstance(request: CreateInstanceRequest): Promise<CreatedInstance> {
    return fromCreateProcessInstance(await this.#call('createInstance', () => this.client.createProcessInstance(toCreateProcessInstance(request))));
  }

  async publishMessage(request: PublishMessageRequest): Promise<{ messageKey: string }> {
    const response = await this.#call('publishMessage', () => this.client.publishMessage(toPublishMessage(request)));
    return { messageKey: String(response.key) };
  }

  createWorker(options: WorkerOptions): JobWorker {
    if (this.#closed) throw new UnavailableError('UNAVAILABLE', 'the Zeebe engine is closed');
    return startWorker(this.client, options, this.logger);
  }

  async cancelInstance(processInstanceKey: string): Promise<void> {
    await this.#call('cancelInstance', () => this.client.cancelProcessInstance(processInstanceKey));
  }

  async setVariables(request: SetVariablesRequest): Promise<void> {
    await this.#call('setVariables', () => this.client.setVariables(toSetVariables(request)));
  }

  async updateJobRetries(request: { jobKey: string; retries: number }): Promise<void> {
    await this.#call('updateJobRetries', () => this.client.updateJobRetries({ jobKey: request.jobKey, retries: request.retries }));
  }

  async modifyInstance(request: ModifyInstanceRequest): Promise<void> {
    await this.#call('modifyInstance', () => this.client.modifyProcessInstance(toModifyInstance(request)));
  }

  async resolveIncident(incidentKey: string): Promise<void> {
    await this.#call('resolveIncident', () => this.client.resolveIncident({ incidentKey }));
  }

  /** Zeebe's records come from its exporter through the event log, not the gateway: see the `records` option. */
  onRecords(listener: RecordListener): () => void {
    if (!this.records) {
      if (!this.#warnedNoRecords) this.logger.warn('onRecords: no records source configured, so no records are delivered; Zeebe exports them to the event log');
      this.#warnedNoRecords = true;
      return () => {};
    }
    const unsubscribe = this.records(listener);
    const once = () => {
      if (this.#unsubscribes.delete(once)) unsubscribe();
    };
    this.#unsubscribes.add(once);
    return once;
  }

  /** Closes the workers (each waits for the jobs it holds), the gateway connection and the records subscriptions. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const unsubscribe of [...this.#unsubscribes]) unsubscribe();
    await this.client.close();
  }

  /** One gateway call: refused once closed, its failure mapped; the SDK resolves null for a call cut by close. */
  async #call<T>(operation: string, send: () => Promise<T | null>): Promise<T> {
    if (this.#closed) throw new UnavailableError('UNAVAILABLE', 'the Zeebe engine is closed');
    let result: T | null;
    try {
      result = await send();
    } catch (error) {
      throw fromGrpcError(operation, error);
    }
    if (result === null) throw new UnavailableError('UNAVAILABLE', `Zeebe ${operation} was cut off: the engine is closing`);
    return result;
  }
}
