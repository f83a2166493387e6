// SPDX-License-Identifier: Apache-2.0
export { AMOUNT_PATTERN, addAmounts, formatMinorUnits, fromMinorUnits, minorUnitsOf, sameAmount, toMinorUnits } from './money.js';
