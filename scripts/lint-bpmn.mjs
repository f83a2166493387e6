// SPDX-License-Identifier: Apache-2.0
// Lints every BPMN file of the hub (flows and engine fixtures) with bpmnlint and the Camunda 8 compatibility
// rules of .bpmnlintrc, so each file opens in Camunda Modeler and deploys to Zeebe as well.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (entry.endsWith('.bpmn')) files.push(path);
  }
};
walk('hub');
if (files.length === 0) process.exit(0);
const result = spawnSync('npx', ['bpmnlint', ...files.sort()], { stdio: 'inherit' });
if (result.status === 0) console.log(`bpmnlint: ${files.length} BPMN files clean`);
process.exit(result.status ?? 1);
