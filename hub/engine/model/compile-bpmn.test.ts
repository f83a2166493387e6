// SPDX-License-Identifier: Apache-2.0
// What the runtime can rely on after deploy: each supported construct compiles to these fields.
// The rejections are in compile-bpmn-rejects.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileBpmn } from './compile-bpmn.js';
import type { CompiledElement, CompiledProcess } from './compiled-process.js';

const definitions = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://lango.test">${inner}</definitions>`;
const processXml = (elements: string, roots = '') => definitions(`<process id="p" name="Pay" isExecutable="true">${elements}</process>${roots}`);
const task = (id: string, inner = '') => `<serviceTask id="${id}"><extensionElements><zeebe:taskDefinition type="${id}-job"/></extensionElements>${inner}</serviceTask>`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${condition ? `<conditionExpression xsi:type="tFormalExpression">${condition}</conditionExpression>` : ''}</sequenceFlow>`;
const message = (id: string, name: string, key?: string) =>
  `<message id="${id}" name="${name}">${key ? `<extensionElements><zeebe:subscription correlationKey="${key}"/></extensionElements>` : ''}</message>`;

async function compile(elements: string, roots = ''): Promise<CompiledProcess> {
  const [process] = await compileBpmn('test.bpmn', processXml(elements, roots));
  return process!;
}
const element = (process: CompiledProcess, id: string): CompiledElement => {
  const found = process.elements.get(id);
  assert.ok(found, `element ${id} compiled`);
  return found;
};

describe('compileBpmn: processes and service tasks', () => {
  it('compiles start → service task → end with flows on both ends and Zeebe defaults', async () => {
    const process = await compile(`<startEvent id="s"/>${task('t')}<endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`);
    assert.equal(process.bpmnProcessId, 'p');
    assert.equal(process.name, 'Pay');
    assert.equal(process.noneStartEventId, 's');
    assert.deepEqual([process.messageStartEventIds, process.timerStartEventIds], [[], []]);
    const t = element(process, 't');
    assert.equal(t.kind, 'serviceTask');
    assert.equal(t.bpmnElementType, 'bpmn:ServiceTask');
    assert.equal(t.scopeId, 'p');
    assert.deepEqual(t.incoming, ['f1']);
    assert.deepEqual(t.outgoing, [{ id: 'f2', sourceId: 't', targetId: 'e', condition: undefined }]);
    assert.deepEqual(t.job, { type: { literal: 't-job' }, retries: { literal: '3' }, headers: {} });
    assert.equal(element(process, 's').eventType, 'none');
    assert.equal(element(process, 'e').kind, 'endEvent');
  });

  it('reads retries, FEEL job types, task headers and input/output mappings', async () => {
    const process = await compile(`<startEvent id="s"/>
      <serviceTask id="t"><extensionElements>
        <zeebe:taskDefinition type="=&quot;pay-&quot; + region" retries="5"/>
        <zeebe:taskHeaders><zeebe:header key="connector" value="mojaloop"/><zeebe:header key="empty"/></zeebe:taskHeaders>
        <zeebe:ioMapping><zeebe:input source="=amount * 100" target="minor"/><zeebe:input source="EUR" target="payment.currency"/>
          <zeebe:input target="cleared"/><zeebe:output source="=result.status" target="status"/></zeebe:ioMapping>
      </extensionElements></serviceTask>${flow('f', 's', 't')}`);
    const t = element(process, 't');
    assert.deepEqual(t.job, { type: { feel: '"pay-" + region' }, retries: { literal: '5' }, headers: { connector: 'mojaloop', empty: '' } });
    assert.deepEqual(t.inputs, [
      { source: { feel: 'amount * 100' }, target: 'minor' },
      { source: { literal: 'EUR' }, target: 'payment.currency' },
      { source: { feel: 'null' }, target: 'cleared' },
    ]);
    assert.deepEqual(t.outputs, [{ source: { feel: 'result.status' }, target: 'status' }]);
  });

  it('returns one compiled process per executable process and ignores what never executes', async () => {
    const xml = definitions(`
      <process id="a" isExecutable="true"><startEvent id="a-s"/><dataObject id="d"/><dataObjectReference id="dr" dataObjectRef="d"/>
        <textAnnotation id="note"><text>why</text></textAnnotation><association id="as" sourceRef="a-s" targetRef="note"/></process>
      <process id="draft" isExecutable="false"><userTask id="u"/></process>
      <process id="b" isExecutable="true"><startEvent id="b-s"/></process>`);
    const processes = await compileBpmn('two.bpmn', xml);
    assert.deepEqual(processes.map((process) => [process.bpmnProcessId, [...process.elements.keys()]]), [['a', ['a-s']], ['b', ['b-s']]]);
  });
});

describe('compileBpmn: events', () => {
  it('lists message and timer start events apart from the none start event', async () => {
    const process = await compile(`<startEvent id="s"/>
      <startEvent id="ms"><messageEventDefinition messageRef="m"/></startEvent>
      <startEvent id="ts"><timerEventDefinition><timeCycle>R/PT1H</timeCycle></timerEventDefinition></startEvent>`, message('m', 'payment-requested'));
    assert.deepEqual([process.noneStartEventId, process.messageStartEventIds, process.timerStartEventIds], ['s', ['ms'], ['ts']]);
    assert.deepEqual(element(process, 'ms').message, { name: { literal: 'payment-requested' }, correlationKey: undefined });
    assert.deepEqual(element(process, 'ts').timer, { type: 'cycle', value: { literal: 'R/PT1H' } });
  });

  it('compiles receive tasks and catch events with message name, correlation key, timers and outputs', async () => {
    const process = await compile(`<startEvent id="s"/>
      <receiveTask id="r" messageRef="m"/>
      <intermediateCatchEvent id="c"><extensionElements><zeebe:ioMapping><zeebe:output source="=ok" target="confirmed"/></zeebe:ioMapping></extensionElements>
        <messageEventDefinition messageRef="m2"/></intermediateCatchEvent>
      <intermediateCatchEvent id="w"><timerEventDefinition><timeDuration>=timeout</timeDuration></timerEventDefinition></intermediateCatchEvent>
      <intermediateCatchEvent id="d"><timerEventDefinition><timeDate>2030-01-01T00:00:00Z</timeDate></timerEventDefinition></intermediateCatchEvent>
      ${flow('f1', 's', 'r')}${flow('f2', 'r', 'c')}${flow('f3', 'c', 'w')}${flow('f4', 'w', 'd')}`,
    message('m', '=&quot;quote-&quot; + fsp', '=transferId') + message('m2', 'confirmed', 'transferId'));
    const r = element(process, 'r');
    assert.deepEqual([r.kind, r.eventType], ['receiveTask', 'message']);
    assert.deepEqual(r.message, { name: { feel: '"quote-" + fsp' }, correlationKey: { feel: 'transferId' } });
    const c = element(process, 'c');
    assert.deepEqual([c.kind, c.eventType, c.message?.correlationKey], ['intermediateCatchEvent', 'message', { literal: 'transferId' }]);
    assert.deepEqual(c.outputs, [{ source: { feel: 'ok' }, target: 'confirmed' }]);
    assert.deepEqual(element(process, 'w').timer, { type: 'duration', value: { feel: 'timeout' } });
    assert.deepEqual(element(process, 'd').timer, { type: 'date', value: { literal: '2030-01-01T00:00:00Z' } });
  });

  it('attaches timer, error and message boundary events to their activity', async () => {
    const process = await compile(`<startEvent id="s"/>${task('t')}${flow('f', 's', 't')}
      <boundaryEvent id="timeout" attachedToRef="t"><timerEventDefinition><timeDuration>PT30S</timeDuration></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="remind" attachedToRef="t" cancelActivity="false"><timerEventDefinition><timeCycle>R3/PT10S</timeCycle></timerEventDefinition></boundaryEvent>
      <boundaryEvent id="rejected" attachedToRef="t"><errorEventDefinition errorRef="err"/></boundaryEvent>
      <boundaryEvent id="any" attachedToRef="t"><errorEventDefinition/></boundaryEvent>
      <boundaryEvent id="cancel" attachedToRef="t" cancelActivity="false"><messageEventDefinition messageRef="m"/></boundaryEvent>
      <endEvent id="e"/>${flow('f-out', 'timeout', 'e')}`,
    `<error id="err" errorCode="PAYEE_REJECTED"/>${message('m', 'cancel', '=id')}`);
    assert.deepEqual(element(process, 't').boundaryIds, ['timeout', 'remind', 'rejected', 'any', 'cancel']);
    const pick = ({ kind, eventType, attachedToId, interrupting, timer, errorCode }: CompiledElement) =>
      ({ kind, eventType, attachedToId, interrupting, timer, errorCode });
    assert.deepEqual(pick(element(process, 'timeout')),
      { kind: 'boundaryEvent', eventType: 'timer', attachedToId: 't', interrupting: true, timer: { type: 'duration', value: { literal: 'PT30S' } }, errorCode: undefined });
    assert.equal(element(process, 'remind').interrupting, false);
    assert.deepEqual(element(process, 'remind').timer, { type: 'cycle', value: { literal: 'R3/PT10S' } });
    assert.deepEqual([element(process, 'rejected').errorCode, element(process, 'rejected').interrupting], ['PAYEE_REJECTED', true]);
    assert.equal(element(process, 'any').errorCode, undefined);
    assert.deepEqual([element(process, 'cancel').eventType, element(process, 'cancel').interrupting], ['message', false]);
    assert.deepEqual(element(process, 'timeout').outgoing.map((f) => f.targetId), ['e']);
  });

  it('compiles error and terminate end events', async () => {
    const process = await compile(`<startEvent id="s"/><parallelGateway id="g"/>
      <endEvent id="fail"><errorEventDefinition errorRef="err"/></endEvent><endEvent id="stop"><terminateEventDefinition/></endEvent>
      ${flow('f', 's', 'g')}${flow('f1', 'g', 'fail')}${flow('f2', 'g', 'stop')}`, '<error id="err" errorCode="LIMIT_EXCEEDED"/>');
    assert.deepEqual([element(process, 'fail').eventType, element(process, 'fail').errorCode], ['error', 'LIMIT_EXCEEDED']);
    assert.equal(element(process, 'stop').eventType, 'terminate');
  });
});

describe('compileBpmn: gateways', () => {
  it('keeps exclusive gateway conditions and the default flow', async () => {
    const process = await compile(`<startEvent id="s"/><exclusiveGateway id="g" default="f-low"/>
      ${task('big')}${task('small')}${task('other')}${flow('f', 's', 'g')}
      ${flow('f-high', 'g', 'big', '=amount &gt; 1000')}${flow('f-mid', 'g', 'other', '= amount &gt; 100')}${flow('f-low', 'g', 'small')}`);
    const g = element(process, 'g');
    assert.equal(g.defaultFlowId, 'f-low');
    assert.deepEqual(g.outgoing.map((f) => [f.id, f.condition]), [['f-high', { feel: 'amount > 1000' }], ['f-mid', { feel: ' amount > 100' }], ['f-low', undefined]]);
  });

  it('lets an exclusive gateway with one way out go without a condition', async () => {
    const process = await compile(`<startEvent id="s"/><exclusiveGateway id="g"/>${task('t')}${flow('f', 's', 'g')}${flow('f2', 'g', 't')}`);
    assert.equal(element(process, 'g').outgoing.length, 1);
  });

  it('compiles parallel fork and join', async () => {
    const process = await compile(`<startEvent id="s"/><parallelGateway id="fork"/>${task('a')}${task('b')}<parallelGateway id="join"/><endEvent id="e"/>
      ${flow('f', 's', 'fork')}${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}${flow('ja', 'a', 'join')}${flow('jb', 'b', 'join')}${flow('je', 'join', 'e')}`);
    assert.deepEqual(element(process, 'fork').outgoing.map((f) => f.targetId), ['a', 'b']);
    assert.deepEqual(element(process, 'join').incoming, ['ja', 'jb']);
    assert.equal(element(process, 'join').kind, 'parallelGateway');
  });

  it('compiles an event-based gateway racing a message against a timer', async () => {
    const process = await compile(`<startEvent id="s"/><eventBasedGateway id="g"/>
      <intermediateCatchEvent id="reply"><messageEventDefinition messageRef="m"/></intermediateCatchEvent>
      <intermediateCatchEvent id="late"><timerEventDefinition><timeDuration>PT1M</timeDuration></timerEventDefinition></intermediateCatchEvent>
      ${flow('f', 's', 'g')}${flow('f1', 'g', 'reply')}${flow('f2', 'g', 'late')}`, message('m', 'reply', '=id'));
    assert.equal(element(process, 'g').kind, 'eventBasedGateway');
    assert.deepEqual(element(process, 'g').outgoing.map((f) => f.targetId), ['reply', 'late']);
  });
});

describe('compileBpmn: sub-processes, call activities and multi-instance', () => {
  it('compiles embedded sub-processes recursively, scoping their elements', async () => {
    const process = await compile(`<startEvent id="s"/>
      <subProcess id="outer"><startEvent id="os"/>
        <subProcess id="inner"><startEvent id="is"/>${task('t')}${flow('i1', 'is', 't')}</subProcess>${flow('o1', 'os', 'inner')}
      </subProcess>${flow('f', 's', 'outer')}`);
    const outer = element(process, 'outer');
    assert.deepEqual([outer.kind, outer.scopeId, outer.startEventId], ['subProcess', 'p', 'os']);
    assert.deepEqual([element(process, 'inner').scopeId, element(process, 'inner').startEventId], ['outer', 'is']);
    assert.deepEqual([element(process, 't').scopeId, element(process, 't').incoming], ['inner', ['i1']]);
    assert.equal(process.noneStartEventId, 's');
  });

  it('compiles call activities with the called process and variable propagation', async () => {
    const process = await compile(`<startEvent id="s"/>
      <callActivity id="c1"><extensionElements><zeebe:calledElement processId="settle"/></extensionElements></callActivity>
      <callActivity id="c2"><extensionElements><zeebe:calledElement processId="=child" propagateAllChildVariables="false"/></extensionElements></callActivity>
      ${flow('f1', 's', 'c1')}${flow('f2', 'c1', 'c2')}`);
    assert.deepEqual([element(process, 'c1').calledProcessId, element(process, 'c1').propagateAllChildVariables], [{ literal: 'settle' }, true]);
    assert.deepEqual([element(process, 'c2').calledProcessId, element(process, 'c2').propagateAllChildVariables], [{ feel: 'child' }, false]);
  });

  it('reads parallel and sequential multi-instance on every activity that supports it', async () => {
    const loop = (sequential: boolean, more = '') => `<multiInstanceLoopCharacteristics isSequential="${sequential}"><extensionElements>
      <zeebe:loopCharacteristics inputCollection="=payees" inputElement="payee" ${more}/></extensionElements></multiInstanceLoopCharacteristics>`;
    const process = await compile(`<startEvent id="s"/>
      ${task('t', `<multiInstanceLoopCharacteristics><extensionElements><zeebe:loopCharacteristics inputCollection="=payees" inputElement="payee"
        outputCollection="results" outputElement="=result"/></extensionElements>
        <completionCondition xsi:type="tFormalExpression">=numberOfCompletedInstances &gt;= 2</completionCondition></multiInstanceLoopCharacteristics>`)}
      <receiveTask id="r" messageRef="m">${loop(true)}</receiveTask>
      <subProcess id="sp">${loop(true)}<startEvent id="sps"/></subProcess>
      <callActivity id="c"><extensionElements><zeebe:calledElement processId="x"/></extensionElements>${loop(false)}</callActivity>
      ${flow('f1', 's', 't')}${flow('f2', 't', 'r')}${flow('f3', 'r', 'sp')}${flow('f4', 'sp', 'c')}`, message('m', 'ack', '=payee.id'));
    assert.deepEqual(element(process, 't').multiInstance, {
      sequential: false, inputCollection: { feel: 'payees' }, inputElement: 'payee',
      outputCollection: 'results', outputElement: { feel: 'result' }, completionCondition: { feel: 'numberOfCompletedInstances >= 2' },
    });
    assert.equal(element(process, 'r').multiInstance?.sequential, true);
    assert.equal(element(process, 'sp').multiInstance?.sequential, true);
    assert.deepEqual(element(process, 'c').multiInstance?.inputCollection, { feel: 'payees' });
    assert.equal(element(process, 's').multiInstance, undefined);
  });
});
