// SPDX-License-Identifier: Apache-2.0
// The execution dates of a standing order (NextGenPSD2 periodic payments, §5.3.2): from startDate, every
// frequency, on dayOfExecution for the monthly kinds, moved off weekends by executionRule, until endDate.
// Dates are UTC calendar days; a payment executes at the start of its day.
import { berlinGroupError } from '../../../platform/errors/index.js';

export const FREQUENCIES = {
  Daily: { days: 1 },
  Weekly: { days: 7 },
  EveryTwoWeeks: { days: 14 },
  Monthly: { months: 1 },
  MonthlyVariable: { months: 1 },
  EveryTwoMonths: { months: 2 },
  Quarterly: { months: 3 },
  SemiAnnual: { months: 6 },
  Annual: { months: 12 },
} as const satisfies Record<string, { days: number } | { months: number }>;

export type Frequency = keyof typeof FREQUENCIES;

export interface Schedule {
  /** YYYY-MM-DD */
  startDate: string;
  endDate?: string | undefined;
  frequency: Frequency;
  /** Day of the month (1–31) for the monthly kinds; a shorter month executes on its last day. */
  dayOfExecution?: number | undefined;
  executionRule?: 'following' | 'preceding' | undefined;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const epochOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOf = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/** The schedule of a periodic payment body; FORMAT_ERROR or EXECUTION_DATE_INVALID otherwise. */
export function scheduleOf(body: Record<string, unknown>, today: string): Schedule {
  const { startDate, endDate, frequency, dayOfExecution, executionRule } = body;
  if (typeof startDate !== 'string' || !DATE.test(startDate) || Number.isNaN(epochOf(startDate))) throw berlinGroupError('FORMAT_ERROR', 'startDate must be a date (YYYY-MM-DD)', { path: 'startDate' });
  if (startDate < today) throw berlinGroupError('EXECUTION_DATE_INVALID', 'startDate lies in the past', { path: 'startDate' });
  if (endDate !== undefined && (typeof endDate !== 'string' || !DATE.test(endDate) || endDate < startDate)) throw berlinGroupError('FORMAT_ERROR', 'endDate must be a date on or after startDate', { path: 'endDate' });
  if (typeof frequency !== 'string' || !Object.hasOwn(FREQUENCIES, frequency)) throw berlinGroupError('FORMAT_ERROR', `frequency must be one of ${Object.keys(FREQUENCIES).join(', ')}`, { path: 'frequency' });
  const day = dayOfExecution === undefined ? undefined : Number(dayOfExecution);
  if (day !== undefined && !(Number.isInteger(day) && day >= 1 && day <= 31)) throw berlinGroupError('FORMAT_ERROR', 'dayOfExecution must be a day of the month, 1 to 31', { path: 'dayOfExecution' });
  if (executionRule !== undefined && executionRule !== 'following' && executionRule !== 'preceding') throw berlinGroupError('FORMAT_ERROR', 'executionRule is following or preceding', { path: 'executionRule' });
  return { startDate, ...(endDate !== undefined && { endDate: endDate as string }), frequency: frequency as Frequency, ...(day !== undefined && { dayOfExecution: day }), ...(executionRule !== undefined && { executionRule: executionRule as 'following' | 'preceding' }) };
}

/** The n-th scheduled day (n from 0), before the weekend rule. */
function nominal(schedule: Schedule, n: number): number {
  const start = epochOf(schedule.startDate);
  const step = FREQUENCIES[schedule.frequency];
  if ('days' in step) return start + n * step.days * DAY_MS;
  const first = new Date(start);
  const month = first.getUTCMonth() + n * step.months;
  const year = first.getUTCFullYear() + Math.floor(month / 12);
  const monthOfYear = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, monthOfYear + 1, 0)).getUTCDate();
  const wanted = schedule.dayOfExecution ?? first.getUTCDate();
  return Date.UTC(year, monthOfYear, Math.min(wanted, lastDay));
}

/** Moves a Saturday or Sunday to the next Monday (following) or the Friday before (preceding). */
function businessDay(epochMs: number, rule: Schedule['executionRule']): number {
  if (!rule) return epochMs;
  const weekday = new Date(epochMs).getUTCDay();
  if (weekday === 6) return epochMs + (rule === 'following' ? 2 : -1) * DAY_MS;
  if (weekday === 0) return epochMs + (rule === 'following' ? 1 : -2) * DAY_MS;
  return epochMs;
}

/**
 * The date of execution `n` (from 0) as YYYY-MM-DD, or undefined when its scheduled day falls after endDate (the
 * weekend rule may then still move it past endDate). The first monthly execution on a dayOfExecution before
 * startDate's day moves to the next month.
 */
export function executionDate(schedule: Schedule, n: number): string | undefined {
  let index = n;
  if (schedule.dayOfExecution !== undefined && 'months' in FREQUENCIES[schedule.frequency] && nominal(schedule, 0) < epochOf(schedule.startDate)) index += 1;
  const scheduled = nominal(schedule, index);
  if (schedule.endDate !== undefined && scheduled > epochOf(schedule.endDate)) return undefined;
  return dateOf(Math.max(businessDay(scheduled, schedule.executionRule), epochOf(schedule.startDate)));
}
