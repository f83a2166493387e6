// SPDX-License-Identifier: Apache-2.0
// Engine records in the exact shape the embedded engine writes them (hub/engine/embedded/runtime.ts
// `state.record(...)`), for scenarios a test or the benchmark wants with chosen times and variables: the start
// variables before the process activates, each service task activated → job created → job completed with its
// variables → completed, then an end event and the process completion (or a termination). Used by the
// operations view's tests and test/bench/operations.bench.ts; never by the view itself.
import type { EngineRecord, ValueType } from '../../../engine/records.js';

export interface ScenarioTask {
  elementId: string;
  /** The job's type; the element id when absent. */
  jobType?: string;
  /** The variables the job completes with (set on the process scope). */
  variables?: Record<string, unknown>;
}

export interface TransferScenario {
  bpmnProcessId: string;
  tenantId?: string;
  version?: number;
  /** Epoch ms of the process activation; each later record is 1 ms after the one before, up to `endedAt`. */
  startedAt: number;
  /** Epoch ms of the process completion or termination; default the time of its last record. */
  endedAt?: number;
  /** Variables the instance is created with (the engine writes them before the process activates). */
  variables: Record<string, unknown>;
  tasks?: readonly ScenarioTask[];
  /** The end event reached, `cancel` for an operator's cancellation, absent while it runs. */
  end?: string;
  /** An incident on the last task's job: still open, or resolved before the instance goes on. */
  incident?: 'open' | 'resolved';
}

/** Writes scenarios as one engine would: gapless positions on partition 1, keys from one counter. */
export class EngineRecordWriter {
  #records: EngineRecord[] = [];
  #position: number;
  #key: number;

  constructor(start: { position?: number; key?: number } = {}) {
    this.#position = start.position ?? 0;
    this.#key = start.key ?? 2_251_799_813_685_248;
  }

  /** The records written since the last call. */
  take(): EngineRecord[] {
    const records = this.#records;
    this.#records = [];
    return records;
  }

