// SPDX-License-Identifier: Apache-2.0
// Clients registered by Lango itself rather than through dynamic registration: the sandbox's demo TPP, the
// DFSP's first-party channel app. They live in the same table as registered ones, so every process sees them.
import type { SqlDatabase } from '../../platform/store/index.js';
import { openSqlModelStore } from '../provider/adapters/sql/sql-adapter.js';

/** RFC 7591 client metadata, plus Lango's (`software_roles`, `lango_first_party`, ...). */
export type ClientMetadata = Record<string, unknown> & { client_id: string };

export interface ClientRegistry {
  /** Stores the client, replacing an earlier version; the authorisation server validates it when it loads it. */
  upsert(metadata: ClientMetadata): Promise<void>;
  /** The stored metadata, or undefined. */
  find(clientId: string): Promise<ClientMetadata | undefined>;
}

export async function openClientRegistry(database: SqlDatabase): Promise<ClientRegistry> {
  const clients = (await openSqlModelStore(database)).adapterFor('Client');
  return {
    upsert: (metadata) => clients.upsert(metadata.client_id, metadata, undefined),
    find: async (clientId) => (await clients.find(clientId)) as ClientMetadata | undefined,
  };
}
