/**
 * The writer for the kill -9 tests: appends audit records and sets store values, both as fast as it
 * can and concurrently, and prints each seq (`a 12`) or value (`s 7`) only after its write resolved,
 * i.e. after Tower would have acted on it. The parent kills it at a random moment and checks that
 * nothing it printed is missing.
 *
 * Usage: tsx crash-child.ts <state.json> <audit.jsonl>
 */
import { JsonFileStore } from '../json-file-store';
import { JsonlAuditSink } from '../jsonl-audit-sink';

const [statePath, auditPath] = process.argv.slice(2);

// Payloads of varied size, so kills land at different points of a write.
function padding(n: number): string {
  return 'x'.repeat((n * 7919) % 2000);
}

async function appendForever(path: string): Promise<never> {
  const sink = new JsonlAuditSink(path);
  for (let n = 0; ; n++) {
    const { seq } = await sink.write({ at: Date.now(), kind: 'crash-test', detail: { n, pad: padding(n) } });
    process.stdout.write(`a ${seq}\n`);
  }
}

async function setForever(path: string): Promise<never> {
  const store = new JsonFileStore(path);
  let n = (await store.get<{ n: number }>('counter'))?.n ?? 0;
  for (;;) {
    n++;
    await store.set('counter', { n, pad: padding(n) });
    process.stdout.write(`s ${n}\n`);
  }
}

if (statePath === undefined || auditPath === undefined) {
  process.stderr.write('usage: crash-child.ts <state.json> <audit.jsonl>\n');
  process.exit(2);
}
await Promise.all([setForever(statePath), appendForever(auditPath)]);
