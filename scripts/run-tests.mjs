// SPDX-License-Identifier: Apache-2.0
// One test runner for the whole repo: node's own, with tsx for TypeScript. Node 20 does not expand globs
// itself, so the test files are listed here. Pass paths or folders to run a subset: `npm test -- platform`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'dist', 'data', '.git', '.tmp', 'bench', 'peers']);

function collect(path, found) {
  if (statSync(path).isFile()) {
    if (path.endsWith('.test.ts')) found.push(path);
    return found;
  }
  for (const entry of readdirSync(path)) {
    if (!skip.has(entry)) collect(join(path, entry), found);
  }
  return found;
}

const targets = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('-'));
const files = (targets.length ? targets : ['.']).flatMap((target) => collect(join(root, target), [])).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...files.map((file) => relative(root, file))],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
