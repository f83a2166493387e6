// SPDX-License-Identifier: Apache-2.0
// The BPMN interpreter of the embedded engine. Over ~400 lines on purpose: an element's lifecycle
// (activate → enter → leave | terminate), scope completion and error propagation call one another, and
// splitting them would scatter one state machine over several files. Commands run synchronously and only
// mutate EngineState; the engine commits the batch before anything depends on it.
import type { CompiledElement, CompiledFlow, CompiledProcess } from '../model/compiled-process.js';
import { parseCycle, parseDate, parseDuration } from '../model/iso8601.js';
import type { Variables } from '../workflow-engine.js';
import { BPMN_ELEMENT_TYPE } from './element-types.js';
import type { Definition, ElementInstance, JobEntity, Resume } from './entities.js';
import type { EngineState } from './engine-state.js';
import { ExpressionError, evaluateCondition, evaluateExpression, evaluateString } from './feel.js';
import { assignTarget } from './mapping-target.js';

export class Runtime {
  /** Keys whose timers, messages or job back-offs changed in this batch; the engine (re)schedules them after commit. */
  readonly touchedTimers = new Set<string>();
  readonly touchedMessages = new Set<string>();
  readonly touchedJobs = new Set<string>();
  /** Work deferred to the end of the current command, so that no step runs inside another's half-done change. */
  readonly #deferred: (() => void)[] = [];
  /** The event that fired an event-based gateway: its activation completes at once with this payload. */
  #trigger: { elementId: string; variables: Variables } | undefined;

  constructor(readonly state: EngineState) {}

  /** Runs one command and everything it deferred. */
  run<T>(command: () => T): T {
    const result = command();
    for (let work = this.#deferred.shift(); work; work = this.#deferred.shift()) work();
    return result;
  }

  // ---------------------------------------------------------------------------------------------- instances

  createInstance(definition: Definition, variables: Variables, tenantId: string, startEventId?: string, parent?: { piKey: string; eiKey: string }): string {
    const process = this.#process(definition.key);
    const startId = startEventId ?? process.noneStartEventId;
    if (!startId) throw new ExpressionError('EXTRACT_VALUE_ERROR', `process ${definition.bpmnProcessId} has no none start event`);
    const key = this.state.newKey();
    const instance: ElementInstance = {
      key, piKey: key, defKey: definition.key, elementId: definition.bpmnProcessId, bpmnElementType: 'PROCESS',
      flowScopeKey: null, tenantId, active: 0, ...(parent && { parent }),
    };
    this.state.put('ei', key, instance);
    for (const [name, value] of Object.entries(variables)) this.#setVariable(key, key, name, value);
    this.state.record('PROCESS_INSTANCE_CREATION', 'CREATED', key, { bpmnProcessId: definition.bpmnProcessId, version: definition.version, processDefinitionKey: definition.key, processInstanceKey: key, tenantId });
    this.#elementRecord('ELEMENT_ACTIVATED', instance);
    this.#activate(startId, instance);
    return key;
  }

  cancelInstance(piKey: string): void {
    const instance = this.state.get('ei', piKey);
    if (!instance || instance.flowScopeKey !== null) throw new RangeError(`no running process instance ${piKey}`);
    if (instance.parent) throw new RangeError(`process instance ${piKey} was called by ${instance.parent.piKey}; cancel that one`);
    this.#terminate(instance, false);
  }

  /**
   * Zeebe's modification, for elements directly in the process's scope: variables and activations first (so the
   * instance never looks finished in between), then the terminations, which resolve the incidents they carry.
   */
  modifyInstance(piKey: string, activate: readonly { elementId: string; variables?: Variables }[], terminate: readonly string[]): void {
    const instance = this.state.get('ei', piKey);
    if (!instance || instance.flowScopeKey !== null) throw new RangeError(`no running process instance ${piKey}`);
    const targets = terminate.map((key) => {
      const target = this.state.get('ei', key);
      if (!target || target.piKey !== piKey || target.flowScopeKey === null) throw new RangeError(`no element instance ${key} in process instance ${piKey}`);
      return target;
    });
    for (const { elementId } of activate) this.#element(instance.defKey, elementId);
    for (const { elementId, variables } of activate) {
      for (const [name, value] of Object.entries(variables ?? {})) this.#setVariable(piKey, piKey, name, value);
      this.#activate(elementId, instance);
    }
    for (const target of targets) {
      if (this.state.get('ei', target.key)) this.#terminate(target, true);
    }
  }

  // --------------------------------------------------------------------------------------------- lifecycle

  #activate(elementId: string, scope: ElementInstance, preset?: Variables, loop?: { index: number; locals: Variables }): void {
    const element = this.#element(scope.defKey, elementId);
    if (this.#trigger?.elementId === elementId) {
      preset = this.#trigger.variables;
      this.#trigger = undefined;
    }
    const isBody = element.multiInstance !== undefined && loop === undefined;
    const key = this.state.newKey();
    const instance: ElementInstance = {
      key, piKey: scope.piKey, defKey: scope.defKey, elementId, flowScopeKey: scope.key, tenantId: scope.tenantId, active: 0,
      bpmnElementType: isBody ? 'MULTI_INSTANCE_BODY' : BPMN_ELEMENT_TYPE[element.kind],
      ...(loop && { loopIndex: loop.index }),
    };
    // `active` is not written back here: it is derived again from the children when the state is loaded.
    scope.active += 1;
    this.state.put('ei', key, instance);
    for (const [name, value] of Object.entries(loop?.locals ?? {})) this.#setVariable(key, scope.piKey, name, value);
    this.#enter(instance, preset);
  }

