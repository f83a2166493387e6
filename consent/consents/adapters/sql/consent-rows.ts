// SPDX-License-Identifier: Apache-2.0
import type { Consent, ConsentPermissions, ConsentScheme, ConsentStatus } from '../../consent.js';

/** One row per consent; times are epoch milliseconds. */
export interface ConsentsTable {
  id: string;
  tenant_id: string;
  scheme: string;
  client_id: string;
  psu_id: string | null;
  status: string;
  /** ConsentPermissions as JSON text. */
  permissions: string;
  /** 0 or 1: SQLite has no boolean, and better-sqlite3 binds none. */
  recurring: number;
  valid_until: number | null;
  frequency_per_day: number | null;
  grant_id: string | null;
  created_at: number;
  updated_at: number;
  status_changed_at: number;
  status_changed_by: string | null;
}

/** Accesses without the PSU present, per consent and UTC day (`YYYY-MM-DD`). */
export interface ConsentAccessCountsTable {
  consent_id: string;
  day: string;
  count: number;
}

export interface ConsentTables {
  consents: ConsentsTable;
  consent_access_counts: ConsentAccessCountsTable;
}

export function toRow(consent: Consent): ConsentsTable {
  return {
    id: consent.id,
    tenant_id: consent.tenantId,
    scheme: consent.scheme,
    client_id: consent.clientId,
    psu_id: consent.psuId ?? null,
    status: consent.status,
    permissions: JSON.stringify(consent.permissions),
    recurring: consent.recurringIndicator ? 1 : 0,
    valid_until: consent.validUntil ?? null,
    frequency_per_day: consent.frequencyPerDay ?? null,
    grant_id: consent.grantId ?? null,
    created_at: consent.createdAt,
    updated_at: consent.updatedAt,
    status_changed_at: consent.statusChangedAt,
    status_changed_by: consent.statusChangedBy ?? null,
  };
}

export function toConsent(row: ConsentsTable): Consent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    scheme: row.scheme as ConsentScheme,
    clientId: row.client_id,
    psuId: row.psu_id ?? undefined,
    status: row.status as ConsentStatus,
    permissions: JSON.parse(row.permissions) as ConsentPermissions,
    recurringIndicator: row.recurring === 1,
    validUntil: row.valid_until ?? undefined,
    frequencyPerDay: row.frequency_per_day ?? undefined,
    grantId: row.grant_id ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    statusChangedAt: row.status_changed_at,
    statusChangedBy: (row.status_changed_by ?? undefined) as Consent['statusChangedBy'],
  };
}

/** The UTC calendar day of an epoch-ms instant, `YYYY-MM-DD`. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}
