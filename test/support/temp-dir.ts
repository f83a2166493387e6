// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/** A new empty folder under the OS temp dir, removed when the test process exits. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lango-${label}-`));
  created.push(dir);
  return dir;
}

process.on('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});
