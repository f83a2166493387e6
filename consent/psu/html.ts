// SPDX-License-Identifier: Apache-2.0
// HTML that cannot inject: every value interpolated into `html` is escaped unless it is itself SafeHtml
// made by `html`. There is no other way to produce SafeHtml, so no page renders anything unescaped.

import { escapeHtml } from '../../platform/http/index.js';

export { escapeHtml };

const brand = Symbol('SafeHtml');

export interface SafeHtml {
  readonly [brand]: true;
  readonly value: string;
}

const safe = (value: string): SafeHtml => ({ [brand]: true, value });

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && brand in value;
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (isSafe(value)) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are trusted markup, interpolations are escaped (arrays rendered item by item). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, index) => { out += render(value) + strings[index + 1]!; });
  return safe(out);
}

/** The page as a string, for the response body. */
export function toDocument(page: SafeHtml): string {
  return page.value;
}
