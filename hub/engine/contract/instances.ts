// SPDX-License-Identifier: Apache-2.0
// The life of a running instance: ended early by a terminate end event or by an operator's cancelInstance,
// changed by setVariables, and pinned to the version it started on while newer versions are deployed.
import assert from 'node:assert/strict';
import { complete } from '../workflow-engine.js';
import { elementRecord, instanceCompleted, instanceTerminated, jobRecord, sameKey, subscriptionRecord, variableRecord } from './record-log.js';
import { deliveryOf, type DefineScenario } from './scenario.js';
import { matcher } from './timeline.js';

export function instanceSemantics(scenario: DefineScenario): void {
  scenario('a terminate end event ends the instance while another branch still waits, canceling its job', async (t) => {
    await t.deploy('terminate-end');
    const callback = t.hold();
    const waitCallback = t.worker('wait-callback', () => callback.promise);
    t.worker('quick-check');
    const instance = await t.start('terminate-end');

    const waiting = await waitCallback.nth(0);
    await t.records.waitFor(elementRecord('ELEMENT_COMPLETED', instance, 'terminated'));
    await t.records.waitFor(jobRecord('CANCELED', waiting.key));
    await t.records.waitFor(elementRecord('ELEMENT_TERMINATED', instance, 'wait-for-callback'));
    await t.records.waitFor(instanceCompleted(instance));

    callback.open(complete({ callbackSeen: true }));
    await t.records.expectNone(jobRecord('COMPLETED', waiting.key));
    assert.equal(t.records.filter(elementRecord('ELEMENT_COMPLETED', instance, 'callback-done')).length, 0);
  });

  scenario('cancelInstance terminates everything in the instance: its jobs are canceled and messages no longer reach it', async (t) => {
    await t.deploy('parallel-wait');
    const answer = t.hold();
    const prepare = t.worker('prepare', () => answer.promise);
    const instance = await t.start('parallel-wait', { correlationId: 'c-cancel' });
    const job = await prepare.nth(0);
    await t.records.waitFor(subscriptionRecord('CREATED', instance));

    await t.engine.cancelInstance(instance.processInstanceKey);
    await t.records.waitFor(instanceTerminated(instance));
    await t.records.waitFor(jobRecord('CANCELED', job.key));
    await t.records.waitFor(elementRecord('ELEMENT_TERMINATED', instance, 'await-callback'));

    await t.publish({ name: 'callback', correlationKey: 'c-cancel', timeToLive: 0 });
    answer.open(complete({ prepared: true }));
    await t.records.expectNone(subscriptionRecord('CORRELATED', instance));
    assert.equal(t.records.filter(jobRecord('COMPLETED', job.key)).length, 0, 'completing a canceled job has no effect');
    assert.equal(t.records.filter(instanceCompleted(instance)).length, 0);
  });

  scenario('setVariables changes what the next job sees', async (t) => {
    await t.deploy('three-tasks');
    const firstStep = t.hold();
    const step1 = t.worker('step-1', () => firstStep.promise);
    const step2 = t.worker('step-2');
    t.worker('step-3');
    const instance = await t.start('three-tasks', { route: 'A', limit: 10 });
    const job = await step1.nth(0);

    await t.engine.setVariables({ elementInstanceKey: instance.processInstanceKey, variables: { route: 'B' } });
    // Not local: `limit` already lives on the process scope, so setting it on the task's scope updates it there.
    await t.engine.setVariables({ elementInstanceKey: job.elementInstanceKey, variables: { limit: 50 } });
    await t.engine.setVariables({ elementInstanceKey: job.elementInstanceKey, variables: { scratch: true }, local: true });
    const updated = await t.records.waitFor(matcher('"route" set to "B"', (record) => variableRecord(instance, 'route')(record) && record.value.value === '"B"'));
    assert.equal(updated.intent, 'UPDATED');
    assert.ok(sameKey(updated.value.scopeKey, instance.processInstanceKey));
    firstStep.open(complete());

    const next = await step2.nth(0);
    assert.equal(next.variables.route, 'B');
    assert.equal(next.variables.limit, 50);
    assert.equal('scratch' in next.variables, false, 'a local variable ends with its scope');
    await t.records.waitFor(instanceCompleted(instance));
  });

  scenario('a running instance keeps the version it started on; new instances start on the latest', async (t) => {
    const [v1] = await t.deploy('versioned');
    const finish = t.worker('finish');
    const old = await t.start('versioned');
    const oldPrepared = t.hold();
    const prepare = t.worker('prepare', async (job) => (job.processInstanceKey === old.processInstanceKey ? oldPrepared.promise : complete()));
    await prepare.waitFor(deliveryOf(old));

    const v2Resource = t.resource('versioned', (xml) => xml.replace('value="v1"', 'value="v2"'));
    const [v2] = await t.engine.deploy([v2Resource]);
    assert.equal(v2!.version, 2);
    const fresh = await t.start('versioned');
    assert.equal(fresh.version, 2);
    const pinned = await t.start('versioned', {}, 1);
    assert.equal(pinned.processDefinitionKey, v1!.processDefinitionKey, 'createInstance can ask for an older version');
    oldPrepared.open(complete());

    for (const [instance, variant, version] of [[old, 'v1', 1], [fresh, 'v2', 2], [pinned, 'v1', 1]] as const) {
      const { job } = await finish.waitFor(deliveryOf(instance));
      assert.equal(job.customHeaders.variant, variant, `instance ${instance.processInstanceKey} runs the next task of version ${version}`);
      assert.equal(job.processDefinitionVersion, version);
      await t.records.waitFor(instanceCompleted(instance));
    }
  });
}
