import { appendFileSync } from 'node:fs';
import { startModelStandIn } from './model-stand-in';
import type { ScriptStep } from './model-stand-in';

/**
 * Run the stand-in by hand: `npx tsx test/agents/run-stand-in.ts [script.json] [requests.jsonl]`.
 *
 * Prints the base URL; re-script it live with `curl -d '[...]' <url>/__stand-in/script`.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const scriptArg = argv[0];
  const logPath = argv[1];
  const script = scriptArg ? (JSON.parse(scriptArg) as ScriptStep[]) : [];
  const standIn = await startModelStandIn({ script, verbose: true });
  process.stdout.write(`${standIn.url}\n`);
  if (logPath) {
    let logged = 0;
    // Poll rather than hook the server: the log is a debugging aid, a 200 ms lag is fine.
    setInterval(() => {
      for (; logged < standIn.requests.length; logged++) {
        appendFileSync(logPath, `${JSON.stringify(standIn.requests[logged])}\n`);
      }
    }, 200);
  }
}

await main(process.argv.slice(2));
