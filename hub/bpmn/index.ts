// SPDX-License-Identifier: Apache-2.0
// The hub's payment flows: every `.bpmn` file in this folder is deployed at start, on either engine.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BpmnResource } from '../engine/workflow-engine.js';

const folder = fileURLToPath(new URL('.', import.meta.url));

/** The BPMN files of this folder, by name. */
export function hubBpmnResources(): BpmnResource[] {
  return readdirSync(folder).filter((name) => name.endsWith('.bpmn')).sort().map((name) => ({ name, xml: readFileSync(`${folder}${name}`, 'utf8') }));
}
