// SPDX-License-Identifier: Apache-2.0
// Rewrites docs/errors.md from the error catalogue and the wire renderers (`npm run docs:errors`).
import { writeFileSync } from 'node:fs';
import { renderErrorTable } from '../platform/errors/index.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorTable());
console.log('docs/errors.md updated');
