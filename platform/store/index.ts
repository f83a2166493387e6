// SPDX-License-Identifier: Apache-2.0
export { openDatabase, SQLITE_FILE_NAME, type SqlDatabase, type SqlDialect, type DatabaseSettings, type Migration } from './database.js';
