// SPDX-License-Identifier: Apache-2.0
// ISO 8601 timer values as Zeebe reads them (timeDuration, timeDate, timeCycle): the compiler validates
// literal values at deploy, the runtime computes due dates with the same functions. All results are in ms.

const MS = { W: 7 * 86_400_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1_000 } as const;

// P[nY][nM][nW][nD][T[nH][nM][nS]]; designators are case-insensitive as in java.time, a decimal
// fraction (`.` or `,`) is allowed on the smallest unit written (ISO 8601-1 §5.5.2.4).
const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const DURATION = new RegExp(
  `^P(?!$)(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?!$)(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
  'i',
);
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)(?:\[[^\]]+\])?$/i;

/**
 * Milliseconds of an ISO 8601 duration (`PT5S`, `P1DT12H`, `PT0.5S`). Days are 24 h (Zeebe computes in UTC).
 * Years and months have no fixed length, so they are added in the UTC calendar to `from` (epoch ms, default now),
 * clamping the day as java.time does (31 January + P1M = 28 or 29 February).
 */
export function parseDuration(text: string, from: number = Date.now()): number {
  const match = DURATION.exec(text);
  if (!match) throw new RangeError(`"${text}" is not an ISO 8601 duration such as PT30S, PT5M or P1DT12H`);
  const parts = match.slice(1);
  const lastWritten = parts.findLastIndex((part) => part !== undefined);
  if (parts.some((part, index) => index < lastWritten && part !== undefined && /[.,]/.test(part))) {
    throw new RangeError(`"${text}": only the smallest unit of a duration may have a fraction`);
  }
  const [years, months, weeks, days, hours, minutes, seconds] = parts.map((part) => Number((part ?? '0').replace(',', '.')));
  if (!Number.isInteger(years) || !Number.isInteger(months)) {
    throw new RangeError(`"${text}": years and months must be whole numbers`);
  }
  const calendar = years || months ? addMonthsUtc(from, years! * 12 + months!) - from : 0;
  const ms = calendar + weeks! * MS.W + days! * MS.D + hours! * MS.H + minutes! * MS.M + seconds! * MS.S;
  if (!Number.isSafeInteger(Math.round(ms))) throw new RangeError(`"${text}" is too long a duration`);
  return Math.round(ms);
}

/** Adds whole months in the UTC calendar, keeping the day of month where it exists and clamping it otherwise. */
function addMonthsUtc(epochMs: number, months: number): number {
  const date = new Date(epochMs);
  const target = new Date(epochMs);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  target.setUTCFullYear(year, month, Math.min(date.getUTCDate(), daysInMonth(year, month + 1)));
  return target.getTime();
}

/** Days in `month` (1-12) of `year`: day 0 of the next month is the last day of this one. */
function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

export interface Cycle {
  /** How many times the timer fires; -1 for ever (`R/…` or `R-1/…`). */
  readonly repetitions: number;
  /** Time between two firings, in ms; always positive. */
  readonly intervalMs: number;
  /** Epoch ms of the first firing when the cycle names a start (`R3/2025-01-01T09:00:00Z/P1D`). */
  readonly start?: number;
}

/**
 * An ISO 8601 repeating interval as Zeebe accepts it: `R[n]/duration` or `R[n]/start/duration`.
 * Cron expressions, which Zeebe also accepts in timeCycle, are not supported and throw.
 */
export function parseCycle(text: string): Cycle {
  const parts = text.split('/');
  const count = /^R(-1|\d*)$/i.exec(parts[0] ?? '');
  if (!count || parts.length < 2 || parts.length > 3) {
    throw new RangeError(`"${text}" is not an ISO 8601 repeating interval such as R3/PT10S or R/PT1M (cron is not supported)`);
  }
  const repetitions = count[1] === '' || count[1] === '-1' ? -1 : Number(count[1]);
  if (repetitions === 0) throw new RangeError(`"${text}": R0 never fires; write R1 or more, or R for ever`);
  const duration = parts.at(-1)!;
  // A month or a year has no fixed length, so it cannot be the period of a cycle with a fixed interval.
  if (/^P[^T]*[YM]/i.test(duration)) {
    throw new RangeError(`"${text}": a cycle needs a fixed interval; write weeks, days or hours instead of years or months`);
  }
  const intervalMs = parseDuration(duration, 0);
  if (intervalMs <= 0) throw new RangeError(`"${text}": the interval of a cycle must be longer than zero`);
  return parts.length === 3 ? { repetitions, intervalMs, start: parseDate(parts[1]!) } : { repetitions, intervalMs };
}

/**
 * Epoch ms of an ISO 8601 date-time with an offset (`2025-03-01T09:00:00Z`, `2025-03-01T09:00:00+02:00`).
 * The offset is required because the engine has no local time zone. A zone id after the offset
 * (`+01:00[Europe/Paris]`) is accepted as java.time does; the offset alone fixes the instant.
 */
export function parseDate(text: string): number {
  const match = DATE_TIME.exec(text);
  if (!match) {
    throw new RangeError(`"${text}" is not an ISO 8601 date-time with an offset such as 2025-03-01T09:00:00Z or 2025-03-01T09:00:00+02:00`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? '0')) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`"${text}" is not a valid date-time`);
  }
  const offsetMinutes = parseOffset(match[8]!);
  if (offsetMinutes === undefined) throw new RangeError(`"${text}": the offset must be between -18:00 and +18:00`);
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number((match[7] ?? '').padEnd(3, '0').slice(0, 3)));
  return date.getTime() - offsetMinutes * 60_000;
}

/** Minutes east of UTC, or undefined when out of java.time's range (±18:00). */
function parseOffset(offset: string): number | undefined {
  if (offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  const total = hours * 60 + minutes;
  if (minutes > 59 || total > 18 * 60) return undefined;
  return offset.startsWith('-') ? -total : total;
}
