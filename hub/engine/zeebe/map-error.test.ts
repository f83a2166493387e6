// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LangoError, NotFoundError, renderError } from '../../../platform/errors/index.js';
import { fromGrpcError, GRPC_STATUS } from './map-error.js';

/** What @grpc/grpc-js rejects with: `message` is "<code> <NAME>: <details>". */
function grpcError(code: keyof typeof GRPC_STATUS, details: string): Error & { code: number; details: string } {
  return Object.assign(new Error(`${code} ${GRPC_STATUS[code]}: ${details}`), { code, details });
}

const UNREACHABLE = grpcError(14, 'No connection established. Last error: connect ECONNREFUSED 10.0.0.7:26500');

describe('fromGrpcError', () => {
  it('gives an invalid BPMN file VALIDATION_FAILED with the broker\'s reason, which names the element', () => {
    const reason = "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n'payer.bpmn': - Element: Task_1\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element";
    const error = fromGrpcError('deploy', grpcError(3, reason));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.status, 400);
    assert.equal(error.message, reason);
    assert.deepEqual(renderError('problem', error).body, {
      type: 'urn:lango:problem:validation-failed', title: 'The request is not valid', status: 400, detail: reason, code: 'VALIDATION_FAILED',
    });
  });

  it('gives an unknown key NOT_FOUND with the broker\'s reason, which names the key', () => {
    const reason = "Command 'CANCEL' rejected with code 'NOT_FOUND': Expected to cancel a process instance with key '2251799813685249', but no such process was found";
    const error = fromGrpcError('cancelInstance', grpcError(5, reason));
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.status, 404);
    assert.match(error.message, /2251799813685249/);
  });

  it('gives an unreachable gateway UNAVAILABLE and keeps its address out of what a caller reads', () => {
    const error = fromGrpcError('createInstance', UNREACHABLE);
    assert.equal(error.code, 'UNAVAILABLE');
    assert.equal(error.status, 503);
    assert.equal(error.message, 'Zeebe createInstance failed: the Zeebe gateway is unreachable or overloaded (UNAVAILABLE)');
    assert.equal(error.cause, UNREACHABLE, 'the details stay in the cause, for the log');
    assert.doesNotMatch(JSON.stringify(renderError('problem', error).body), /10\.0\.0\.7/);
  });

  it('maps every gateway status to one Lango code', () => {
    const expected: Record<keyof typeof GRPC_STATUS, string> = {
      0: 'UPSTREAM_FAILED', 1: 'UPSTREAM_FAILED', 2: 'UPSTREAM_FAILED', 3: 'VALIDATION_FAILED', 4: 'UPSTREAM_TIMEOUT',
      5: 'NOT_FOUND', 6: 'CONFLICT', 7: 'UPSTREAM_FAILED', 8: 'UNAVAILABLE', 9: 'CONFLICT', 10: 'UPSTREAM_FAILED',
      11: 'VALIDATION_FAILED', 12: 'UPSTREAM_FAILED', 13: 'UPSTREAM_FAILED', 14: 'UNAVAILABLE', 15: 'UPSTREAM_FAILED',
      16: 'UPSTREAM_FAILED',
    };
    const actual = Object.fromEntries(Object.keys(GRPC_STATUS).map((code) => [code, fromGrpcError('x', grpcError(Number(code) as keyof typeof GRPC_STATUS, 'why')).code]));
    assert.deepEqual(actual, expected);
  });

  it('treats a message id still buffered (ALREADY_EXISTS) as a CONFLICT naming the message', () => {
    const reason = "Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id 'tx-1', but a message with that id was already published";
    const error = fromGrpcError('publishMessage', grpcError(6, reason));
    assert.equal(error.code, 'CONFLICT');
    assert.equal(error.message, reason);
  });

  it('says which gRPC status it was when Lango\'s credentials are refused, without exposing the reason', () => {
    const error = fromGrpcError('deploy', grpcError(16, 'token expired for client lango-prod'));
    assert.equal(error.code, 'UPSTREAM_FAILED');
    assert.equal(error.message, 'Zeebe deploy failed: the Zeebe gateway refused the call (UNAUTHENTICATED)');
    assert.deepEqual(error.details, { grpcStatus: 'UNAUTHENTICATED' });
  });

  it('passes Lango errors through and makes anything else INTERNAL, which callers never read', () => {
    const own = new NotFoundError('no such job');
    assert.equal(fromGrpcError('x', own), own);
    const local = fromGrpcError('setVariables', new Error('Unable to parse Array into variables'));
    assert.ok(local instanceof LangoError);
    assert.equal(local.code, 'INTERNAL');
    assert.equal(renderError('problem', local).status, 500);
    assert.equal((renderError('problem', local).body as { detail: string }).detail, 'Internal error');
  });
});
