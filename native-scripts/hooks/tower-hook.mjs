#!/usr/bin/env node
// Tower's hook command for Claude Code hooks and Codex `notify` (see README.md here).
//
//   node tower-hook.mjs claude <config.json> [launch-tag]    event JSON on stdin (Claude Code hooks)
//   node tower-hook.mjs codex  <config.json> [launch-tag] <event JSON>   (Codex notify appends it)
//
// <config.json> is a 0600 file Tower wrote: {"url": "http://127.0.0.1:<port>", "secret": "…"}. The
// secret never appears on argv (ps shows only the file's path). The command FAILS SAFE: whatever goes
// wrong (Tower down, slow, refusing, bad reply) it prints nothing and exits 0 within DECISION_DEADLINE_MS
// (events Tower may answer) or EVIDENCE_DEADLINE_MS (the rest, which only report), which Claude Code
// reads as "no decision" and shows its own dialog.
import { readFileSync, readlinkSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout } from 'node:timers';

const DECISION_DEADLINE_MS = 4_000;
const EVIDENCE_DEADLINE_MS = 1_500;
const DECIDING_EVENTS = new Set(['PermissionRequest', 'PreToolUse']);
const MAX_STDIN = 1024 * 1024;

const [source, configPath, launch = null, codexEvent] = process.argv.slice(2);
// The outer bound holds from the first moment; it is shortened once the event is known to only report.
setTimeout(() => process.exit(0), DECISION_DEADLINE_MS).unref();

function quietExit() {
  process.exit(0);
}

function readStdin() {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    process.stdin.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_STDIN) chunks.push(chunk);
    });
    process.stdin.on('end', () => resolve(size > MAX_STDIN ? null : Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', () => resolve(null));
  });
}

// Linux: the agent's stdin is its terminal; parents from /proc. macOS: ps (no /proc, so no parents).
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

// macOS has no /proc: ask ps for the agent's terminal (`ttys004`), with a short bound.
function darwinTty(pid) {
  try {
    const name = execFileSync('ps', ['-o', 'tty=', '-p', String(pid)], {
      encoding: 'utf8',
      timeout: 500,
    }).trim();
    return /^ttys?[0-9a-z]+$/u.test(name) ? `/dev/${name}` : null;
  } catch {
    return null;
  }
}

function terminalTag() {
  const pids = [process.ppid];
  for (let i = 0; i < 2; i += 1) {
    const up = parentOf(pids[pids.length - 1]);
    if (!up || up <= 1) break;
    pids.push(up);
  }
  let tty = process.platform === 'darwin' ? darwinTty(process.ppid) : null;
  for (const pid of tty === null ? pids : []) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/0`);
      if (link.startsWith('/dev/pts/') || link.startsWith('/dev/tty')) {
        tty = link;
        break;
      }
    } catch {
      // not Linux, or not ours to read
    }
  }
  return { launch, tmux: process.env.TMUX ?? null, pane: process.env.TMUX_PANE ?? null, pids, tty };
}

function post(url, secret, body) {
  return new Promise((resolve) => {
    const target = new URL(`/hooks/${source}`, url);
    if (target.hostname !== '127.0.0.1') return resolve(null);
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'X-Tower-Hook-Secret': secret,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(res.statusCode === 200 ? Buffer.concat(chunks).toString('utf8') : null));
        res.on('error', () => resolve(null));
      },
    );
    req.on('error', () => resolve(null));
    req.end(body);
  });
}

async function main() {
  if (source !== 'claude' && source !== 'codex') return quietExit();
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  if (typeof config.url !== 'string' || typeof config.secret !== 'string') return quietExit();
  const raw = source === 'codex' ? codexEvent : await readStdin();
  if (typeof raw !== 'string') return quietExit();
  const event = JSON.parse(raw);
  if (!DECIDING_EVENTS.has(event?.hook_event_name)) setTimeout(quietExit, EVIDENCE_DEADLINE_MS).unref();
  const body = JSON.stringify({ v: 1, terminal: terminalTag(), event });
  const reply = JSON.parse((await post(config.url, config.secret, body)) ?? 'null');
  const output = reply?.ok === true ? reply.output : null;
  if (source === 'claude' && output !== null && typeof output === 'object' && !Array.isArray(output)) {
    // Pipes are asynchronous on macOS: exit only once the decision is written.
    return void process.stdout.write(JSON.stringify(output), quietExit);
  }
  quietExit();
}

main().catch(quietExit);
