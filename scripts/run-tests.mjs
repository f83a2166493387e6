// SPDX-License-Identifier: Apache-2.0
// One test runner for the whole repo: node's own, with tsx for TypeScript. Node 20 does not expand globs
// itself, so the test files are listed here. Pass paths or folders to run a subset: `npm test -- platform`.
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'dist', 'data', '.git', '.tmp', 'bench', 'peers', 'interop']);

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

// PostgreSQL and Redis cases run against real servers. When the variables are unset the runner looks for
// the servers .ci/run starts (README: "Tests"); in CI a missing server is a failure, not a skip.
const SERVICES = [
  { env: 'LANGO_TEST_DATABASE_URL', url: 'postgres://lango:lango@127.0.0.1:5432/lango_test', port: 5432, name: 'PostgreSQL' },
  { env: 'LANGO_TEST_REDIS_URL', url: 'redis://127.0.0.1:6379', port: 6379, name: 'Redis' },
];
const reachable = (port) => new Promise((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port, timeout: 500 });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => { socket.destroy(); resolve(false); });
});
for (const service of SERVICES) {
  if (process.env[service.env]) continue;
  if (await reachable(service.port)) {
    process.env[service.env] = service.url;
  } else if (process.env.CI) {
    console.error(`${service.name} is not reachable on 127.0.0.1:${service.port} and ${service.env} is unset: run .ci/run`);
    process.exit(1);
  } else {
    console.error(`note: ${service.name} not reachable on 127.0.0.1:${service.port}; its cases are skipped (bash .ci/run starts it)`);
  }
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
