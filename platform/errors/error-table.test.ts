// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderErrorTable } from './error-table.js';
import { ERROR_CODES } from './lango-error.js';

describe('docs/errors.md', () => {
  it('lists every error code with its wire codes exactly as the renderers produce them', () => {
    const document = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    assert.equal(document, renderErrorTable(), 'docs/errors.md is stale: run npm run docs:errors');
    for (const code of Object.keys(ERROR_CODES)) assert.ok(document.includes(`| \`${code}\` |`), code);
  });
});
