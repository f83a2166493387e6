// SPDX-License-Identifier: Apache-2.0
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LangoError } from '../../../platform/errors/index.js';
import { executionDate, scheduleOf, type Schedule } from './schedule.js';

const dates = (schedule: Schedule, count: number) => Array.from({ length: count }, (_, n) => executionDate(schedule, n));

describe('standing order schedule', () => {
  it('steps by days for daily and weekly orders, and stops after endDate', () => {
    assert.deepEqual(dates({ startDate: '2026-12-07', endDate: '2026-12-09', frequency: 'Daily' }, 4), ['2026-12-07', '2026-12-08', '2026-12-09', undefined]);
    assert.deepEqual(dates({ startDate: '2026-12-07', frequency: 'Weekly' }, 3), ['2026-12-07', '2026-12-14', '2026-12-21']);
  });

  it('keeps the day of the month, or the last day of a shorter month', () => {
    assert.deepEqual(dates({ startDate: '2027-01-31', frequency: 'Monthly' }, 4), ['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    assert.deepEqual(dates({ startDate: '2026-12-20', frequency: 'Quarterly', dayOfExecution: 5 }, 2), ['2027-03-05', '2027-06-05'], 'a day before startDate\'s starts next period');
  });

  it('moves weekend days by the execution rule', () => {
    // 2026-12-12 is a Saturday.
    assert.equal(executionDate({ startDate: '2026-12-12', frequency: 'Monthly', executionRule: 'following' }, 0), '2026-12-14');
    assert.equal(executionDate({ startDate: '2026-12-05', frequency: 'Weekly', executionRule: 'preceding' }, 1), '2026-12-11');
    // Scheduled within the period, executed on the next business day after it.
    assert.equal(executionDate({ startDate: '2026-12-13', endDate: '2026-12-13', frequency: 'Daily', executionRule: 'following' }, 0), '2026-12-14');
  });

  it('refuses a start in the past, an end before the start and an unknown frequency', () => {
    const code = (body: Record<string, unknown>) => {
      try {
        scheduleOf(body, '2026-12-06');
        return 'none';
      } catch (error) {
        return (error as LangoError).details?.berlinGroupCode;
      }
    };
    assert.equal(code({ startDate: '2026-12-01', frequency: 'Daily' }), 'EXECUTION_DATE_INVALID');
    assert.equal(code({ startDate: '2026-12-08', endDate: '2026-12-07', frequency: 'Daily' }), 'FORMAT_ERROR');
    assert.equal(code({ startDate: '2026-12-08', frequency: 'Hourly' }), 'FORMAT_ERROR');
    assert.equal(code({ startDate: '2026-12-08', frequency: 'Monthly', dayOfExecution: '31' }), 'none');
  });
});
