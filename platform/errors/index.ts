// SPDX-License-Identifier: Apache-2.0
export * from './lango-error.js';
export * from './dialects/index.js';
export { renderErrorTable } from './error-table.js';
