// SPDX-License-Identifier: Apache-2.0
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCycle, parseDate, parseDuration } from './iso8601.js';

const SECOND = 1_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it('reads the time and day units a timer is written with', () => {
    assert.equal(parseDuration('PT5S'), 5 * SECOND);
    assert.equal(parseDuration('PT1M30S'), 90 * SECOND);
    assert.equal(parseDuration('P1DT12H'), 36 * HOUR);
    assert.equal(parseDuration('P2W'), 14 * DAY);
    assert.equal(parseDuration('PT0S'), 0);
    assert.equal(parseDuration('pt10m'), 600 * SECOND);
  });

  it('accepts a fraction on the smallest unit only', () => {
    assert.equal(parseDuration('PT0.5S'), 500);
    assert.equal(parseDuration('PT1,5H'), 90 * 60 * SECOND);
    assert.throws(() => parseDuration('PT1.5H30M'), /only the smallest unit/);
  });

  it('adds years and months in the UTC calendar from the given instant, clamping the day', () => {
    const jan31 = Date.UTC(2024, 0, 31);
    assert.equal(parseDuration('P1M', jan31), Date.UTC(2024, 1, 29) - jan31);
    assert.equal(parseDuration('P1Y', Date.UTC(2023, 0, 1)), 365 * DAY);
  });

  it('rejects what is not an ISO 8601 duration, saying what was expected', () => {
    for (const text of ['', 'P', 'PT', 'P1DT', '5S', 'PT5X', '-PT5S', 'P1.5M']) {
      assert.throws(() => parseDuration(text), RangeError, text);
    }
    assert.throws(() => parseDuration('5 minutes'), /"5 minutes" is not an ISO 8601 duration such as PT30S/);
  });
});

describe('parseCycle', () => {
  it('reads a bounded and an unbounded repetition', () => {
    assert.deepEqual(parseCycle('R3/PT10S'), { repetitions: 3, intervalMs: 10 * SECOND });
    assert.deepEqual(parseCycle('R/PT1M'), { repetitions: -1, intervalMs: 60 * SECOND });
    assert.deepEqual(parseCycle('R-1/P1D'), { repetitions: -1, intervalMs: DAY });
  });

  it('reads a start instant between the count and the interval', () => {
    assert.deepEqual(parseCycle('R2/2025-01-01T09:00:00Z/P1D'), { repetitions: 2, intervalMs: DAY, start: Date.UTC(2025, 0, 1, 9) });
  });

  it('rejects cron, zero repetitions, empty and calendar intervals', () => {
    assert.throws(() => parseCycle('0 0 9 * * ?'), /not an ISO 8601 repeating interval.*cron is not supported/);
    assert.throws(() => parseCycle('R0/PT1S'), /R0 never fires/);
    assert.throws(() => parseCycle('R/PT0S'), /longer than zero/);
    assert.throws(() => parseCycle('R/P1M'), /fixed interval/);
    assert.throws(() => parseCycle('R3/PT1S/2025-01-01T00:00:00Z'), RangeError);
    assert.throws(() => parseCycle('PT10S'), RangeError);
  });
});

describe('parseDate', () => {
  it('reads UTC and offset date-times to epoch ms', () => {
    assert.equal(parseDate('2025-03-01T09:00:00Z'), Date.UTC(2025, 2, 1, 9));
    assert.equal(parseDate('2025-03-01T09:00:00+02:00'), Date.UTC(2025, 2, 1, 7));
    assert.equal(parseDate('2025-03-01T09:00:00-0530'), Date.UTC(2025, 2, 1, 14, 30));
    assert.equal(parseDate('2025-03-01T09:00:00.250Z'), Date.UTC(2025, 2, 1, 9, 0, 0, 250));
    assert.equal(parseDate('2025-03-01T09:00Z'), Date.UTC(2025, 2, 1, 9));
    assert.equal(parseDate('2025-03-01T09:00:00+01:00[Europe/Paris]'), Date.UTC(2025, 2, 1, 8));
  });

  it('keeps years before 100 as written', () => {
    assert.equal(new Date(parseDate('0050-01-01T00:00:00Z')).getUTCFullYear(), 50);
  });

  it('rejects a date-time without offset, and impossible dates', () => {
    assert.throws(() => parseDate('2025-03-01T09:00:00'), /with an offset/);
    assert.throws(() => parseDate('2025-03-01'), /with an offset/);
    for (const text of ['2025-02-29T00:00:00Z', '2025-13-01T00:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01T00:60:00Z']) {
      assert.throws(() => parseDate(text), /not a valid date-time/, text);
    }
    assert.equal(parseDate('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    assert.throws(() => parseDate('2025-01-01T00:00:00+19:00'), /-18:00 and \+18:00/);
  });
});
