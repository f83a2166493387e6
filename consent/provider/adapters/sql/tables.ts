// SPDX-License-Identifier: Apache-2.0

/** Row shapes of the `oauth` migration context, for Kysely. */
export interface OAuthTables {
  oauth_models: {
    kind: string;
    id: string;
    payload: string;
    grant_id: string | null;
    uid: string | null;
    user_code: string | null;
    expires_at: number | null;
    consumed_at: number | null;
  };
  oauth_keys: {
    kid: string;
    purpose: string;
    alg: string;
    private_jwk: string;
    status: 'active' | 'retired';
    created_at: number;
    retired_at: number | null;
  };
}