  /** Writes one instance of the scenario; returns its process instance key. */
  write(scenario: TransferScenario): string {
    const tenantId = scenario.tenantId ?? '<default>';
    const processInstanceKey = this.#newKey();
    const definitionKey = '2251799813685249';
    let now = scenario.startedAt;
    const tick = () => (now += 1);
    const element = (elementId: string, bpmnElementType: string, flowScopeKey: string) => ({
      bpmnProcessId: scenario.bpmnProcessId, version: scenario.version ?? 1, processDefinitionKey: definitionKey, processInstanceKey,
      elementId, flowScopeKey, bpmnElementType, parentProcessInstanceKey: '-1', parentElementInstanceKey: '-1', tenantId,
    });
    const setVariables = (variables: Record<string, unknown>, at: number, created: Set<string>) => {
      for (const [name, value] of Object.entries(variables)) {
        this.#record('VARIABLE', created.has(name) ? 'UPDATED' : 'CREATED', `${processInstanceKey}/${name}`, at, { name, value: JSON.stringify(value ?? null), scopeKey: processInstanceKey, processInstanceKey });
        created.add(name);
      }
    };
    const created = new Set<string>();
    setVariables(scenario.variables, now, created);
    this.#record('PROCESS_INSTANCE_CREATION', 'CREATED', processInstanceKey, now, { bpmnProcessId: scenario.bpmnProcessId, version: scenario.version ?? 1, processDefinitionKey: definitionKey, processInstanceKey, tenantId });
    this.#record('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', processInstanceKey, now, element(scenario.bpmnProcessId, 'PROCESS', '-1'));
    this.#passThrough('start', 'START_EVENT', tick(), element);

    const tasks = scenario.tasks ?? [];
    for (const [index, task] of tasks.entries()) {
      const elementInstanceKey = this.#newKey();
      const jobKey = this.#newKey();
      const job = (retries: number, errorMessage = '') => ({
        type: task.jobType ?? task.elementId, processInstanceKey, elementId: task.elementId, elementInstanceKey, bpmnProcessId: scenario.bpmnProcessId,
        processDefinitionVersion: scenario.version ?? 1, processDefinitionKey: definitionKey, retries, customHeaders: {}, errorMessage, tenantId,
      });
      this.#record('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', elementInstanceKey, tick(), element(task.elementId, 'SERVICE_TASK', processInstanceKey));
      this.#record('JOB', 'CREATED', jobKey, tick(), job(3));
      const last = index === tasks.length - 1;
      if (last && scenario.incident) {
        const incidentKey = this.#newKey();
        this.#record('JOB', 'FAILED', jobKey, tick(), job(0, 'AMS unreachable'));
        this.#record('INCIDENT', 'CREATED', incidentKey, tick(), {
          errorType: 'JOB_NO_RETRIES', errorMessage: 'AMS unreachable', processInstanceKey, elementId: task.elementId, elementInstanceKey,
          jobKey, bpmnProcessId: scenario.bpmnProcessId, processDefinitionKey: definitionKey, tenantId,
        });
        const resolved = () => this.#record('INCIDENT', 'RESOLVED', incidentKey, tick(), { errorType: 'JOB_NO_RETRIES', errorMessage: 'AMS unreachable', processInstanceKey, elementId: task.elementId, elementInstanceKey, jobKey });
        if (scenario.incident === 'open') {
          // Terminating an element resolves its incidents first, as the engine does.
          if (scenario.end === 'cancel') {
            resolved();
            this.#cancel(processInstanceKey, elementInstanceKey, scenario, element, tick);
          }
          return processInstanceKey;
        }
        this.#record('JOB', 'RETRIES_UPDATED', jobKey, tick(), job(1, 'AMS unreachable'));
        resolved();
      }
      if (last && scenario.end === 'cancel') {
        this.#cancel(processInstanceKey, elementInstanceKey, scenario, element, tick);
        return processInstanceKey;
      }
      if (last && scenario.end === undefined) return processInstanceKey;
      this.#record('JOB', 'COMPLETED', jobKey, tick(), { ...job(3), variables: task.variables ?? {} });
      setVariables(task.variables ?? {}, now, created);
      this.#record('PROCESS_INSTANCE', 'ELEMENT_COMPLETED', elementInstanceKey, tick(), element(task.elementId, 'SERVICE_TASK', processInstanceKey));
    }
    if (scenario.end === undefined) return processInstanceKey;
    if (scenario.end === 'cancel') {
      this.#record('PROCESS_INSTANCE', 'ELEMENT_TERMINATED', processInstanceKey, scenario.endedAt ?? tick(), element(scenario.bpmnProcessId, 'PROCESS', '-1'));
      return processInstanceKey;
    }
    this.#passThrough(scenario.end, 'END_EVENT', tick(), element);
    this.#record('PROCESS_INSTANCE', 'ELEMENT_COMPLETED', processInstanceKey, scenario.endedAt ?? tick(), element(scenario.bpmnProcessId, 'PROCESS', '-1'));
    return processInstanceKey;
  }

  #cancel(processInstanceKey: string, elementInstanceKey: string, scenario: TransferScenario, element: (id: string, type: string, scope: string) => Record<string, unknown>, tick: () => number): void {
    this.#record('PROCESS_INSTANCE', 'ELEMENT_TERMINATED', elementInstanceKey, tick(), element(scenario.tasks!.at(-1)!.elementId, 'SERVICE_TASK', processInstanceKey));
    this.#record('PROCESS_INSTANCE', 'ELEMENT_TERMINATED', processInstanceKey, scenario.endedAt ?? tick(), element(scenario.bpmnProcessId, 'PROCESS', '-1'));
  }

  /** An event the engine enters and leaves at once (start and end events). */
  #passThrough(elementId: string, bpmnElementType: string, at: number, element: (id: string, type: string, scope: string) => Record<string, unknown>): void {
    const key = this.#newKey();
    const processInstanceKey = String(element('', '', '').processInstanceKey);
    this.#record('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', key, at, element(elementId, bpmnElementType, processInstanceKey));
    this.#record('PROCESS_INSTANCE', 'ELEMENT_COMPLETED', key, at, element(elementId, bpmnElementType, processInstanceKey));
  }

  #record(valueType: ValueType, intent: string, key: string, timestamp: number, value: Record<string, unknown>): void {
    this.#records.push({ position: (this.#position += 1), key, timestamp, partitionId: 1, recordType: 'EVENT', valueType, intent, value });
  }

  #newKey(): string {
    return String((this.#key += 1));
  }
}
