// SPDX-License-Identifier: Apache-2.0
import type { ListenerName } from '../platform/config/index.js';

/** The few lines a person at a terminal needs after `npm start`; machines read the JSON log instead. */
export function startBanner(urls: Partial<Record<ListenerName, string>>): string {
  const width = Math.max(...Object.keys(urls).map((name) => name.length));
  const lines = Object.entries(urls).map(([name, url]) => `  ${name.padEnd(width)}  ${url}`);
  const manifest = urls.public ? [``, `  Start here: ${urls.public}/sandbox/manifest.json`] : [];
  return ['', 'Lango is running:', ...lines, ...manifest, '  Stop with Ctrl-C.', ''].join('\n') + '\n';
}
