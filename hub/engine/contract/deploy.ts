// SPDX-License-Identifier: Apache-2.0
// deploy: versions, idempotence for an unchanged file, and rejection of what the engine does not run.
import assert from 'node:assert/strict';
import type { DefineScenario } from './scenario.js';

/** A process around `body`; kept inline (not a fixture file) so the fixtures stay lint clean. */
function unsupportedXml(processId: string, body: string, rootElements = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_unsupported" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    ${body}
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="start" targetRef="unsupported" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="unsupported" targetRef="end" />
  </bpmn:process>
  ${rootElements}
</bpmn:definitions>`;
}

const userTask = (processId: string): string =>
  unsupportedXml(processId, '<bpmn:userTask id="unsupported" name="Approve manually" />');
const signalCatch = (processId: string): string => unsupportedXml(
  processId,
  '<bpmn:intermediateCatchEvent id="unsupported" name="Go"><bpmn:signalEventDefinition signalRef="Signal_go" /></bpmn:intermediateCatchEvent>',
  '<bpmn:signal id="Signal_go" name="go" />',
);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function deploySemantics(scenario: DefineScenario): void {
  scenario('deploy returns each process with version 1, and an unchanged file keeps its version', async (t) => {
    const [first, ...others] = await t.deploy('service-task');
    assert.equal(others.length, 0);
    assert.equal(first!.bpmnProcessId, t.id('service-task'));
    assert.equal(first!.version, 1);
    assert.equal(first!.resourceName, 'service-task.bpmn');
    assert.match(first!.processDefinitionKey, /^\d+$/, 'keys are decimal strings');

    const [again] = await t.deploy('service-task');
    assert.deepEqual(again, first, 'redeploying the same file changes nothing');

    const both = await t.deploy('call-parent', 'call-child');
    assert.deepEqual(both.map((process) => [process.bpmnProcessId, process.version]), [[t.id('call-parent'), 1], [t.id('call-child'), 1]]);
  });

  scenario('a changed file gets the next version, and new instances start on it', async (t) => {
    const [v1] = await t.deploy('service-task');
    const changed = t.resource('service-task', (xml) => xml.replace('name="Do the work"', 'name="Do the work, carefully"'));
    const [v2] = await t.engine.deploy([changed]);
    assert.equal(v2!.version, 2);
    assert.notEqual(v2!.processDefinitionKey, v1!.processDefinitionKey);
    const [same] = await t.engine.deploy([changed]);
    assert.equal(same!.version, 2, 'the changed file, deployed again, is unchanged');

    const created = await t.start('service-task');
    assert.equal(created.version, 2);
    assert.equal(created.processDefinitionKey, v2!.processDefinitionKey);
    assert.equal(created.bpmnProcessId, t.id('service-task'));
    assert.match(created.processInstanceKey, /^\d+$/);
  });

  scenario('deploy rejects an element it does not run, naming its id and type', async (t) => {
    await assert.rejects(t.engine.deploy([{ name: 'user-task.bpmn', xml: userTask(t.id('user-task')) }]), (error) => {
      assert.match(messageOf(error), /unsupported/, 'the message names the element id');
      assert.match(messageOf(error), /user ?task/i, 'the message names the element type');
      return true;
    });
    await assert.rejects(t.engine.deploy([{ name: 'signal-catch.bpmn', xml: signalCatch(t.id('signal-catch')) }]), (error) => {
      assert.match(messageOf(error), /unsupported/);
      assert.match(messageOf(error), /signal/i);
      return true;
    });
    await assert.rejects(t.start('user-task'), 'nothing of a rejected file was deployed');
  });

  scenario('a deployment with one rejected file deploys none of its files', async (t) => {
    const valid = t.resource('service-task');
    await assert.rejects(t.engine.deploy([valid, { name: 'user-task.bpmn', xml: userTask(t.id('user-task')) }]));
    await assert.rejects(t.start('service-task'), 'the valid file of the rejected deployment is not deployed');
    const [deployed] = await t.engine.deploy([valid]);
    assert.equal(deployed!.version, 1, 'the rejected deployment used up no version');
  });
}
