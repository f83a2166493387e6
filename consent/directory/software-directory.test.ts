// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { testDatabaseTargets } from '../../test/support/databases.js';
import { openSqlKeyStore } from '../provider/keys/key-store.js';
import { SANDBOX_DIRECTORY_ISSUER, SoftwareStatementRejected, openSoftwareDirectory } from './software-directory.js';

const sqlite = testDatabaseTargets.find((target) => target.name === 'sqlite')!;

describe('the sandbox directory', () => {
  it('signs software statements with a key it keeps, and verifies them after a restart', async () => {
    const { database, location } = await sqlite.open();
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwks = { keys: [await exportJWK(publicKey)] };
    const directory = await openSoftwareDirectory(await openSqlKeyStore(database));
    const statement = await directory.issueSoftwareStatement({ softwareId: 's1', orgId: 'o1', orgName: 'Org One', roles: ['PIS', 'PISP'], redirectUris: ['https://one.example/cb'], jwks });
    assert.equal(decodeProtectedHeader(statement).alg, 'ES256');
    await database.close();

    const reopened = await sqlite.open(location);
    const again = await openSoftwareDirectory(await openSqlKeyStore(reopened.database));
    const claims = await again.verifySoftwareStatement(statement);
    assert.deepEqual(claims.software_roles, ['PIS', 'PISP']);
    assert.equal(claims.client_name, 'Org One');
    assert.deepEqual(claims.jwks, jwks);
    await reopened.database.close();
  });

  it('rejects statements that are expired, not JWTs, or signed by someone else, and never signs private keys', async () => {
    const { database } = await sqlite.open();
    const directory = await openSoftwareDirectory(await openSqlKeyStore(database));
    const jwks = { keys: [await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)] };
    const request = { softwareId: 's', orgId: 'o', orgName: 'O', roles: ['AIS' as const], redirectUris: [], jwks };
    await assert.rejects(directory.verifySoftwareStatement(await directory.issueSoftwareStatement({ ...request, expiresInSeconds: -1 })), /expired/);
    const { kid } = decodeProtectedHeader(await directory.issueSoftwareStatement(request));
    const other = await generateKeyPair('ES256', { extractable: true });
    const forge = () => new SignJWT({ software_id: 's', org_id: 'o', org_name: 'O', software_roles: ['AIS'], redirect_uris: [], jwks })
      .setProtectedHeader({ alg: 'ES256', kid: kid! }).setIssuer(SANDBOX_DIRECTORY_ISSUER).setIssuedAt().setExpirationTime('1h').sign(other.privateKey);
    await assert.rejects(directory.verifySoftwareStatement(await forge()), SoftwareStatementRejected);
    await assert.rejects(directory.verifySoftwareStatement('not-a-jwt'), SoftwareStatementRejected);
    await assert.rejects(directory.issueSoftwareStatement({ ...request, jwks: { keys: [await exportJWK(other.privateKey)] } }), /public keys only/);
    await database.close();
  });
});
