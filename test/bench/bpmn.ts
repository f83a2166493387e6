// SPDX-License-Identifier: Apache-2.0
// Processes the engine benchmarks run, written inline so a benchmark does not depend on test fixtures.

const envelope = (processId: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-${processId}" targetNamespace="http://lango.dev/bench">
  <bpmn:process id="${processId}" isExecutable="true">${body}
  </bpmn:process>
</bpmn:definitions>`;

const task = (id: string, type: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

/** start → step-1 → step-2 → step-3 → end */
export const THREE_TASKS = envelope('bench-three-tasks', `
    <bpmn:startEvent id="start" />${flow('f0', 'start', 't1')}
    ${task('t1', 'bench-step-1')}${flow('f1', 't1', 't2')}
    ${task('t2', 'bench-step-2')}${flow('f2', 't2', 't3')}
    ${task('t3', 'bench-step-3')}${flow('f3', 't3', 'end')}
    <bpmn:endEvent id="end" />`);

/** start → ping (a worker publishes `pong`) → wait for `pong` keyed by correlationId → end */
export const MESSAGE_ROUND_TRIP = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs-rt" targetNamespace="http://lango.dev/bench">
  <bpmn:message id="pong" name="bench-pong"><bpmn:extensionElements><zeebe:subscription correlationKey="=correlationId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="bench-round-trip" isExecutable="true">
    <bpmn:startEvent id="start" />${flow('f0', 'start', 'ping')}
    ${task('ping', 'bench-ping')}${flow('f1', 'ping', 'wait')}
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="pong" /></bpmn:intermediateCatchEvent>${flow('f2', 'wait', 'end')}
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
