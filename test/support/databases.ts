// SPDX-License-Identifier: Apache-2.0
// Lets one contract suite run against every store adapter: SQLite always, PostgreSQL when
// LANGO_TEST_DATABASE_URL is set (CI sets it; locally the PostgreSQL cases are reported as skipped).
import { randomBytes } from 'node:crypto';
import { openDatabase, type SqlDatabase } from '../../platform/store/index.js';
import { tempDir } from './temp-dir.js';

export interface TestDatabaseTarget {
  name: 'sqlite' | 'postgres';
  /** Why the target cannot run here, or undefined when it can. */
  skip: string | undefined;
  /** Opens an empty database: a new SQLite file, or a new PostgreSQL schema. Reopen with the returned location. */
  open(location?: TestDatabaseLocation): Promise<{ database: SqlDatabase; location: TestDatabaseLocation }>;
}

export interface TestDatabaseLocation {
  dataDir: string;
  schema: string;
}

export const postgresUrl = process.env.LANGO_TEST_DATABASE_URL;

export const testDatabaseTargets: TestDatabaseTarget[] = [
  {
    name: 'sqlite',
    skip: undefined,
    async open(location) {
      const where = location ?? { dataDir: tempDir('store'), schema: 'main' };
      return { database: await openDatabase({ dataDir: where.dataDir }), location: where };
    },
  },
  {
    name: 'postgres',
    skip: postgresUrl ? undefined : 'LANGO_TEST_DATABASE_URL is not set',
    async open(location) {
      const where = location ?? { dataDir: tempDir('store'), schema: `t_${randomBytes(6).toString('hex')}` };
      return { database: await openDatabase({ dataDir: where.dataDir, url: postgresUrl, schema: where.schema }), location: where };
    },
  },
];
