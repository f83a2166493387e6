// SPDX-License-Identifier: Apache-2.0
// The flow of the crash test: started by a message (its messageId makes the start exactly-once), a job
// with a side effect, a timer, a job that asks for a confirmation message, the wait for it, a final job.

const task = (id: string, type: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

export const CRASH_FLOW = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="crash-defs" targetNamespace="http://lango.dev/test">
  <bpmn:message id="start-message" name="crash-start" />
  <bpmn:message id="confirm-message" name="crash-confirm"><bpmn:extensionElements><zeebe:subscription correlationKey="=businessId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="crash-flow" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="start-message" /></bpmn:startEvent>${flow('f0', 'start', 'charge')}
    ${task('charge', 'crash-charge')}${flow('f1', 'charge', 'pause')}
    <bpmn:intermediateCatchEvent id="pause"><bpmn:timerEventDefinition><bpmn:timeDuration>PT4S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'pause', 'ask')}
    ${task('ask', 'crash-ask')}${flow('f3', 'ask', 'confirmed')}
    <bpmn:intermediateCatchEvent id="confirmed"><bpmn:messageEventDefinition messageRef="confirm-message" /></bpmn:intermediateCatchEvent>${flow('f4', 'confirmed', 'finish')}
    ${task('finish', 'crash-finish')}${flow('f5', 'finish', 'end')}
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
