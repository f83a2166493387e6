// SPDX-License-Identifier: Apache-2.0
// Static checks across deploy/: every LANGO_* name in any file (README, Dockerfile, compose, chart) is an option of
// platform/config/schema.ts, so Lango would not refuse it.
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { describe, it } from 'node:test';
import { DEPLOY, ROOT, assertOption, filesUnder, langoNames } from './static-checks.js';

describe('deploy/ as a whole', () => {
  it('names only Lango options, in every file', () => {
    // The checks' own sources (deploy/*.ts) are not deployment files: they spell out LANGO_* names to test them.
    const isCheck = (path: string) => dirname(path) === DEPLOY && path.endsWith('.ts');
    for (const file of filesUnder(DEPLOY).filter((path) => !isCheck(path))) {
      for (const name of langoNames(readFileSync(file, 'utf8'))) assertOption(name, relative(ROOT, file));
    }
  });
});
