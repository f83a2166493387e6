// SPDX-License-Identifier: Apache-2.0
import type { ListenerConfig } from '../platform/config/index.js';

const WILDCARD_OR_LOOPBACK = new Set(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost']);

/** The base URL clients use: the configured one, else the bound address with `localhost` for local binds. */
export function listenerUrl(listener: ListenerConfig, boundPort: number): string {
  if (listener.url) return listener.url;
  const host = WILDCARD_OR_LOOPBACK.has(listener.host) ? 'localhost' : listener.host.includes(':') ? `[${listener.host}]` : listener.host;
  return `${listener.tls ? 'https' : 'http'}://${host}:${boundPort}`;
}
