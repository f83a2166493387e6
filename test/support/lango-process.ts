// SPDX-License-Identifier: Apache-2.0
// Runs the real `npm start` entry point as a child process on ports the OS picks, and reads its JSON log.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface LangoProcess {
  readonly child: ChildProcess;
  /** Listener URLs from the "Lango started" log line. */
  readonly urls: Record<string, string>;
  /** Every JSON log line so far. */
  readonly logs: Record<string, unknown>[];
  stderr(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ExitedProcess {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Every listener on port 0 (a free port), everything on loopback, the given data directory. */
export function ephemeralEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { LANGO_DATA_DIR: dataDir, LANGO_HOST: '127.0.0.1', LANGO_LOG_LEVEL: 'info', LANGO_SHUTDOWN_TIMEOUT_MS: '5000' };
  for (const name of ['PUBLIC', 'PUBLIC_TLS', 'CHANNEL', 'SCHEME', 'OPERATIONS', 'METRICS', 'SIMULATORS']) env[`LANGO_${name}_PORT`] = '0';
  return { ...env, ...extra };
}

function spawnLango(env: Record<string, string>): ChildProcess {
  // The parent's LANGO_TEST_* variables pass through (they are allowed); no other LANGO_* leaks in.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LANGO_') || name.startsWith('LANGO_TEST_')));
  return spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { cwd: root, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Starts Lango and resolves once every listener is bound; rejects with its stderr when it exits instead. The default
 * wait covers a first start on a fresh PostgreSQL schema (every migration) on a busy 2-core CI machine.
 */
export async function startLangoProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<LangoProcess> {
  const child = spawnLango(env);
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const started = new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A process left running would keep the test file (and CI) waiting for ever.
      child.kill('SIGKILL');
      const last = logs.slice(-3).map((entry) => String(entry.msg)).join(' | ');
      reject(new Error(`Lango did not start within ${timeoutMs} ms (last logs: ${last}): ${stderr}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'Lango started') {
          clearTimeout(timer);
          resolve(entry.urls as Record<string, string>);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Lango exited with ${code} before starting: ${stderr}`));
    });
  });
  const urls = await started;
  return {
    child, urls, logs,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Runs Lango expecting it to fail at start-up; resolves with its exit code and output. */
export async function runLangoToExit(env: Record<string, string>, timeoutMs = 30_000): Promise<ExitedProcess> {
  const child = spawnLango(env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}
