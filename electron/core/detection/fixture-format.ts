/**
 * The plain-text screen fixture format: `# key: value` header lines, then the screen rows.
 *
 * Pure parsing only; reading files is the caller's business (tests use node:fs).
 */
import { AGENT_KINDS, SESSION_STATES } from '../../contract/dto';
import type { AgentKind, SessionState } from '../../contract/dto';
import type { AgentHint } from './types';

/** A parsed fixture. */
export interface Fixture {
  readonly name: string;
  /** Header values by key (`expected`, `agent`, `detail`, `fidelity`, …); repeated keys are joined. */
  readonly headers: Readonly<Record<string, string>>;
  readonly expected: SessionState | null;
  /** From `# agent: <kind> <version|unknown>`. */
  readonly hint: AgentHint;
  readonly lines: readonly string[];
}

const KIND_SET: ReadonlySet<string> = new Set(AGENT_KINDS);
const STATE_SET: ReadonlySet<string> = new Set(SESSION_STATES);

function asKind(text: string | undefined): AgentKind | null {
  return text !== undefined && KIND_SET.has(text) ? (text as AgentKind) : null;
}

/** Parses fixture text. Header lines start with `# `; the screen starts at the first line that does not. */
export function parseFixture(name: string, text: string): Fixture {
  const all = text.replace(/\r\n/gu, '\n').split('\n');
  const headers: Record<string, string> = {};
  let i = 0;
  for (; i < all.length; i++) {
    const line = all[i] ?? '';
    if (!line.startsWith('# ') && line !== '#') break;
    const m = /^# ([\w-]+)(?: \([^)]*\))?:\s?(.*)$/u.exec(line);
    if (m?.[1]) headers[m[1]] = headers[m[1]] ? `${headers[m[1]]}\n${m[2] ?? ''}` : (m[2] ?? '');
  }
  const lines = all.slice(i);
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  const expectedWord = /^\s*(\w+)/u.exec(headers.expected ?? headers.state ?? '')?.[1];
  const [kindWord, versionWord] = (headers.agent ?? '').trim().split(/\s+/u);
  const agentFromDetail = /\bagent=([\w-]+)/u.exec(headers.detail ?? '')?.[1]?.replace(/-agent$/u, '');
  return {
    name,
    headers,
    expected:
      expectedWord !== undefined && STATE_SET.has(expectedWord) ? (expectedWord as SessionState) : null,
    hint: {
      kind: asKind(kindWord) ?? asKind(agentFromDetail) ?? asKind(name.split(/[-/]/u).at(-2) ?? undefined),
      version: versionWord && versionWord !== 'unknown' ? versionWord : null,
    },
    lines,
  };
}
