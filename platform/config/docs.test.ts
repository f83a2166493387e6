// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OPTIONS_TABLE_BEGIN, OPTIONS_TABLE_END, renderOptionsTable } from './docs.js';
import { OPTIONS } from './schema.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf(OPTIONS_TABLE_BEGIN), readme.indexOf(OPTIONS_TABLE_END) + OPTIONS_TABLE_END.length);

describe('README option table', () => {
  it('documents every option of the schema, each in its own row', () => {
    const documented = [...table.matchAll(/^\| `(LANGO_[A-Z0-9_]+)` \|/gm)].map((match) => match[1]);
    const missing = Object.values(OPTIONS).map((spec) => spec.env).filter((env) => !documented.includes(env));
    assert.deepEqual(missing, [], `README.md lacks ${missing.join(', ')}: run npm run docs:config`);
    assert.equal(documented.length, Object.keys(OPTIONS).length);
  });

  it('is exactly what the schema generates, so defaults and docs cannot drift', () => {
    assert.equal(table, renderOptionsTable(), 'README.md option table is stale: run npm run docs:config');
  });
});
