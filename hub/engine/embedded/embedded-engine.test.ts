// SPDX-License-Identifier: Apache-2.0
// The embedded engine against the WorkflowEngine contract: each test gets a fresh data directory, and
// `reopen` opens a second engine on it, as the next process start would.
import { tempDir } from '../../../test/support/temp-dir.js';
import { workflowEngineContract } from '../workflow-engine.contract.js';
import { openEmbeddedEngine } from './embedded-engine.js';

workflowEngineContract('embedded engine', async () => {
  const dataDir = tempDir('engine');
  const engine = await openEmbeddedEngine({ dataDir });
  return { engine, reopen: () => openEmbeddedEngine({ dataDir }) };
});
