/**
 * `tower`: the command line for a running Tower, over its local HTTP API.
 *
 * Finds the server through the runtime file, talks to it with the typed client, prints tables or
 * `--json`, and exits with the codes in cli-commands.ts. `main` takes its I/O injected so tests run it
 * in-process; run directly (tsx electron/headless/cli.ts …) it uses the real process.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TowerApi } from '../contract/api';
import { createHttpClient } from '../transport/http-client';
import { parseArgs, USAGE, UsageError, type CliCommand } from './cli-args';
import { runAuditOffline } from './cli-audit';
import { runHooksCli } from './cli-hooks';
import { runSecretCli } from './cli-secret';
import { runPhoneCli } from './cli-phone';
import { EXIT, explainFailure, notRunning, runCommand } from './cli-commands';
import { cleanText } from './cli-format';
import { policyCheck, policyReplay } from './cli-policy';
import { readRuntimeFile } from './runtime-file';
import type { RuntimeEnv, RuntimeInfo } from './runtime-file';

/** Everything the CLI touches outside itself. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: RuntimeEnv;
  readonly cwd: string;
  /** Terminal width; 100 when not a terminal. */
  readonly columns?: number | undefined;
  readonly now?: () => number;
  /** How to build the API client for a running server (tests may wrap it). */
  readonly connect?: (info: RuntimeInfo) => TowerApi;
}

/** Runs one invocation and resolves with the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'hooks') return runHooksCli(argv.slice(1), io);
  if (argv[0] === 'secret') return runSecretCli(argv.slice(1), io);
  if (argv[0] === 'phone' && argv[1] !== 'unlock') return runPhoneCli(argv.slice(1), io);
  let invocation;
  try {
    invocation = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`tower: ${cleanText(error.message)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (invocation.command.kind === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  const offline =
    runPolicyOffline(invocation.command, invocation.json, io) ??
    (await runAuditOffline(invocation.command, invocation.json, io));
  if (offline !== null) return offline;
  try {
    const found = await readRuntimeFile(io.env);
    if (found.kind === 'not-running') throw notRunning(found.reason);
    const connect =
      io.connect ?? ((info: RuntimeInfo) => createHttpClient({ url: info.url, token: info.token }));
    const output = await runCommand(connect(found.info), invocation.command, {
      json: invocation.json,
      now: (io.now ?? Date.now)(),
      columns: io.columns ?? 100,
      cwd: io.cwd,
      resolvePath: (path) => resolve(io.cwd, path),
    });
    if (output !== '') io.stdout(`${output}\n`);
    return EXIT.ok;
  } catch (error) {
    const failure = explainFailure(error);
    io.stderr(`tower: ${failure.message}\n`);
    return failure.exitCode;
  }
}

/** `tower policy …` needs no running Tower: the exit code, or null for every other command. */
function runPolicyOffline(command: CliCommand, json: boolean, io: CliIo): number | null {
  if (command.kind !== 'policy-check' && command.kind !== 'policy-replay') return null;
  try {
    const output =
      command.kind === 'policy-check'
        ? policyCheck(command, io.env, io.cwd, json)
        : policyReplay(io.env, json, command.all);
    io.stdout(`${output}\n`);
    return EXIT.ok;
  } catch (error) {
    const failure = explainFailure(error);
    io.stderr(`tower: ${failure.message}\n`);
    return failure.exitCode;
  }
}

// Run only when executed as a program, not when imported by tests.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const exitCode = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    // Under `npm run tower`, npm moves to the package root; INIT_CWD is where the owner actually was.
    cwd: (process.env.npm_lifecycle_event === 'tower' ? process.env.INIT_CWD : undefined) ?? process.cwd(),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  });
  process.exitCode = exitCode;
}
