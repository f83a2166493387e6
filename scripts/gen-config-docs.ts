// SPDX-License-Identifier: Apache-2.0
// Rewrites README's option table from the configuration schema (`npm run docs:config`).
import { readFileSync, writeFileSync } from 'node:fs';
import { OPTIONS_TABLE_BEGIN, OPTIONS_TABLE_END, renderOptionsTable } from '../platform/config/index.js';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const start = readme.indexOf(OPTIONS_TABLE_BEGIN);
const end = readme.indexOf(OPTIONS_TABLE_END);
if (start < 0 || end < start) throw new Error('README.md lacks the options markers');
writeFileSync(path, readme.slice(0, start) + renderOptionsTable() + readme.slice(end + OPTIONS_TABLE_END.length));
console.log('README.md option table updated');
