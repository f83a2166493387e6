// SPDX-License-Identifier: Apache-2.0
// A participant with a starter kit: unpacks the zip, runs its example as a separate process, answers its
// AUTHORIZE prompt with the callback URL a PSU step produced, and reads the BALANCE lines it prints.
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { tempDir } from './temp-dir.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The example's file name in the kit (tpp-sandbox/portal/starter-kit EXAMPLE_FILE). */
const EXAMPLE_FILE = 'consent-and-balances.ts';

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** `BALANCE <account> <amount> <currency> <type>` lines, split after BALANCE. */
  balances: string[][];
}

/** Unpacks the kit into a fresh directory whose node_modules is the repository's (no network in tests). */
export function unpackKit(zip: Uint8Array): string {
  const dir = tempDir('starter-kit');
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Runs the kit's example in `dir`; `onAuthorize` turns the printed authorisation URL into the callback URL. */
export function runExample(dir: string, onAuthorize: (url: URL) => Promise<URL>): Promise<ExampleRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', EXAMPLE_FILE], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let asked = false;
  const timer = setTimeout(() => child.kill(), 90_000);
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    const line = stdout.split('\n').find((candidate) => candidate.startsWith('AUTHORIZE '));
    if (line && !asked) {
      asked = true;
      onAuthorize(new URL(line.slice('AUTHORIZE '.length).trim())).then(
        (callback) => child.stdin.end(`${callback.href}\n`),
        (error: unknown) => { stderr += `\n[test] PSU step failed: ${String(error)}`; child.kill(); },
      );
    }
  });
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    const balances = stdout.split('\n').filter((line) => line.startsWith('BALANCE ')).map((line) => line.split(' ').slice(1));
    resolve({ code, stdout, stderr, balances });
  }));
}
