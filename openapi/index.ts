// SPDX-License-Identifier: Apache-2.0
// The contracts Lango serves, loaded for openapi-backend and fastify route schemas. Each file is read and parsed
// once per process; every caller gets its own copy, because openapi-backend dereferences a definition in place.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Absolute path of Lango's Berlin Group NextGenPSD2 v1.3.12 contract (OpenAPI 3.0.3, YAML). */
export const BERLIN_GROUP_CONTRACT_PATH = fileURLToPath(new URL('./berlin-group/xs2a.yaml', import.meta.url));

let berlinGroupContract: object | undefined;

/** Lango's XS2A contract as a parsed OpenAPI object (a fresh copy per call, parsed once); throws when the file is missing or not YAML. */
export function loadBerlinGroupContract(): object {
  berlinGroupContract ??= parse(readFileSync(BERLIN_GROUP_CONTRACT_PATH, 'utf8')) as object;
  return structuredClone(berlinGroupContract);
}