  /** The activation step after the element instance exists: input mappings, then the element's behaviour. */
  #enter(instance: ElementInstance, preset?: Variables): void {
    const element = this.#element(instance.defKey, instance.elementId);
    try {
      if (instance.bpmnElementType === 'MULTI_INSTANCE_BODY') {
        this.#elementRecord('ELEMENT_ACTIVATED', instance);
        this.#openBoundaries(instance, element);
        this.#startMultiInstance(instance, element);
        return;
      }
      if (element.inputs.length > 0) {
        const outer = this.#context(instance.flowScopeKey!);
        const locals: Variables = {};
        for (const mapping of element.inputs) assignTarget(locals, mapping.target, evaluateExpression(mapping.source, () => ({ ...outer, ...locals })), (name) => outer[name]);
        for (const [name, value] of Object.entries(locals)) this.#setVariable(instance.key, instance.piKey, name, value);
      }
      this.#elementRecord('ELEMENT_ACTIVATED', instance);
      const inBody = instance.loopIndex !== undefined;
      switch (element.kind) {
        case 'startEvent':
        case 'exclusiveGateway':
        case 'parallelGateway':
          return this.#leave(instance, preset);
        case 'boundaryEvent':
          return this.#leave(instance, preset);
        case 'endEvent':
          if (element.eventType === 'error') return this.#throwError(instance, element.errorCode ?? '', `error end event ${element.id}`, undefined, 'enter');
          if (element.eventType === 'terminate') this.#terminateSiblings(instance);
          return this.#leave(instance);
        case 'intermediateCatchEvent':
          if (preset) return this.#leave(instance, preset);
          return this.#openWait(instance, element);
        case 'serviceTask':
          if (!inBody) this.#openBoundaries(instance, element);
          if (this.state.get('ei', instance.key)) this.#createJob(instance, element);
          return;
        case 'receiveTask':
          if (!inBody) this.#openBoundaries(instance, element);
          if (this.state.get('ei', instance.key)) this.#openWait(instance, element);
          return;
        case 'eventBasedGateway':
          for (const flow of element.outgoing) this.#openWait(instance, this.#element(instance.defKey, flow.targetId));
          return;
        case 'subProcess':
          if (!inBody) this.#openBoundaries(instance, element);
          if (this.state.get('ei', instance.key)) this.#activate(element.startEventId!, instance);
          return;
        case 'callActivity':
          if (!inBody) this.#openBoundaries(instance, element);
          if (this.state.get('ei', instance.key)) this.#callProcess(instance, element);
          return;
      }
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.#incident(instance, error.errorType, error.message, 'enter');
    }
  }

  /**
   * Completes an element: outputs (or the given variables) into its scope, then the outgoing flows.
   * `onlyFlowTo` restricts an event-based gateway to the flow of the event that fired.
   */
  #leave(instance: ElementInstance, variables?: Variables, onlyFlowTo?: string): void {
    if (instance.bpmnElementType === 'PROCESS') return this.#completeProcess(instance);
    const element = this.#element(instance.defKey, instance.elementId);
    const isBody = instance.bpmnElementType === 'MULTI_INSTANCE_BODY';
    let flows: readonly CompiledFlow[];
    try {
      if (isBody) {
        if (element.multiInstance?.outputCollection) this.#propagate(instance.flowScopeKey!, { [element.multiInstance.outputCollection]: instance.mi?.outputs ?? [] });
      } else {
        this.#applyOutputs(instance, element, variables);
      }
      flows = instance.loopIndex !== undefined ? [] : this.#chooseFlows(instance, element, onlyFlowTo);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      return this.#incident(instance, error.errorType, error.message, 'leave');
    }
    let outputOfLoop: unknown;
    try {
      outputOfLoop = instance.loopIndex !== undefined && element.multiInstance?.outputElement
        ? evaluateExpression(element.multiInstance.outputElement, () => this.#context(instance.key)) : undefined;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      return this.#incident(instance, error.errorType, error.message, 'leave');
    }
    this.#closeWaits(instance);
    this.#elementRecord('ELEMENT_COMPLETED', instance);
    this.state.clearScope(instance.key);
    this.state.remove('ei', instance.key);

    const scope = this.state.get('ei', instance.flowScopeKey!)!;
    if (instance.loopIndex !== undefined) return this.#loopCompleted(scope, instance, outputOfLoop);
    for (const flow of flows) {
      this.state.record('PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', flow.id, this.#elementValue(instance, flow.id, 'SEQUENCE_FLOW'));
      this.#arrive(flow, scope);
    }
    this.#childEnded(scope);
  }

  #applyOutputs(instance: ElementInstance, element: CompiledElement, variables: Variables | undefined): void {
    const scopeKey = instance.flowScopeKey;
    if (element.outputs.length > 0) {
      for (const [name, value] of Object.entries(variables ?? {})) this.#setVariable(instance.key, instance.piKey, name, value);
      const mapped: Variables = {};
      const inner = this.#context(instance.key);
      const outer = scopeKey ? this.#context(scopeKey) : {};
      for (const mapping of element.outputs) assignTarget(mapped, mapping.target, evaluateExpression(mapping.source, () => inner), (name) => outer[name]);
      if (scopeKey) this.#propagate(scopeKey, mapped);
    } else if (variables && Object.keys(variables).length > 0) {
      // Tasks propagate from their own scope (an input-mapped local is updated in place, as in Zeebe).
      const from = element.kind === 'serviceTask' || element.kind === 'receiveTask' || element.kind === 'callActivity' ? instance.key : scopeKey;
      if (from) this.#propagate(from, element.kind === 'callActivity' && !element.propagateAllChildVariables ? {} : variables);
    }
  }

  #chooseFlows(instance: ElementInstance, element: CompiledElement, onlyFlowTo: string | undefined): readonly CompiledFlow[] {
    if (onlyFlowTo) return element.outgoing.filter((flow) => flow.targetId === onlyFlowTo);
    if (element.kind !== 'exclusiveGateway') return element.outgoing;
    const context = () => this.#context(instance.key);
    for (const flow of element.outgoing) {
      if (flow.id !== element.defaultFlowId && (!flow.condition || evaluateCondition(flow.condition, context))) return [flow];
    }
    const fallback = element.outgoing.find((flow) => flow.id === element.defaultFlowId);
    if (fallback) return [fallback];
    if (element.outgoing.length === 0) return [];
    throw new ExpressionError('CONDITION_ERROR', `no outgoing flow of ${element.id} has a true condition and there is no default flow`);
  }

  /** A token arrives over a flow: a parallel join waits for every incoming flow, anything else activates. */
  #arrive(flow: CompiledFlow, scope: ElementInstance): void {
    const target = this.#element(scope.defKey, flow.targetId);
    if (target.kind !== 'parallelGateway' || target.incoming.length < 2) return this.#activate(target.id, scope);
    const joins = (scope.joins ??= {});
    const arrived = (joins[target.id] ??= []);
    arrived.push(flow.id);
    scope.active += 1;
    if (target.incoming.every((id) => arrived.includes(id))) {
      for (const id of target.incoming) arrived.splice(arrived.indexOf(id), 1);
      if (arrived.length === 0) delete joins[target.id];
      scope.active -= target.incoming.length;
      this.#activate(target.id, scope);
    }
    this.state.touch('ei', scope.key);
  }

  /** A child of a scope completed or was terminated: the scope completes with its last child. */
  #childEnded(scope: ElementInstance): void {
    const current = this.state.get('ei', scope.key);
    if (!current) return;
    current.active -= 1;
    if (current.active > 0 || current.bpmnElementType === 'MULTI_INSTANCE_BODY') return;
    this.#leave(current);
  }

  /** The last child of a process instance ended; a called instance hands its variables to the call activity. */
  #completeProcess(instance: ElementInstance): void {
    const childVariables = instance.parent ? this.#context(instance.key) : undefined;
    this.#closeWaits(instance);
    this.#elementRecord('ELEMENT_COMPLETED', instance);
    this.state.clearScope(instance.key);
    this.state.remove('ei', instance.key);
    const caller = instance.parent && this.state.get('ei', instance.parent.eiKey);
    if (!caller) return;
    delete caller.childPiKey;
    this.state.touch('ei', caller.key);
    this.#leave(caller, childVariables);
  }

  #terminate(instance: ElementInstance, notifyScope: boolean): void {
    for (const childKey of [...(this.state.children.get(instance.key) ?? [])]) {
      const child = this.state.get('ei', childKey);
      if (child) this.#terminate(child, false);
    }
    if (instance.jobKey) this.#cancelJob(instance.jobKey);
    if (instance.childPiKey) {
      const child = this.state.get('ei', instance.childPiKey);
      if (child) this.#terminate(child, false);
    }
    this.#closeWaits(instance);
    for (const incident of [...this.state.entities.inc.values()]) {
      if (incident.eiKey === instance.key) this.#resolveIncidentRecord(incident.key);
    }
    this.#elementRecord('ELEMENT_TERMINATED', instance);
    this.state.clearScope(instance.key);
    this.state.remove('ei', instance.key);
    if (notifyScope && instance.flowScopeKey) this.#childEnded(this.state.get('ei', instance.flowScopeKey)!);
  }

  #terminateSiblings(instance: ElementInstance): void {
    const scope = this.state.get('ei', instance.flowScopeKey!)!;
    for (const siblingKey of [...(this.state.children.get(scope.key) ?? [])]) {
      const sibling = this.state.get('ei', siblingKey);
      if (sibling && sibling.key !== instance.key) this.#terminate(sibling, false);
    }
    scope.active = 1;
    delete scope.joins;
    this.state.touch('ei', scope.key);
  }

  // --------------------------------------------------------------------------------------- multi-instance

  #startMultiInstance(body: ElementInstance, element: CompiledElement): void {
    const loop = element.multiInstance!;
    const items = evaluateExpression(loop.inputCollection, () => this.#context(body.flowScopeKey!));
    if (!Array.isArray(items)) throw new ExpressionError('EXTRACT_VALUE_ERROR', `inputCollection of ${element.id} is not a list`);
    body.mi = { items, next: 0, outputs: items.map(() => null), running: 0 };
    this.state.touch('ei', body.key);
    if (items.length === 0) return this.#leave(body);
    const first = loop.sequential ? 1 : items.length;
    for (let index = 0; index < first; index += 1) this.#startLoop(body, element);
  }

  #startLoop(body: ElementInstance, element: CompiledElement): void {
    const mi = body.mi!;
    const index = mi.next;
    mi.next += 1;
    mi.running += 1;
    this.state.touch('ei', body.key);
    const locals: Variables = { loopCounter: index + 1 };
    if (element.multiInstance!.inputElement) locals[element.multiInstance!.inputElement] = mi.items[index];
    this.#activate(element.id, body, undefined, { index, locals });
  }

  #loopCompleted(body: ElementInstance, inner: ElementInstance, output: unknown): void {
    const element = this.#element(body.defKey, body.elementId);
    const mi = body.mi!;
    mi.outputs[inner.loopIndex!] = output ?? null;
    mi.running -= 1;
    body.active -= 1;
    this.state.touch('ei', body.key);
    const condition = element.multiInstance!.completionCondition;
    try {
      if (condition && evaluateCondition(condition, () => this.#context(body.key))) {
        for (const childKey of [...(this.state.children.get(body.key) ?? [])]) this.#terminate(this.state.get('ei', childKey)!, false);
        body.active = 0;
        return this.#leave(body);
      }
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      return this.#incident(body, error.errorType, error.message, 'leave');
    }
    if (mi.next < mi.items.length && element.multiInstance!.sequential) return this.#startLoop(body, element);
    if (mi.running === 0 && mi.next >= mi.items.length) this.#leave(body);
  }

  // ------------------------------------------------------------------------------------------ call activity

  #callProcess(instance: ElementInstance, element: CompiledElement): void {
    const processId = evaluateString(element.calledProcessId!, () => this.#context(instance.key), `calledElement of ${element.id}`);
    const definitionKey = this.state.latest.get(processId);
    if (!definitionKey) throw new ExpressionError('CALLED_ELEMENT_ERROR', `no process "${processId}" is deployed`);
    const definition = this.state.get('def', definitionKey)!;
    const childKey = this.createInstance(definition, this.#context(instance.key), instance.tenantId, undefined, { piKey: instance.piKey, eiKey: instance.key });
    if (this.state.get('ei', instance.key) && this.state.get('ei', childKey)) {
      instance.childPiKey = childKey;
      this.state.touch('ei', instance.key);
    }
  }

  // ---------------------------------------------------------------------------------------------------- jobs

  #createJob(instance: ElementInstance, element: CompiledElement): void {
    const context = () => this.#context(instance.key);
    const type = evaluateString(element.job!.type, context, `job type of ${element.id}`);
    const retries = Number(evaluateString(element.job!.retries, context, `retries of ${element.id}`));
    if (!Number.isInteger(retries) || retries < 1) throw new ExpressionError('EXTRACT_VALUE_ERROR', `retries of ${element.id} must be a positive integer`);
    const key = this.state.newKey();
    const job: JobEntity = {
      key, type, piKey: instance.piKey, eiKey: instance.key, elementId: element.id, defKey: instance.defKey,
      retries, customHeaders: { ...element.job!.headers }, state: 'activatable', tenantId: instance.tenantId,
    };
    // A fresh job is stored inside its element instance's row: one row write per step instead of two.
    this.state.putEmbedded('job', key, job);
    instance.jobKey = key;
    instance.job = job;
    this.state.touch('ei', instance.key);
    this.#jobRecord('CREATED', job);
  }

  completeJob(jobKey: string, variables: Variables): void {
    const job = this.#job(jobKey);
    this.#jobRecord('COMPLETED', job, { variables });
    this.#removeJob(job);
    this.#leave(this.state.get('ei', job.eiKey)!, variables);
  }

  failJob(jobKey: string, retries: number, errorMessage: string, backOffMs: number): void {
    const job = this.#job(jobKey);
    job.retries = retries;
    job.errorMessage = errorMessage;
    if (retries > 0) {
      job.state = 'activatable';
      if (backOffMs > 0) job.backoffUntil = Date.now() + backOffMs;
      else delete job.backoffUntil;
    } else {
      job.state = 'failed';
    }
    this.state.put('job', job.key, job);
    this.touchedJobs.add(job.key);
    this.#jobRecord('FAILED', job, { errorMessage });
    if (retries <= 0) this.#incident(this.state.get('ei', job.eiKey)!, 'JOB_NO_RETRIES', errorMessage || 'no retries left', 'job', job.key);
  }

  throwJobError(jobKey: string, errorCode: string, errorMessage: string, variables: Variables): void {
    const job = this.#job(jobKey);
    job.state = 'error';
    job.errorMessage = errorMessage;
    this.state.put('job', job.key, job);
    this.#jobRecord('ERROR_THROWN', job, { errorCode, errorMessage });
    this.#throwError(this.state.get('ei', job.eiKey)!, errorCode, errorMessage, variables, 'job');
  }

  updateJobRetries(jobKey: string, retries: number): void {
    const job = this.#job(jobKey);
    job.retries = retries;
    this.state.put('job', job.key, job);
    this.#jobRecord('RETRIES_UPDATED', job);
  }

  /** A job's activation timed out: it goes back to the activatable pool (only a record; activations are not stored). */
  jobTimedOut(job: JobEntity): void {
    this.#jobRecord('TIMED_OUT', job);
  }

  #job(jobKey: string): JobEntity {
    const job = this.state.get('job', jobKey);
    if (!job) throw new RangeError(`no job ${jobKey}`);
    return job;
  }

  #cancelJob(jobKey: string): void {
    const job = this.state.get('job', jobKey);
    if (!job) return;
    this.#jobRecord('CANCELED', job);
    this.#removeJob(job);
  }

  #removeJob(job: JobEntity): void {
    this.state.remove('job', job.key);
    this.touchedJobs.add(job.key);
    const instance = this.state.get('ei', job.eiKey);
    if (instance?.jobKey === job.key) {
      delete instance.jobKey;
      delete instance.job;
      this.state.touch('ei', instance.key);
    }
  }

  #jobRecord(intent: string, job: JobEntity, extra: Record<string, unknown> = {}): void {
    const definition = this.state.get('def', job.defKey)!;
    this.state.record('JOB', intent, job.key, {
      type: job.type, processInstanceKey: job.piKey, elementId: job.elementId, elementInstanceKey: job.eiKey,
      bpmnProcessId: definition.bpmnProcessId, processDefinitionVersion: definition.version, processDefinitionKey: job.defKey,
      retries: job.retries, customHeaders: job.customHeaders, errorMessage: job.errorMessage ?? '', tenantId: job.tenantId, ...extra,
    });
  }

  // ----------------------------------------------------------------------------------------- errors, incidents

  #throwError(from: ElementInstance, errorCode: string, errorMessage: string, variables: Variables | undefined, resume: Resume): void {
    for (let current: ElementInstance | undefined = from; current; current = this.#parentOf(current)) {
      if (current.bpmnElementType === 'PROCESS' || current.loopIndex !== undefined) continue;
      const element = this.#element(current.defKey, current.elementId);
      const boundaries = element.boundaryIds.map((id) => this.#element(current!.defKey, id)).filter((boundary) => boundary.eventType === 'error');
      const catcher = boundaries.find((boundary) => boundary.errorCode === errorCode) ?? boundaries.find((boundary) => boundary.errorCode === undefined);
      if (catcher) return this.#fireBoundary(current, catcher, variables, true);
    }
    this.#incident(from, 'UNHANDLED_ERROR_EVENT', `no error catch event for error code "${errorCode}"${errorMessage ? `: ${errorMessage}` : ''}`, resume, from.jobKey);
  }

  #parentOf(instance: ElementInstance): ElementInstance | undefined {
    if (instance.flowScopeKey) return this.state.get('ei', instance.flowScopeKey);
    return instance.parent ? this.state.get('ei', instance.parent.eiKey) : undefined;
  }

  #incident(instance: ElementInstance, errorType: string, errorMessage: string, resume: Resume, jobKey?: string): void {
    const key = this.state.newKey();
    const definition = this.state.get('def', instance.defKey)!;
    this.state.put('inc', key, { key, piKey: instance.piKey, eiKey: instance.key, elementId: instance.elementId, defKey: instance.defKey, errorType, errorMessage, resume, ...(jobKey && { jobKey }) });
    this.state.record('INCIDENT', 'CREATED', key, {
      errorType, errorMessage, processInstanceKey: instance.piKey, elementId: instance.elementId, elementInstanceKey: instance.key,
      jobKey: jobKey ?? '-1', bpmnProcessId: definition.bpmnProcessId, processDefinitionKey: instance.defKey, tenantId: instance.tenantId,
    });
  }

  resolveIncident(incidentKey: string): void {
    const incident = this.state.get('inc', incidentKey);
    if (!incident) throw new RangeError(`no incident ${incidentKey}`);
    this.#resolveIncidentRecord(incidentKey);
    const instance = this.state.get('ei', incident.eiKey);
    if (!instance) return;
    if (incident.resume === 'job' && incident.jobKey) {
      const job = this.state.get('job', incident.jobKey);
      if (!job) return;
      if (job.retries <= 0) return this.#incident(instance, 'JOB_NO_RETRIES', 'the job has no retries left: update its retries first', 'job', job.key);
      job.state = 'activatable';
      delete job.backoffUntil;
      this.state.put('job', job.key, job);
      this.touchedJobs.add(job.key);
      return;
    }
    if (incident.resume === 'enter') this.#enter(instance);
    else this.#leave(instance);
  }

  #resolveIncidentRecord(incidentKey: string): void {
    const incident = this.state.get('inc', incidentKey)!;
    this.state.remove('inc', incidentKey);
    this.state.record('INCIDENT', 'RESOLVED', incidentKey, { errorType: incident.errorType, errorMessage: incident.errorMessage, processInstanceKey: incident.piKey, elementId: incident.elementId, elementInstanceKey: incident.eiKey, jobKey: incident.jobKey ?? '-1' });
  }

  // -------------------------------------------------------------------------------- timers and subscriptions

  #openBoundaries(instance: ElementInstance, element: CompiledElement): void {
    for (const id of element.boundaryIds) {
      const boundary = this.#element(instance.defKey, id);
      if (boundary.eventType === 'timer' || boundary.eventType === 'message') this.#openWait(instance, boundary);
    }
  }

  /** Opens the timer or message subscription of `target`, owned by `owner`; expressions read the owner's context. */
  #openWait(owner: ElementInstance, target: CompiledElement): void {
    const context = () => this.#context(owner.key);
    const key = this.state.newKey();
    (owner.waits ??= []).push(key);
    this.state.touch('ei', owner.key);
    if (target.eventType === 'timer') {
      const schedule = this.#schedule(target, context);
      this.state.put('timer', key, { key, eiKey: owner.key, piKey: owner.piKey, defKey: owner.defKey, targetElementId: target.id, ...schedule });
      this.touchedTimers.add(key);
      this.#timerRecord('CREATED', this.state.get('timer', key)!);
      return;
    }
    const messageName = evaluateString(target.message!.name, context, `message name of ${target.id}`);
    const correlationKey = evaluateString(target.message!.correlationKey!, context, `correlation key of ${target.id}`);
    this.state.put('sub', key, { key, eiKey: owner.key, piKey: owner.piKey, targetElementId: target.id, messageName, correlationKey, interrupting: target.interrupting, tenantId: owner.tenantId });
    this.#subscriptionRecord('CREATED', key);
    // A buffered message correlates once the subscription exists, after this command's other steps.
    this.#deferred.push(() => this.#correlateBuffered(key));
  }

  #schedule(target: CompiledElement, context: () => Record<string, unknown>): { dueAt: number; repetitions: number; intervalMs: number } {
    const text = evaluateString(target.timer!.value, context, `timer of ${target.id}`);
    try {
      if (target.timer!.type === 'duration') return { dueAt: Date.now() + parseDuration(text), repetitions: 0, intervalMs: 0 };
      if (target.timer!.type === 'date') return { dueAt: parseDate(text), repetitions: 0, intervalMs: 0 };
      const cycle = parseCycle(text);
      return { dueAt: cycle.start ?? Date.now() + cycle.intervalMs, repetitions: cycle.repetitions < 0 ? -1 : cycle.repetitions - 1, intervalMs: cycle.intervalMs };
    } catch (error) {
      throw new ExpressionError('EXTRACT_VALUE_ERROR', `timer of ${target.id}: ${(error as Error).message}`);
    }
  }

  #closeWaits(instance: ElementInstance): void {
    for (const key of instance.waits ?? []) {
      const timer = this.state.get('timer', key);
      if (timer) {
        this.#timerRecord('CANCELED', timer);
        this.state.remove('timer', key);
        this.touchedTimers.add(key);
      }
      if (this.state.get('sub', key)) {
        this.#subscriptionRecord('DELETED', key);
        this.state.remove('sub', key);
      }
    }
    delete instance.waits;
  }

  /** A timer fell due (possibly late, after a restart). */
  triggerTimer(timerKey: string): void {
    const timer = this.state.get('timer', timerKey);
    if (!timer) return;
    this.#timerRecord('TRIGGERED', timer);
    const again = timer.repetitions !== 0 ? { ...timer, dueAt: Math.max(Date.now(), timer.dueAt) + timer.intervalMs, repetitions: timer.repetitions > 0 ? timer.repetitions - 1 : -1 } : undefined;
    this.touchedTimers.add(timerKey);
    if (timer.eiKey === null) {
      if (again) this.state.put('timer', timerKey, again);
      else this.state.remove('timer', timerKey);
      const definition = this.state.get('def', timer.defKey)!;
      this.createInstance(definition, {}, 'default', timer.targetElementId);
      return;
    }
    const owner = this.state.get('ei', timer.eiKey)!;
    const target = this.#element(owner.defKey, timer.targetElementId);
    if (again && target.kind === 'boundaryEvent' && !target.interrupting) this.state.put('timer', timerKey, again);
    else {
      this.state.remove('timer', timerKey);
      owner.waits = owner.waits?.filter((key) => key !== timerKey);
    }
    this.#fire(owner, target, undefined);
  }

  /** Routes a fired timer or message to its owner: its own catch, an event-based gateway, or a boundary. */
  #fire(owner: ElementInstance, target: CompiledElement, variables: Variables | undefined): void {
    if (owner.bpmnElementType === 'EVENT_BASED_GATEWAY') {
      this.#closeWaits(owner);
      this.#trigger = { elementId: target.id, variables: variables ?? {} };
      return this.#leave(owner, undefined, target.id);
    }
    if (target.kind === 'boundaryEvent') return this.#fireBoundary(owner, target, variables, target.interrupting);
    this.#closeWaits(owner);
    this.#leave(owner, variables);
  }

  #fireBoundary(host: ElementInstance, boundary: CompiledElement, variables: Variables | undefined, interrupting: boolean): void {
    const scope = this.state.get('ei', host.flowScopeKey!)!;
    if (interrupting) this.#terminate(host, false);
    this.#activate(boundary.id, scope, variables ?? {});
    if (interrupting) this.#childEnded(scope);
  }

  #timerRecord(intent: string, timer: { key: string; eiKey: string | null; piKey: string | null; defKey: string; targetElementId: string; dueAt: number; repetitions: number }): void {
    this.state.record('TIMER', intent, timer.key, {
      elementInstanceKey: timer.eiKey ?? '-1', processInstanceKey: timer.piKey ?? '-1', processDefinitionKey: timer.defKey,
      targetElementId: timer.targetElementId, dueDate: timer.dueAt, repetitions: timer.repetitions,
    });
  }

  // ------------------------------------------------------------------------------------------------ messages

  publishMessage(request: { name: string; correlationKey: string; variables: Variables; timeToLive: number; messageId?: string; tenantId: string }): { messageKey: string; duplicate: boolean } {
    if (request.messageId && this.state.messageIdTaken(request.name, request.messageId)) {
      return { messageKey: this.state.messageIds.get(`${request.name}\u0000${request.messageId}`)!, duplicate: true };
    }
    const key = this.state.newKey();
    const message = { key, name: request.name, correlationKey: request.correlationKey, variables: request.variables, expiresAt: Date.now() + request.timeToLive, timeToLive: request.timeToLive, correlated: [] as string[], tenantId: request.tenantId, ...(request.messageId && { messageId: request.messageId }) };
    this.state.record('MESSAGE', 'PUBLISHED', key, { name: message.name, correlationKey: message.correlationKey, messageId: message.messageId ?? '', timeToLive: message.timeToLive, variables: message.variables, tenantId: message.tenantId });
    for (const subKey of [...(this.state.subscriptionsFor(request.name, request.correlationKey) ?? [])]) this.#tryCorrelate(subKey, message);
    this.#startByMessage(message);
    if (request.timeToLive > 0) {
      this.state.put('msg', key, message);
      this.touchedMessages.add(key);
    } else {
      this.state.record('MESSAGE', 'EXPIRED', key, { name: message.name, correlationKey: message.correlationKey, messageId: message.messageId ?? '' });
    }
    return { messageKey: key, duplicate: false };
  }

  expireMessage(messageKey: string): void {
    const message = this.state.get('msg', messageKey);
    if (!message) return;
    this.state.record('MESSAGE', 'EXPIRED', messageKey, { name: message.name, correlationKey: message.correlationKey, messageId: message.messageId ?? '' });
    this.state.remove('msg', messageKey);
  }

  #correlateBuffered(subKey: string): void {
    const sub = this.state.get('sub', subKey);
    if (!sub) return;
    const now = Date.now();
    for (const messageKey of this.state.messagesFor(sub.messageName, sub.correlationKey)) {
      const message = this.state.get('msg', messageKey)!;
      if (message.expiresAt > now && this.#tryCorrelate(subKey, message)) {
        this.state.touch('msg', messageKey);
        return;
      }
    }
  }

  /** Correlates a message to a subscription unless it already reached that process; true when it did. */
  #tryCorrelate(subKey: string, message: { key: string; name: string; correlationKey: string; variables: Variables; correlated: string[] }): boolean {
    const sub = this.state.get('sub', subKey);
    if (!sub) return false;
    const owner = this.state.get('ei', sub.eiKey)!;
    const bpmnProcessId = this.state.get('def', owner.defKey)!.bpmnProcessId;
    if (message.correlated.includes(bpmnProcessId)) return false;
    message.correlated.push(bpmnProcessId);
    this.#subscriptionRecord('CORRELATED', subKey, message.key);
    const target = this.#element(owner.defKey, sub.targetElementId);
    if (target.kind !== 'boundaryEvent' || target.interrupting) {
      this.state.remove('sub', subKey);
      owner.waits = owner.waits?.filter((key) => key !== subKey);
    }
    this.#fire(owner, target, message.variables);
    return true;
  }

  #startByMessage(message: { name: string; variables: Variables; correlated: string[]; tenantId: string }): void {
    for (const definitionKey of this.state.latest.values()) {
      const process = this.#process(definitionKey);
      const definition = this.state.get('def', definitionKey)!;
      if (message.correlated.includes(definition.bpmnProcessId)) continue;
      for (const id of process.messageStartEventIds) {
        const element = process.elements.get(id)!;
        if (evaluateString(element.message!.name, () => ({}), `message name of ${id}`) !== message.name) continue;
        message.correlated.push(definition.bpmnProcessId);
        this.createInstance(definition, message.variables, message.tenantId, id);
        break;
      }
    }
  }

  #subscriptionRecord(intent: string, subKey: string, messageKey?: string): void {
    const sub = this.state.get('sub', subKey)!;
    this.state.record('PROCESS_MESSAGE_SUBSCRIPTION', intent, subKey, {
      messageName: sub.messageName, correlationKey: sub.correlationKey, elementId: sub.targetElementId, processInstanceKey: sub.piKey,
      elementInstanceKey: sub.eiKey, interrupting: sub.interrupting, messageKey: messageKey ?? '-1', tenantId: sub.tenantId,
    });
  }

  // ----------------------------------------------------------------------------------------------- deployment

  /** Opens the timer start events of a newly latest definition and closes those of the one it replaces. */
  deployed(definition: Definition, replaced: Definition | undefined): void {
    if (replaced) {
      for (const timer of [...this.state.entities.timer.values()]) {
        if (timer.eiKey === null && timer.defKey === replaced.key) {
          this.#timerRecord('CANCELED', timer);
          this.state.remove('timer', timer.key);
          this.touchedTimers.add(timer.key);
        }
      }
    }
    const process = this.#process(definition.key);
    for (const id of process.timerStartEventIds) {
      const key = this.state.newKey();
      const schedule = this.#schedule(process.elements.get(id)!, () => ({}));
      this.state.put('timer', key, { key, eiKey: null, piKey: null, defKey: definition.key, targetElementId: id, ...schedule });
      this.touchedTimers.add(key);
      this.#timerRecord('CREATED', this.state.get('timer', key)!);
    }
  }

  // ------------------------------------------------------------------------------------------------ variables

  setVariables(elementInstanceKey: string, variables: Variables, local: boolean): void {
    const instance = this.state.get('ei', elementInstanceKey);
    if (!instance) throw new RangeError(`no element instance ${elementInstanceKey}`);
    if (local) for (const [name, value] of Object.entries(variables)) this.#setVariable(instance.key, instance.piKey, name, value);
    else this.#propagate(instance.key, variables);
  }

  /** Sets each variable where it already lives in the scope chain, else at the process instance (Zeebe's rule). */
  #propagate(fromScopeKey: string, variables: Variables): void {
    for (const [name, value] of Object.entries(variables)) {
      let scopeKey: string | null = fromScopeKey;
      let rootKey = fromScopeKey;
      while (scopeKey) {
        if (this.state.variables.get(scopeKey)?.has(name)) break;
        rootKey = scopeKey;
        scopeKey = this.state.get('ei', scopeKey)?.flowScopeKey ?? null;
      }
      const target = scopeKey ?? rootKey;
      this.#setVariable(target, this.state.get('ei', target)?.piKey ?? target, name, value);
    }
  }

  #setVariable(scopeKey: string, piKey: string, name: string, value: unknown): void {
    const existed = this.state.variables.get(scopeKey)?.has(name) ?? false;
    this.state.setVariable(scopeKey, piKey, name, value);
    this.state.record('VARIABLE', existed ? 'UPDATED' : 'CREATED', `${scopeKey}/${name}`, { name, value: JSON.stringify(value ?? null), scopeKey, processInstanceKey: piKey });
  }

  /** Every variable visible from a scope, nearer scopes hiding outer ones. */
  #context(scopeKey: string): Record<string, unknown> {
    const context: Record<string, unknown> = {};
    for (let key: string | null = scopeKey; key; key = this.state.get('ei', key)?.flowScopeKey ?? null) {
      for (const [name, value] of this.state.variables.get(key) ?? []) if (!(name in context)) context[name] = value;
    }
    return context;
  }

  /** The variables a job sees: everything visible from its element instance. */
  jobVariables(job: JobEntity, names?: readonly string[]): Variables {
    const context = this.#context(job.eiKey);
    if (!names) return context;
    return Object.fromEntries(names.filter((name) => name in context).map((name) => [name, context[name]]));
  }

  // -------------------------------------------------------------------------------------------------- helpers

  #process(definitionKey: string): CompiledProcess {
    const process = this.state.compiled.get(definitionKey);
    if (!process) throw new RangeError(`definition ${definitionKey} is not compiled`);
    return process;
  }

  #element(definitionKey: string, elementId: string): CompiledElement {
    const element = this.#process(definitionKey).elements.get(elementId);
    if (!element) throw new RangeError(`no element ${elementId} in definition ${definitionKey}`);
    return element;
  }

  #elementRecord(intent: string, instance: ElementInstance): void {
    this.state.record('PROCESS_INSTANCE', intent, instance.key, this.#elementValue(instance, instance.elementId, instance.bpmnElementType));
  }

  #elementValue(instance: ElementInstance, elementId: string, bpmnElementType: string): Record<string, unknown> {
    const definition = this.state.get('def', instance.defKey)!;
    const root = this.state.get('ei', instance.piKey) ?? instance;
    return {
      bpmnProcessId: definition.bpmnProcessId, version: definition.version, processDefinitionKey: definition.key,
      processInstanceKey: instance.piKey, elementId, flowScopeKey: instance.flowScopeKey ?? '-1', bpmnElementType,
      parentProcessInstanceKey: root.parent?.piKey ?? '-1', parentElementInstanceKey: root.parent?.eiKey ?? '-1', tenantId: instance.tenantId,
    };
  }
}
