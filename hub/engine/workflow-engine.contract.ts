// SPDX-License-Identifier: Apache-2.0
// The behaviour every WorkflowEngine adapter promises, as one suite: each adapter's test calls
// workflowEngineContract with a way to open an engine on fresh state. One `it` per semantic, each asserting
// only what the port shows: the jobs workers receive, the variables in them, and the records from onRecords.
// The semantics are grouped by subject in ./contract/; this table is their order.
import { describe, it } from 'node:test';
import { deploySemantics } from './contract/deploy.js';
import { errorSemantics } from './contract/errors.js';
import { gatewaySemantics } from './contract/gateways.js';
import { instanceSemantics } from './contract/instances.js';
import { jobSemantics } from './contract/jobs.js';
import { messageSemantics } from './contract/messages.js';
import { recordSemantics } from './contract/record-stream.js';
import { restartSemantics } from './contract/restart.js';
import { scenarios, type EngineUnderTest } from './contract/scenario.js';
import { scopeSemantics } from './contract/scopes.js';
import { timerSemantics } from './contract/timers.js';

export type { EngineUnderTest } from './contract/scenario.js';

const GROUPS = [
  ['deploy', deploySemantics],
  ['service tasks and jobs', jobSemantics],
  ['gateways', gatewaySemantics],
  ['messages', messageSemantics],
  ['timers', timerSemantics],
  ['BPMN errors', errorSemantics],
  ['sub-processes, call activities, multi-instance', scopeSemantics],
  ['running instances', instanceSemantics],
  ['records', recordSemantics],
  ['restart', restartSemantics],
] as const;

/**
 * Registers the contract as `describe(name)`. `open` gives an engine on fresh state for each test, and
 * `reopen` when the adapter has durable state: the test closes the engine, then calls it (restart).
 * `skip` (a reason) reports the whole suite as skipped, e.g. when no Zeebe broker is configured.
 */
export function workflowEngineContract(name: string, open: () => Promise<EngineUnderTest>, skip?: string): void {
  if (skip !== undefined) {
    // One skipped test rather than a skipped suite, so the run's summary counts it.
    it(`${name}: WorkflowEngine contract`, { skip }, () => {});
    return;
  }
  describe(name, () => {
    const scenario = scenarios(open);
    for (const [title, semantics] of GROUPS) describe(title, () => semantics(scenario));
  });
}
