// SPDX-License-Identifier: Apache-2.0
// Checks the audit trail's hash chain, or exports it, from the command line:
//   node --import tsx hub/operations/audit/verify-audit-trail.ts [--data-dir DIR] [--database-url URL] [--schema NAME]
//                                                             [--export jsonl|csv] [--from T] [--to T]
// Defaults come from LANGO_DATA_DIR (./data), LANGO_DATABASE_URL and LANGO_DATABASE_SCHEMA (public), as for the app.
// Exit status: 0 the chain holds, 1 it is broken, 2 the command could not run (usage, database).
// With --export every entry (in the --from/--to range, epoch ms or ISO 8601) goes to stdout and the verdict to stderr.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SQLITE_FILE_NAME, openDatabase, type SqlDatabase } from '../../../platform/store/index.js';
import type { AuditEntry, AuditTrail } from './audit-trail.js';
import { canonicalJson } from './audit-trail.js';
import { openSqlAuditTrail } from './adapters/sql/sql-audit-trail.js';

/** Where the command writes; a write may return a promise to apply backpressure. */
export interface TextOutput {
  write(text: string): unknown;
}

export const EXIT = { ok: 0, broken: 1, failed: 2 } as const;

const USAGE = 'usage: verify-audit-trail [--data-dir DIR] [--database-url URL] [--schema NAME] [--export jsonl|csv] [--from T] [--to T]';

/** Runs the command and resolves with its exit status; `out` gets the verdict (or the export), `err` errors (and the verdict when exporting). */
export async function runVerifyCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, out: TextOutput, err: TextOutput = out): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv, env);
  } catch (error) {
    await err.write(`${(error as Error).message}\n${USAGE}\n`);
    return EXIT.failed;
  }
  let database: SqlDatabase | undefined;
  try {
    if (!options.url && !existsSync(join(options.dataDir, SQLITE_FILE_NAME))) throw new Error(`no database at ${join(options.dataDir, SQLITE_FILE_NAME)}`);
    database = await openDatabase({ dataDir: options.dataDir, url: options.url, schema: options.schema });
    const trail = await openSqlAuditTrail(database);
    if (options.format) await exportEntries(trail, options.format, { from: options.from, to: options.to }, out);
    const result = await trail.verify();
    const verdict = result.ok
      ? `audit trail OK: ${result.entries} entries, head ${result.head ?? ''}`
      : `audit trail BROKEN at seq ${result.brokenAt ?? '?'}: ${result.reason ?? 'unknown'} (${result.entries} entries checked)`;
    await (options.format ? err : out).write(`${verdict}\n`);
    return result.ok ? EXIT.ok : EXIT.broken;
  } catch (error) {
    await err.write(`audit trail check failed: ${(error as Error).message}\n`);
    return EXIT.failed;
  } finally {
    await database?.close();
  }
}

function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, schema: { type: 'string' },
      export: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
    },
    strict: true, allowPositionals: false,
  });
  const format = values.export;
  if (format !== undefined && format !== 'jsonl' && format !== 'csv') throw new Error(`--export must be jsonl or csv, not "${format}"`);
  const exportFormat: 'jsonl' | 'csv' | undefined = format;
  return {
    dataDir: values['data-dir'] ?? env.LANGO_DATA_DIR ?? './data',
    url: values['database-url'] ?? (env.LANGO_DATABASE_URL || undefined),
    schema: values.schema ?? env.LANGO_DATABASE_SCHEMA ?? 'public',
    format: exportFormat,
    from: instant('--from', values.from),
    to: instant('--to', values.to),
  };
}

/** Epoch ms from `1733472000000` or an ISO 8601 date. */
function instant(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`${option} must be epoch milliseconds or an ISO 8601 date, not "${value}"`);
  return parsed;
}

export const CSV_COLUMNS = ['seq', 'at', 'kind', 'tenantId', 'actor', 'action', 'subject', 'reason', 'before', 'after', 'details', 'prevHash', 'hash'] as const;

async function exportEntries(trail: AuditTrail, format: 'jsonl' | 'csv', range: { from: number | undefined; to: number | undefined }, out: TextOutput): Promise<void> {
  if (format === 'csv') await out.write(`${CSV_COLUMNS.join(',')}\r\n`);
  const query = { ...(range.from !== undefined && { from: range.from }), ...(range.to !== undefined && { to: range.to }) };
  for await (const entry of trail.entries(query)) {
    // JSON lines carry the entry exactly as hashed, so anyone can recompute the chain from the export.
    await out.write(format === 'jsonl' ? `${canonicalJson(entry)}\n` : `${csvRow(entry)}\r\n`);
  }
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; JSON values as canonical JSON text. */
function csvRow(entry: AuditEntry): string {
  return CSV_COLUMNS.map((column) => {
    const value = entry[column];
    if (value === undefined) return '';
    const field = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : canonicalJson(value);
    return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
  }).join(',');
}

/** process.stdout / stderr, waiting for 'drain' when the pipe is full (a large export). */
function streamOutput(stream: NodeJS.WriteStream): TextOutput {
  return { write: (text) => (stream.write(text) ? undefined : new Promise((resolve) => stream.once('drain', resolve))) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runVerifyCommand(process.argv.slice(2), process.env, streamOutput(process.stdout), streamOutput(process.stderr));
}
