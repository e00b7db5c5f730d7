/**
 * `tower secret list|set <name>|delete <name>`: the Settings secrets from a terminal. A value is read
 * from stdin — never from argv, where it would land in shell history and `ps` — and is never printed.
 */
import type { TowerApi } from '../contract/api';
import { SECRET_NAMES } from '../contract/settings';
import type { SecretName } from '../contract/settings';
import { createHttpClient } from '../transport/http-client';
import { readRuntimeFile } from '../transport/runtime-file';
import type { RuntimeInfo } from '../transport/runtime-file';
import type { CliIo } from './cli';
import { EXIT, explainFailure, notRunning } from './cli-commands';
import { cleanText } from './cli-format';

const USAGE = `usage: tower secret list                  which secrets are set (never their values)
       tower secret set <name> < value-file  store a secret read from stdin, e.g.
                                             pbpaste | tower secret set telegram.token
       tower secret delete <name>
names: ${SECRET_NAMES.join(', ')}`;

/** What the secret commands need beyond CliIo: stdin, read whole. */
export interface SecretCliIo extends CliIo {
  readonly readStdin?: () => Promise<string>;
}

/** Runs `tower secret …`; resolves with the exit code. */
export async function runSecretCli(args: readonly string[], io: SecretCliIo): Promise<number> {
  const [sub, name, ...rest] = args;
  const named = name !== undefined && (SECRET_NAMES as readonly string[]).includes(name);
  const valid =
    rest.length === 0 &&
    ((sub === 'list' && name === undefined) || ((sub === 'set' || sub === 'delete') && named));
  if (!valid) {
    io.stderr(
      `${name !== undefined && !named ? `tower: unknown secret "${cleanText(name)}"\n` : ''}${USAGE}\n`,
    );
    return EXIT.usage;
  }
  try {
    const api = await connect(io);
    if (sub === 'list') {
      const secrets = await api.listSecrets();
      io.stdout(
        `${secrets
          .map((s) =>
            `${s.name.padEnd(18)} ${s.set ? `set${s.preview ? ` ${s.preview}` : ''}` : 'not set'}`.trimEnd(),
          )
          .join('\n')}\n`,
      );
    } else if (sub === 'set') {
      // One trailing line break (echo, a pasted line) is not part of a token.
      const value = (await (io.readStdin ?? readProcessStdin)()).replace(/\r?\n$/u, '');
      if (value === '') {
        io.stderr(`tower: nothing on stdin\n${USAGE}\n`);
        return EXIT.usage;
      }
      await api.setSecret({ name: name as SecretName, value });
      io.stdout(`Stored ${name}; it will not be shown again.\n`);
    } else {
      await api.deleteSecret({ name: name as SecretName });
      io.stdout(`Removed ${name}.\n`);
    }
    return EXIT.ok;
  } catch (error) {
    const failure = explainFailure(error);
    io.stderr(`tower: ${failure.message}\n`);
    return failure.exitCode;
  }
}

async function connect(io: CliIo): Promise<TowerApi> {
  const found = await readRuntimeFile(io.env);
  if (found.kind === 'not-running') throw notRunning(found.reason);
  return (io.connect ?? ((info: RuntimeInfo) => createHttpClient({ url: info.url, token: info.token })))(
    found.info,
  );
}

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new Error('pipe the value in (it would echo on a terminal): pbpaste | tower secret set …');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
