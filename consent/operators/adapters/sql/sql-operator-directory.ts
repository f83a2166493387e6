// SPDX-License-Identifier: Apache-2.0
import type { Kysely } from 'kysely';
import { hashSecret, verifySecret } from '../../../../platform/crypto/index.js';
import type { SqlDatabase } from '../../../../platform/store/index.js';
import { isTenantRoles, type NewOperator, type Operator, type OperatorDirectory } from '../../operator.js';
import { OPERATOR_MIGRATIONS } from './migrations.js';

interface OperatorRow {
  username: string;
  password_hash: string;
  roles: string;
  /** bigint: PostgreSQL's driver hands it back as a string. */
  created_at: number | string;
}

interface OperatorTables {
  operators: OperatorRow;
}

/** Compared against when the username is unknown, so both failures take as long (no hint which part was wrong). */
let dummyHash: Promise<string> | undefined;

function toOperator(row: OperatorRow): Operator {
  const roles = JSON.parse(row.roles) as unknown;
  return { username: row.username, roles: isTenantRoles(roles) ? roles : {}, createdAt: Number(row.created_at) };
}

/** Opens the operator directory on the shared database, bringing its table up to date. */
export async function openSqlOperatorDirectory(database: SqlDatabase, options: { now?: () => number } = {}): Promise<OperatorDirectory> {
  await database.migrate('operators', OPERATOR_MIGRATIONS);
  const db: Kysely<OperatorTables> = database.kysely<OperatorTables>();
  const now = options.now ?? Date.now;
  const find = async (username: string) => {
    const row = await db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
    return row && toOperator(row);
  };
  return {
    async add(operator: NewOperator) {
      if (!isTenantRoles(operator.roles)) throw new TypeError('roles must map tenant ids to viewer, operator or supervisor');
      const inserted = await db.insertInto('operators').values({
        username: operator.username,
        password_hash: await hashSecret(operator.password),
        roles: JSON.stringify(operator.roles),
        created_at: now(),
      }).onConflict((conflict) => conflict.column('username').doNothing()).executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    find,
    async verifyLogin(username, password) {
      const row = await db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
      dummyHash ??= hashSecret('not an operator password');
      const matches = await verifySecret(password, row?.password_hash ?? (await dummyHash));
      return row && matches ? toOperator(row) : undefined;
    },
  };
}
