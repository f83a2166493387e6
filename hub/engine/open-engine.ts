// SPDX-License-Identifier: Apache-2.0
import type { EventLog } from '../../platform/events/index.js';
import type { Logger } from '../../platform/log/index.js';
import { openEmbeddedEngine } from './embedded/embedded-engine.js';
import { eventLogRecords } from './event-log-records.js';
import type { WorkflowEngine } from './workflow-engine.js';

export type EngineSettings =
  | { kind: 'embedded'; dataDir: string; durability: 'full' | 'normal'; eventLog: EventLog; logger: Logger }
  | { kind: 'zeebe'; address: string; eventLog: EventLog; logger: Logger };

/** Opens the configured engine; Zeebe's client is loaded only when chosen. */
export async function openWorkflowEngine(settings: EngineSettings): Promise<WorkflowEngine> {
  if (settings.kind === 'embedded') {
    return openEmbeddedEngine({ dataDir: settings.dataDir, durability: settings.durability, eventLog: settings.eventLog, logger: settings.logger.child({ component: 'engine' }) });
  }
  const { openZeebeEngine } = await import('./zeebe/zeebe-engine.js');
  return openZeebeEngine({ address: settings.address, logger: settings.logger.child({ component: 'engine' }), records: eventLogRecords(settings.eventLog) });
}
