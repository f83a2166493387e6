// SPDX-License-Identifier: Apache-2.0
// The team sandbox as the portal uses it, on SQLite and PostgreSQL, with the real Fineract simulator reached over
// its admin API: a team's PSUs are its own, logins are kept to its clients, reset restores only its balances.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SqlDatabase } from '../../../platform/store/index.js';
import { testDatabaseTargets } from '../../../test/support/databases.js';
import { openSqlSandboxDirectory } from '../../adapters/sql/sql-sandbox-directory.js';
import { buildManifest } from '../../manifest.js';
import { SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION } from '../../sandbox-data.js';
import type { SandboxDirectory } from '../../sandbox-directory.js';
import { openFineractSimulator, sandboxFineractAccounts } from '../../simulators/fineract/index.js';
import { openTeamSandbox, type NewTeamPsu, type TeamSandbox, type TeamSandboxErrorReason } from './index.js';

const TEAM_A = 'PSDTZ-BOT-TEAMA1';
const TEAM_B = 'PSDTZ-BOT-TEAMB1';
const AUTH = `Basic ${Buffer.from('mifos:password').toString('base64')}`;
const AMINA: NewTeamPsu = { tenantId: 'lion', username: 'amina', fullName: 'Amina Test', openingBalance: '250000' };
// John Smith's Buffalo household account, seeded: reset of a team must never touch it.
const SEEDED = SANDBOX_PSUS[0]!.accounts[0]!;

interface Harness {
  database: SqlDatabase;
  server: FastifyInstance;
  origin: string;
  directory: SandboxDirectory;
  team: TeamSandbox;
}

async function start(database: SqlDatabase): Promise<Harness> {
  const directory = await openSqlSandboxDirectory(database);
  await directory.seed(SANDBOX_BANKS, SANDBOX_PSUS, SANDBOX_SEED_VERSION);
  const fineract = await openFineractSimulator(database);
  await fineract.seed(sandboxFineractAccounts());
  const server = Fastify();
  await server.register(fineract.routes);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { database, server, origin, directory, team: await openTeamSandbox(database, { simulatorsUrl: origin }) };
}

