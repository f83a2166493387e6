// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { loadFixture } from '../fixtures/index.js';
import { isolate } from './isolate.js';

const moddle = new BpmnModdle({ zeebe });

it('isolate renames process ids, called processes, job types and message names, and keeps the file valid', async () => {
  const parent = isolate(loadFixture('call-parent').xml, 'x1');
  assert.match(parent, /<bpmn:process id="call-parent-x1"/);
  assert.match(parent, /<bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="call-parent-x1">/);
  assert.match(parent, /<zeebe:calledElement processId="call-child-x1"/);
  assert.match(parent, /<zeebe:taskDefinition type="after-call-x1" \/>/);
  assert.match(parent, /<bpmn:callActivity id="run-child"/, 'element ids stay as they are');

  const messages = isolate(loadFixture('boundary-message').xml, 'x1');
  assert.match(messages, /<bpmn:message id="Message_payment" name="payment-received-x1">/);
  assert.match(messages, /<zeebe:subscription correlationKey="=orderId" \/>/, 'FEEL is left alone');

  for (const xml of [parent, messages]) {
    const { warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    assert.deepEqual(warnings, []);
  }
});
