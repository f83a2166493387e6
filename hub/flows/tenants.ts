// SPDX-License-Identifier: Apache-2.0
import { NotFoundError } from '../../platform/errors/index.js';

/** A DFSP this deployment serves: its own FSP id at the switch, its AMS tenant, its currency. */
export interface HubTenant {
  tenantId: string;
  fspId: string;
  name: string;
  currency: string;
}

/** The tenants of this deployment, by tenant id and by FSP id. */
export class Tenants {
  readonly #byId = new Map<string, HubTenant>();
  readonly #byFsp = new Map<string, HubTenant>();

  constructor(tenants: readonly HubTenant[]) {
    for (const tenant of tenants) {
      this.#byId.set(tenant.tenantId, tenant);
      this.#byFsp.set(tenant.fspId, tenant);
    }
  }

  get all(): HubTenant[] {
    return [...this.#byId.values()];
  }

  /** The tenant; NotFoundError for one this deployment does not serve. */
  byId(tenantId: string): HubTenant {
    const tenant = this.#byId.get(tenantId);
    if (!tenant) throw new NotFoundError(`unknown tenant ${tenantId}`, { path: 'Platform-TenantId' });
    return tenant;
  }

  find(tenantId: string): HubTenant | undefined {
    return this.#byId.get(tenantId);
  }

  /** The tenant with this FSP id, or undefined. */
  byFsp(fspId: string | undefined): HubTenant | undefined {
    return fspId === undefined ? undefined : this.#byFsp.get(fspId);
  }
}