/** What a client of Fineract's interoperation API reads: the ledger balance and the booked transactions. */
async function fineract(origin: string, tenantId: string, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${origin}/fineract/fineract-provider/api/v1/interoperation/${path}`, { headers: { authorization: AUTH, 'fineract-platform-tenantid': tenantId } });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return await response.json() as Record<string, unknown>;
}

const balanceOf = async (origin: string, tenantId: string, accountId: string) => (await fineract(origin, tenantId, `accounts/${accountId}`)).accountBalance;
const historyOf = async (origin: string, tenantId: string, accountId: string) =>
  ((await fineract(origin, tenantId, `accounts/${accountId}/transactions?debit=true&credit=true`)).transactions as { transactionType: string; amount: string }[])
    .map((entry) => `${entry.transactionType} ${entry.amount}`);

/** A payment out of the account, booked through Fineract's interoperation API as the hub books one. */
async function withdraw(origin: string, tenantId: string, accountId: string, amount: string, code: string): Promise<void> {
  const response = await fetch(`${origin}/fineract/fineract-provider/api/v1/interoperation/transfers?action=CREATE`, {
    method: 'POST',
    headers: { authorization: AUTH, 'fineract-platform-tenantid': tenantId, 'content-type': 'application/json' },
    body: JSON.stringify({ transactionCode: code, transferCode: code, transactionRole: 'PAYER', accountId, amount: { amount, currency: 'TZS' } }),
  });
  assert.equal(response.status, 200, await response.text());
}

async function reasonOf(work: Promise<unknown>): Promise<TeamSandboxErrorReason | undefined> {
  try {
    await work;
  } catch (error) {
    return (error as { reason?: TeamSandboxErrorReason }).reason;
  }
  return undefined;
}

for (const target of testDatabaseTargets) {
  describe(`team sandbox on ${target.name}`, { skip: target.skip }, () => {
    let harness: Harness;

    before(async () => {
      harness = await start((await target.open()).database);
    });

    after(async () => {
      await harness.server.close();
      await harness.database.close();
    });

    it('creates a team PSU with a namespaced username, a one-time password stored as a hash, and its balance at the bank', async () => {
      const { team, directory, origin, database } = harness;
      const created = await team.createPsu(TEAM_A, { ...AMINA, product: 'Savings' });
      const { psu } = created;
      assert.match(psu.username, /^amina\.teama1-[0-9a-f]{6}$/);
      assert.equal(psu.id, `lion:${psu.username}`);
      assert.equal(psu.bankName, 'Lion Bank');
      assert.equal(psu.ownerOrganisationId, TEAM_A);
      assert.equal(psu.accounts.length, 1);
      const [account] = psu.accounts;
      assert.deepEqual({ product: account!.product, name: account!.name, currency: account!.currency, openingBalance: account!.openingBalance },
        { product: 'Savings', name: 'Savings', currency: 'TZS', openingBalance: '250000.00' });
      assert.match(account!.number, /^029\d{7}$/);
      assert.equal(await balanceOf(origin, 'lion', account!.externalId), '250000.00');
      assert.equal(created.password.length, 16);

      const hash = await database.kysely<{ sandbox_psus: { id: string; password_hash: string } }>().selectFrom('sandbox_psus').select('password_hash').where('id', '=', psu.id).executeTakeFirstOrThrow();
      assert.ok(hash.password_hash.startsWith('scrypt$') && !hash.password_hash.includes(created.password));

      // The PSU logs in for its own team's clients only; for anyone else it is a wrong password.
      assert.equal((await directory.verifyPsuLogin('lion', psu.username, created.password, { clientOrganisationId: TEAM_A }))?.id, psu.id);
      assert.equal(await directory.verifyPsuLogin('lion', psu.username, created.password, { clientOrganisationId: TEAM_B }), undefined);
      assert.equal(await directory.verifyPsuLogin('lion', psu.username, created.password), undefined);
      assert.equal(await directory.verifyPsuLogin('lion', psu.username, 'not-the-password', { clientOrganisationId: TEAM_A }), undefined);
      // Seeded PSUs stay open to every client.
      assert.equal((await directory.verifyPsuLogin('buffalo', 'john.smith', 'buffalo-pass-1', { clientOrganisationId: TEAM_B }))?.id, 'buffalo:john.smith');
      // The account is in the directory, where the gateway and the consent pages read accounts.
      assert.deepEqual((await directory.accounts(psu.id)).map((item) => item.externalId), [account!.externalId]);
    });

    it('lists each team its own PSUs only, and two teams may pick the same name at the same bank', async () => {
      const { team } = harness;
      const before = (await team.listPsus(TEAM_A)).length;
      const b = await team.createPsu(TEAM_B, { ...AMINA, openingBalance: '1000.50' });
      const c = await team.createPsu(TEAM_A, { tenantId: 'rhino', username: 'baraka.test', fullName: 'Baraka Test', openingBalance: '0' });
      const listedA = await team.listPsus(TEAM_A, { balances: true });
      const listedB = await team.listPsus(TEAM_B, { balances: true });
      assert.equal(listedA.length, before + 1);
      assert.ok(listedA.every((psu) => psu.ownerOrganisationId === TEAM_A));
      assert.ok(listedA.some((psu) => psu.id === c.psu.id) && !listedA.some((psu) => psu.id === b.psu.id));
      assert.deepEqual(listedB.map((psu) => [psu.id, psu.accounts[0]?.balance]), [[b.psu.id, '1000.50']]);
      assert.equal(listedA.find((psu) => psu.id === c.psu.id)?.accounts[0]?.balance, '0.00');
      assert.deepEqual(await team.listPsus('PSDTZ-BOT-NOBODY'), []);
    });

    it('refuses bad input with a reason, and a username the team already has at that bank', async () => {
      const { team } = harness;
      const cases: [Partial<NewTeamPsu>, TeamSandboxErrorReason][] = [
        [{ username: 'Amina' }, 'USERNAME_INVALID'],
        [{ username: 'amina.' }, 'USERNAME_INVALID'],
        [{ username: 'a b' }, 'USERNAME_INVALID'],
        [{ username: 'a'.repeat(33) }, 'USERNAME_INVALID'],
        [{ fullName: '  ' }, 'FULL_NAME_INVALID'],
        [{ tenantId: 'zebra' }, 'BANK_UNKNOWN'],
        [{ openingBalance: '-5' }, 'AMOUNT_INVALID'],
        [{ openingBalance: '1.001' }, 'AMOUNT_INVALID'],
        [{ openingBalance: '1e6' }, 'AMOUNT_INVALID'],
        [{ openingBalance: 1500 as unknown as string }, 'AMOUNT_INVALID'],
        [{ openingBalance: '1000000000000' }, 'AMOUNT_INVALID'],
        [{ product: 'Loan' as 'Current' }, 'PRODUCT_INVALID'],
        [{ accountName: '' }, 'ACCOUNT_NAME_INVALID'],
      ];
      for (const [change, reason] of cases) {
        assert.equal(await reasonOf(team.createPsu(TEAM_A, { ...AMINA, username: 'fresh', ...change })), reason, JSON.stringify(change));
      }
      assert.equal(await reasonOf(team.createPsu('', AMINA)), 'ORGANISATION_INVALID');
      assert.equal(await reasonOf(team.createPsu(TEAM_A, AMINA)), 'USERNAME_TAKEN');
      assert.ok(!(await team.listPsus(TEAM_A)).some((psu) => psu.username.startsWith('fresh.')), 'a refused request creates nothing');
    });

    it('resets the team\'s balances and history after a payment, leaving other teams and the seeded PSUs as they are', async () => {
      const { team, origin } = harness;
      const a = await team.createPsu(TEAM_A, { tenantId: 'elephant', username: 'reset.me', fullName: 'Reset Me', openingBalance: '50000.00' });
      const b = await team.createPsu(TEAM_B, { tenantId: 'elephant', username: 'keep.me', fullName: 'Keep Me', openingBalance: '50000.00' });
      const [mine, theirs] = [a.psu.accounts[0]!.externalId, b.psu.accounts[0]!.externalId];
      await withdraw(origin, 'elephant', mine, '1200', 'reset-a-1');
      await withdraw(origin, 'elephant', theirs, '700', 'reset-b-1');
      await withdraw(origin, 'buffalo', SEEDED.externalId, '300', 'reset-seed-1');
      const [theirsBefore, seededBefore] = [await balanceOf(origin, 'elephant', theirs), await balanceOf(origin, 'buffalo', SEEDED.externalId)];
      assert.notEqual(await balanceOf(origin, 'elephant', mine), '50000.00');
      const seededHistory = await historyOf(origin, 'buffalo', SEEDED.externalId);

      const outcome = await team.reset(TEAM_A);
      assert.ok(outcome.restored.some((entry) => entry.psuId === a.psu.id && entry.openingBalance === '50000.00'));
      assert.ok(outcome.restored.every((entry) => entry.psuId !== b.psu.id && !entry.psuId.startsWith('buffalo:john')));
      assert.equal(await balanceOf(origin, 'elephant', mine), '50000.00');
      assert.deepEqual(await historyOf(origin, 'elephant', mine), ['DEPOSIT 50000.00']);
      assert.equal(await balanceOf(origin, 'elephant', theirs), theirsBefore);
      assert.notEqual(theirsBefore, '50000.00');
      assert.equal(await balanceOf(origin, 'buffalo', SEEDED.externalId), seededBefore);
      assert.deepEqual(await historyOf(origin, 'buffalo', SEEDED.externalId), seededHistory);
      // The same payment codes book again after a reset: nothing of the old transfer is left to replay.
      await withdraw(origin, 'elephant', mine, '1200', 'reset-a-1');
      assert.notEqual(await balanceOf(origin, 'elephant', mine), '50000.00');
    });

    it('deletes a team PSU and closes its account, and will not delete another team\'s or a seeded one', async () => {
      const { team, directory, origin } = harness;
      const gone = await team.createPsu(TEAM_A, { tenantId: 'leopard', username: 'gone', fullName: 'Gone Soon', openingBalance: '10' });
      assert.equal(await reasonOf(team.deletePsu(TEAM_B, gone.psu.id)), 'TEAM_PSU_UNKNOWN');
      assert.equal(await reasonOf(team.deletePsu(TEAM_A, 'buffalo:john.smith')), 'TEAM_PSU_UNKNOWN');
      await team.deletePsu(TEAM_A, gone.psu.id);
      assert.ok(!(await team.listPsus(TEAM_A)).some((psu) => psu.id === gone.psu.id));
      assert.equal(await directory.verifyPsuLogin('leopard', gone.psu.username, gone.password, { clientOrganisationId: TEAM_A }), undefined);
      const account = await fineract(origin, 'leopard', `accounts/${gone.psu.accounts[0]!.externalId}`);
      assert.equal((account.status as { closed: boolean }).closed, true);
      assert.ok(await directory.verifyPsuLogin('buffalo', 'john.smith', 'buffalo-pass-1'));
    });

    it('keeps team PSUs, their accounts and balances out of the published manifest', async () => {
      const { team, directory } = harness;
      const created = await team.createPsu(TEAM_A, { tenantId: 'buffalo', username: 'hidden', fullName: 'Hidden Person', openingBalance: '5' });
      const manifest = await buildManifest(directory, {});
      const text = JSON.stringify(manifest);
      assert.ok(!text.includes(created.psu.username) && !text.includes(created.psu.accounts[0]!.externalId) && !text.includes('Hidden Person'));
      assert.equal(manifest.psus.length, SANDBOX_PSUS.length);
      assert.deepEqual(manifest.banks.find((bank) => bank.tenantId === 'buffalo')?.psus, ['john.smith']);
      assert.equal(manifest.msisdns.length, 5);
    });
  });
}
