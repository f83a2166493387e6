// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LangoError } from '../../../platform/errors/index.js';
import { createFaultTable, parseFault } from './faults.js';

describe('switch simulator faults', () => {
  it('applies a fault to the next `count` matching messages, then forgets it', () => {
    const faults = createFaultTable();
    faults.add(parseFault({ kind: 'drop-fulfil', count: 2 }));
    assert.equal(faults.take('reject-transfer'), undefined);
    assert.equal(faults.take('drop-fulfil')?.kind, 'drop-fulfil');
    assert.equal(faults.take('drop-fulfil')?.kind, 'drop-fulfil');
    assert.equal(faults.take('drop-fulfil'), undefined);
  });

  it('defaults count to 1 and refuses what it cannot apply, naming the field', () => {
    assert.deepEqual(parseFault({ kind: 'reject-transfer', errorCode: '4001' }), { kind: 'reject-transfer', errorCode: '4001', count: 1 });
    assert.deepEqual(parseFault({ kind: 'delay', ms: 50 }), { kind: 'delay', ms: 50, count: 1 });
    const pathOf = (body: unknown) => {
      try {
        parseFault(body);
        return 'accepted';
      } catch (error) {
        assert.ok(error instanceof LangoError);
        return error.path;
      }
    };
    assert.equal(pathOf({ kind: 'reject-transfer', errorCode: '9999' }), 'errorCode');
    assert.equal(pathOf({ kind: 'delay' }), 'ms');
    assert.equal(pathOf({ kind: 'drop-fulfil', count: 0 }), 'count');
    assert.equal(pathOf({ kind: 'reboot' }), 'kind');
    assert.equal(pathOf(null), 'kind');
  });
});
