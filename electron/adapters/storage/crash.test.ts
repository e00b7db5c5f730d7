/**
 * kill -9 in a tight loop of writes (issue 3 item 9; security.md §5.3, tests 103/107/128). One child
 * writes the state file and the audit log concurrently and is killed at a random moment, 50 times.
 * After every kill the state file parses and holds the last acknowledged value or the one in flight;
 * the audit chain verifies (a torn tail at most) and every acknowledged seq is in the file.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { verifyAuditFile } from './audit-verify';
import { JsonFileStore } from './json-file-store';
import { JsonlAuditSink } from './jsonl-audit-sink';

const CHILD = join(import.meta.dirname, 'testing', 'crash-child.ts');
const ITERATIONS = 50;
// Parallel writers, each on its own files: kills wait on the child, so lanes overlap well even on 2 CPUs.
const LANES = 5;
// A power-cut style torn tail, put in front of some runs so the repair also runs under kills.
const INJECTED = '{"at":1,"kind":"half-writ';

interface Acked {
  readonly store: number[];
  readonly audit: number[];
}

/** Runs the child, SIGKILLs it at a random moment, resolves with what it acknowledged. */
function runAndKill(statePath: string, auditPath: string): Promise<Acked> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, statePath, auditPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let armed = false;
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (armed) return;
      armed = true;
      // Anywhere from mid-first-write to a few dozen writes later.
      setTimeout(kill, Math.random() * 60);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    // A child that never acknowledges anything is killed anyway (and fails the checks).
    const deadline = setTimeout(kill, 10_000);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited by itself: ${err}`));
      // Whole lines only; a line cut by the kill was printed after its write resolved anyway.
      const lines = out.split('\n').filter((l) => /^[as] \d+$/.test(l));
      const values = (tag: string) => lines.filter((l) => l.startsWith(tag)).map((l) => Number(l.slice(2)));
      resolve({ store: values('s '), audit: values('a ') });
    });
  });
}

async function lane(dir: string, name: number) {
  const statePath = join(dir, `state-${name}.json`);
  const auditPath = join(dir, `audit-${name}.jsonl`);
  const ackedSeqs: number[] = [];
  let storeAcked = 0;
  let storeOnDisk = 0;
  let tornSeen = 0;
  let injected = 0;
  for (let i = 0; i < ITERATIONS / LANES; i++) {
    // Every third run starts on a power-cut style torn tail, so the repair runs under kills too.
    if (i % 3 === 2) {
      await appendFile(auditPath, INJECTED);
      injected++;
    }
    const acked = await runAndKill(statePath, auditPath);
    expect(acked.audit.length + acked.store.length).toBeGreaterThan(0);
    ackedSeqs.push(...acked.audit);
    // The child continues from what is on disk (possibly the previous child's in-flight write).
    storeAcked = Math.max(acked.store.at(-1) ?? 0, storeOnDisk);
    // The state file parses and holds the last acknowledged value, or the one in flight.
    storeOnDisk = (await new JsonFileStore(statePath).get<{ n: number }>('counter'))?.n ?? 0;
    expect([storeAcked, storeAcked + 1]).toContain(storeOnDisk);
    const verdict = await verifyAuditFile(auditPath);
    if (!verdict.ok) {
      expect(verdict.problem).toBe('torn');
      tornSeen++;
    }
  }
  // A last open repairs any torn tail; then the whole chain verifies.
  const sink = new JsonlAuditSink(auditPath);
  await sink.open();
  await sink.close();
  const verdict = await verifyAuditFile(auditPath);
  expect(verdict).toMatchObject({ ok: true });
  const records = (await readFile(auditPath, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { seq: number; kind: string });
  const inFile = new Set(records.map((r) => r.seq));
  const lost = ackedSeqs.filter((s) => !inFile.has(s));
  expect(lost).toEqual([]);
  // Every torn tail (injected, or cut by a kill) was moved aside whole, once, and recorded once.
  const aside = (await readdir(dir)).filter((n) => n.startsWith(`audit-${name}.jsonl.torn-`));
  const asideTexts = await Promise.all(aside.map((n) => readFile(join(dir, n), 'utf8')));
  expect(asideTexts.join('').split(INJECTED).length - 1).toBe(injected);
  expect(records.filter((r) => r.kind === 'audit-torn-tail')).toHaveLength(aside.length);
  const tornByKill = asideTexts.filter((t) => t.replaceAll(INJECTED, '') !== '').length;
  return {
    acked: ackedSeqs.length,
    storeAcked,
    lost: lost.length,
    tornSeen,
    tornByKill,
    injected,
    records: records.length,
  };
}

it(
  'kill -9 while writing loses no acknowledged state or audit record, and the chain verifies',
  { timeout: 90_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tower-crash-'));
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, n) => lane(dir, n)));
    const sum = (key: keyof (typeof lanes)[number]) => lanes.reduce((total, l) => total + l[key], 0);
    // Temp files of killed writers are cleaned up by the next load.
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // Printed for the record: issue 3 asks for kill -9 iterations and losses.
    console.log(
      `kill -9: ${ITERATIONS} kills; audit ${sum('acked')} acknowledged, ${sum('lost')} lost, ` +
        `${sum('injected')} injected + ${sum('tornByKill')} kill-made torn tails moved aside and recorded ` +
        `(${sum('tornSeen')} seen torn right after a kill), ${sum('records')} records verify; ` +
        `store: ${sum('storeAcked')} writes, each check old-or-new`,
    );
    expect(sum('acked')).toBeGreaterThan(ITERATIONS);
  },
);
