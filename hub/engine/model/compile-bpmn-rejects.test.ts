// SPDX-License-Identifier: Apache-2.0
// What a modeller sees when a file uses more than the embedded engine runs: the deployment fails with the
// file, the element id and its BPMN type, and why. Nothing is skipped.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileBpmn } from './compile-bpmn.js';
import { UnsupportedBpmnError } from './compiled-process.js';

const definitions = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://lango.test">${inner}</definitions>`;
const processXml = (elements: string, roots = '') => definitions(`<process id="p" isExecutable="true">${elements}</process>${roots}`);
const task = (id: string, inner = '') => `<serviceTask id="${id}"><extensionElements><zeebe:taskDefinition type="job"/></extensionElements>${inner}</serviceTask>`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${condition ? `<conditionExpression xsi:type="tFormalExpression">${condition}</conditionExpression>` : ''}</sequenceFlow>`;
const message = (id: string, name: string, key?: string) =>
  `<message id="${id}" name="${name}">${key ? `<extensionElements><zeebe:subscription correlationKey="${key}"/></extensionElements>` : ''}</message>`;
const START = '<startEvent id="s"/>';

/** Compiling `xml` fails naming `id` and `type` first, then a reason matching `reason`. */
async function rejects(xml: string, id: string | undefined, type: string | undefined, reason: RegExp): Promise<void> {
  await assert.rejects(compileBpmn('test.bpmn', xml), (error: unknown) => {
    assert.ok(error instanceof UnsupportedBpmnError, String(error));
    assert.deepEqual([error.resourceName, error.elementId, error.elementType], ['test.bpmn', id, type]);
    assert.ok(error.message.startsWith(id ? `test.bpmn: element "${id}" (${type}): ` : 'test.bpmn: '), error.message);
    assert.match(error.message, reason);
    return true;
  });
}
const rejectsElements = (elements: string, id: string, type: string, reason: RegExp, roots = '') => rejects(processXml(elements, roots), id, type, reason);

describe('compileBpmn rejects files that are not BPMN', () => {
  it('names the resource when the XML does not parse', async () => {
    await rejects('<definitions', undefined, undefined, /is not BPMN 2.0 XML: unparsable content/);
    await rejects('<html/>', undefined, undefined, /is not BPMN 2.0 XML/);
  });

  it('rejects what moddle would leave out: unknown elements and dangling references', async () => {
    await rejects(processXml(`${START}<fooTask id="x"/>`), undefined, undefined, /unparsable content <fooTask>.*unknown type <bpmn:FooTask>/);
    await rejects(processXml(`${START}${flow('f', 's', 'ghost')}`), 'f', 'bpmn:SequenceFlow', /unresolved reference <ghost>/);
  });

  it('rejects a file without an executable process', async () => {
    await rejects(definitions('<process id="p" isExecutable="false"><startEvent id="s"/></process>'), undefined, undefined, /no executable process/);
  });
});

describe('compileBpmn rejects unsupported elements by id and type', () => {
  const cases: [string, string, RegExp][] = [
    ['<userTask id="x"/>', 'bpmn:UserTask', /user tasks are not supported/],
    ['<scriptTask id="x"/>', 'bpmn:ScriptTask', /script tasks are not supported/],
    ['<sendTask id="x"/>', 'bpmn:SendTask', /send tasks are not supported/],
    ['<businessRuleTask id="x"/>', 'bpmn:BusinessRuleTask', /business rule tasks/],
    ['<task id="x"/>', 'bpmn:Task', /undefined tasks/],
    ['<manualTask id="x"/>', 'bpmn:ManualTask', /manual tasks/],
    ['<intermediateThrowEvent id="x"/>', 'bpmn:IntermediateThrowEvent', /intermediate throw events/],
    ['<inclusiveGateway id="x"/>', 'bpmn:InclusiveGateway', /inclusive gateways/],
    ['<complexGateway id="x"/>', 'bpmn:ComplexGateway', /complex gateways/],
    ['<transaction id="x"/>', 'bpmn:Transaction', /transaction/],
    ['<adHocSubProcess id="x"/>', 'bpmn:AdHocSubProcess', /ad-hoc/],
    ['<subProcess id="x" triggeredByEvent="true"><startEvent id="xs"/></subProcess>', 'bpmn:SubProcess', /event sub-processes/],
    ['<startEvent id="x"><signalEventDefinition/></startEvent>', 'bpmn:StartEvent', /bpmn:SignalEventDefinition is not supported/],
    ['<intermediateCatchEvent id="x"><conditionalEventDefinition/></intermediateCatchEvent>', 'bpmn:IntermediateCatchEvent', /bpmn:ConditionalEventDefinition/],
    ['<intermediateCatchEvent id="x"><linkEventDefinition name="l"/></intermediateCatchEvent>', 'bpmn:IntermediateCatchEvent', /bpmn:LinkEventDefinition/],
    ['<endEvent id="x"><escalationEventDefinition/></endEvent>', 'bpmn:EndEvent', /bpmn:EscalationEventDefinition/],
    ['<endEvent id="x"><messageEventDefinition/></endEvent>', 'bpmn:EndEvent', /a message endEvent is not supported/],
    ['<intermediateCatchEvent id="x"/>', 'bpmn:IntermediateCatchEvent', /a none intermediateCatchEvent is not supported/],
    ['<startEvent id="x"><messageEventDefinition/><timerEventDefinition/></startEvent>', 'bpmn:StartEvent', /multiple event/],
    ['<serviceTask id="x" isForCompensation="true"/>', 'bpmn:ServiceTask', /compensation/],
    [task('x', '<standardLoopCharacteristics/>'), 'bpmn:ServiceTask', /bpmn:StandardLoopCharacteristics is not supported/],
  ];
  for (const [xml, type, reason] of cases) {
    it(`rejects ${type} (${reason.source})`, () => rejectsElements(`${START}${xml}`, 'x', type, reason));
  }

  it('rejects a compensation boundary event', () =>
    rejectsElements(`${START}${task('t')}<boundaryEvent id="x" attachedToRef="t"><compensateEventDefinition/></boundaryEvent>`,
      'x', 'bpmn:BoundaryEvent', /bpmn:CompensateEventDefinition is not supported/));

  it('rejects Zeebe extensions it would otherwise ignore, such as execution listeners', () =>
    rejectsElements(`${START}${task('x', '')}`.replace('<extensionElements>',
      '<extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit"/></zeebe:executionListeners>'),
    'x', 'bpmn:ServiceTask', /execution listeners are not supported/));
});

describe('compileBpmn rejects incomplete Zeebe configuration', () => {
  it('needs a job type on a service task and whole-number retries', async () => {
    await rejectsElements(`${START}<serviceTask id="x"/>`, 'x', 'bpmn:ServiceTask', /needs zeebe:taskDefinition with a type/);
    await rejectsElements(`${START}<serviceTask id="x"><extensionElements><zeebe:taskDefinition type="a" retries="three"/></extensionElements></serviceTask>`,
      'x', 'bpmn:ServiceTask', /retries "three" must be a whole number/);
  });

  it('needs a named message and a correlation key where a subscription is opened', async () => {
    await rejectsElements(`${START}<receiveTask id="x" messageRef="m"/>`, 'x', 'bpmn:ReceiveTask', /message "paid" needs a zeebe:subscription correlationKey/, message('m', 'paid'));
    await rejectsElements(`${START}<receiveTask id="x"/>`, 'x', 'bpmn:ReceiveTask', /needs a message/);
    await rejectsElements(`${START}<receiveTask id="x" messageRef="m"/>`, 'x', 'bpmn:ReceiveTask', /message "m" has no name/, '<message id="m"/>');
    await rejectsElements(`${START}${task('t')}<boundaryEvent id="x" attachedToRef="t"><messageEventDefinition messageRef="m"/></boundaryEvent>`,
      'x', 'bpmn:BoundaryEvent', /needs a zeebe:subscription correlationKey/, message('m', 'cancel'));
  });

  it('needs an error code on an error end event, a literal one, and interrupting error boundaries', async () => {
    await rejectsElements(`${START}<endEvent id="x"><errorEventDefinition/></endEvent>`, 'x', 'bpmn:EndEvent', /needs an error \(errorRef\)/);
    await rejectsElements(`${START}<endEvent id="x"><errorEventDefinition errorRef="e"/></endEvent>`, 'x', 'bpmn:EndEvent', /is FEEL/, '<error id="e" errorCode="=code"/>');
    await rejectsElements(`${START}${task('t')}<boundaryEvent id="x" attachedToRef="t" cancelActivity="false"><errorEventDefinition/></boundaryEvent>`,
      'x', 'bpmn:BoundaryEvent', /always interrupts/);
  });

  it('checks call activities and multi-instance settings', async () => {
    const call = (attributes: string) => `<callActivity id="x"><extensionElements><zeebe:calledElement ${attributes}/></extensionElements></callActivity>`;
    await rejectsElements(`${START}${call('')}`, 'x', 'bpmn:CallActivity', /needs zeebe:calledElement with a processId/);
    await rejectsElements(`${START}${call('processId="c" propagateAllParentVariables="false"')}`, 'x', 'bpmn:CallActivity', /propagateAllParentVariables/);
    await rejectsElements(`${START}${call('processId="c" bindingType="deployment"')}`, 'x', 'bpmn:CallActivity', /bindingType "deployment"/);
    const loop = (attributes: string) => task('x', `<multiInstanceLoopCharacteristics><extensionElements><zeebe:loopCharacteristics ${attributes}/></extensionElements></multiInstanceLoopCharacteristics>`);
    await rejectsElements(`${START}${loop('inputElement="i"')}`, 'x', 'bpmn:ServiceTask', /needs zeebe:loopCharacteristics inputCollection/);
    await rejectsElements(`${START}${loop('inputCollection="=xs" outputCollection="ys"')}`, 'x', 'bpmn:ServiceTask', /must be set together/);
  });

  it('allows input mappings on activities only', () =>
    rejectsElements(`${START}<intermediateCatchEvent id="x"><extensionElements><zeebe:ioMapping><zeebe:input source="=1" target="a"/></zeebe:ioMapping></extensionElements>
      <timerEventDefinition><timeDuration>PT1S</timeDuration></timerEventDefinition></intermediateCatchEvent>`, 'x', 'bpmn:IntermediateCatchEvent', /input mappings are only supported on activities/));
});

describe('compileBpmn rejects bad expressions and timer values', () => {
  const timer = (element: string, definition: string) => `${START}${element.replace('/>', `><timerEventDefinition>${definition}</timerEventDefinition></${element.slice(1, element.indexOf(' '))}>`)}`;

  it('rejects FEEL that does not parse, naming the element and the place', async () => {
    await rejectsElements(`${START}${task('x', '')}`.replace('type="job"', 'type="=&quot;pay-&quot; +"'), 'x', 'bpmn:ServiceTask', /job type: FEEL expression ""pay-" \+" ends too early/);
    await rejectsElements(`${START}<exclusiveGateway id="g"/>${task('t')}${flow('f', 's', 'g')}${flow('x', 'g', 't', '=amount &gt; 5 )')}`,
      'x', 'bpmn:SequenceFlow', /condition: FEEL syntax error at character 12 of "amount > 5 \)", near "\)"/);
    await rejectsElements(timer('<intermediateCatchEvent id="x"/>', '<timeDuration>=duration(</timeDuration>'), 'x', 'bpmn:IntermediateCatchEvent', /timeDuration: FEEL/);
  });

  it('rejects literal timer values that are not ISO 8601', async () => {
    await rejectsElements(timer('<intermediateCatchEvent id="x"/>', '<timeDuration>5 minutes</timeDuration>'), 'x', 'bpmn:IntermediateCatchEvent', /timeDuration: "5 minutes" is not an ISO 8601 duration/);
    await rejectsElements(timer('<intermediateCatchEvent id="x"/>', '<timeDate>2030-01-01T00:00:00</timeDate>'), 'x', 'bpmn:IntermediateCatchEvent', /with an offset/);
    await rejectsElements(timer('<startEvent id="x"/>', '<timeCycle>0 0 9 * * MON</timeCycle>'), 'x', 'bpmn:StartEvent', /cron is not supported/);
    await rejectsElements(timer('<intermediateCatchEvent id="x"/>', ''), 'x', 'bpmn:IntermediateCatchEvent', /exactly one of timeDuration, timeDate or timeCycle/);
  });

  it('allows a cycle only where the event can fire again, as Zeebe does', async () => {
    await rejectsElements(timer('<intermediateCatchEvent id="x"/>', '<timeCycle>R/PT1S</timeCycle>'), 'x', 'bpmn:IntermediateCatchEvent', /timeCycle is not allowed here/);
    await rejectsElements(`${task('t')}${timer('<boundaryEvent id="x" attachedToRef="t"/>', '<timeCycle>R/PT1S</timeCycle>')}`, 'x', 'bpmn:BoundaryEvent', /accepts timeDuration or timeDate/);
    await rejectsElements(timer('<startEvent id="x"/>', '<timeDuration>PT1S</timeDuration>'), 'x', 'bpmn:StartEvent', /timeDuration is not allowed here/);
  });
});

describe('compileBpmn rejects broken graphs', () => {
  it('needs a start event, and only one none start event per process', async () => {
    await rejectsElements(task('t'), 'p', 'bpmn:Process', /needs at least one start event/);
    await rejectsElements(`${START}<startEvent id="s2"/>`, 'p', 'bpmn:Process', /only one none start event, found s, s2/);
  });

  it('enters a sub-process through exactly one none start event', async () => {
    await rejectsElements(`${START}<subProcess id="x">${task('t')}</subProcess>`, 'x', 'bpmn:SubProcess', /needs a none start event/);
    await rejectsElements(`${START}<subProcess id="x"><startEvent id="a"/><startEvent id="b"/></subProcess>`, 'x', 'bpmn:SubProcess', /exactly one none start event, found 2/);
    await rejectsElements(`${START}<subProcess id="sp"><startEvent id="x"><messageEventDefinition messageRef="m"/></startEvent></subProcess>`,
      'x', 'bpmn:StartEvent', /must start with a none start event/, message('m', 'go'));
  });

  it('keeps flows and boundary events inside their scope', async () => {
    await rejectsElements(`${START}<subProcess id="sp"><startEvent id="in"/></subProcess>${flow('x', 's', 'in')}`, 'x', 'bpmn:SequenceFlow', /not both in "p"/);
    await rejectsElements(`${START}<subProcess id="sp"><startEvent id="in"/><boundaryEvent id="x" attachedToRef="t"><errorEventDefinition/></boundaryEvent></subProcess>${task('t')}`,
      'x', 'bpmn:BoundaryEvent', /attached to "t", which is not in "sp"/);
    await rejectsElements(`${START}<parallelGateway id="g"/><boundaryEvent id="x" attachedToRef="g"><errorEventDefinition/></boundaryEvent>`,
      'x', 'bpmn:BoundaryEvent', /only be attached to an activity/);
  });

  it('rejects flows into start events and out of end events', async () => {
    await rejectsElements(`${START}${task('t')}<startEvent id="x"/>${flow('f', 't', 'x')}`, 'x', 'bpmn:StartEvent', /cannot have incoming/);
    await rejectsElements(`${START}<endEvent id="x"/>${task('t')}${flow('f', 'x', 't')}`, 'x', 'bpmn:EndEvent', /cannot have outgoing/);
  });

  it('needs a condition on every non-default flow of a deciding exclusive gateway, and nowhere else', async () => {
    await rejectsElements(`${START}<exclusiveGateway id="x" default="d"/>${task('a')}${task('b')}${task('c')}${flow('f', 's', 'x')}
      ${flow('fa', 'x', 'a', '=ok')}${flow('fb', 'x', 'b')}${flow('d', 'x', 'c')}`, 'x', 'bpmn:ExclusiveGateway', /flows "fb" need a condition/);
    await rejectsElements(`${START}${task('t')}${flow('x', 's', 't', '=ok')}`, 'x', 'bpmn:SequenceFlow', /only supported on a flow leaving an exclusive gateway/);
    await rejectsElements(`${START}<exclusiveGateway id="g"/>${task('t')}${flow('f', 's', 'g')}${flow('x', 'g', 't', 'true')}`,
      'x', 'bpmn:SequenceFlow', /must be a FEEL expression starting with "="/);
  });

  it('lets an event-based gateway lead only to catch events', () =>
    rejectsElements(`${START}<eventBasedGateway id="x"/>${task('t')}${flow('f', 's', 'x')}${flow('f1', 'x', 't')}`,
      'x', 'bpmn:EventBasedGateway', /may only lead to message or timer catch events/));
});
