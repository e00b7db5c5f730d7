/**
 * ScriptedDetector: a detector for the core's tests that reads a tiny screen language instead of real
 * agent screens, so supervisor tests do not depend on any agent's wording.
 *
 *   `STATE working` / `STATE idle` …          → that state
 *   `ASK <command>`                           → a Bash permission prompt for <command>
 *   `AGENT claude 2.1.0` anywhere             → identifies the agent from the screen
 */
import type { PromptView } from '../../contract/dto';
import type { AgentHint, Detection } from '../detection/types';
import type { Detector } from '../scanner';
import type { TerminalInfo } from '../ports';

/** The permission prompt the scripted language describes. */
export function scriptedPrompt(command: string): PromptView {
  return {
    kind: 'permission',
    type: 'bash',
    tool: 'Bash',
    subject: command,
    question: 'Do you want to proceed?',
    options: [
      { label: 'Yes', keys: ['1'], selected: true, remembers: false, role: 'approve' },
      {
        label: "Yes, and don't ask again",
        keys: ['2'],
        selected: false,
        remembers: true,
        role: 'approve-remember',
      },
      { label: 'No', keys: ['3'], selected: false, remembers: false, role: 'deny' },
    ],
    fingerprint: `fp:${command}`,
    autoAnswerable: true,
  };
}

/** Detector over the scripted screen language. */
export const scriptedDetector: Detector = {
  detect(lines: readonly string[], hint: AgentHint): Detection {
    const agentLine = lines.find((l) => l.startsWith('AGENT '));
    const [, kind, version] = agentLine?.split(' ') ?? [];
    const agent = (kind as AgentHint['kind']) ?? hint.kind;
    const ask = lines.find((l) => l.startsWith('ASK '));
    if (ask) {
      const prompt = scriptedPrompt(ask.slice(4));
      return { state: 'permission', agent, version: version ?? null, prompt, evidence: [ask], ruleId: 'ask' };
    }
    const state = lines.find((l) => l.startsWith('STATE '))?.slice(6) as Detection['state'] | undefined;
    return {
      state: state ?? 'unknown',
      agent,
      version: version ?? null,
      prompt: null,
      evidence: state ? [`STATE ${state}`] : [],
      ruleId: state ?? null,
    };
  },
  identifyAgent(info: Pick<TerminalInfo, 'currentCommand' | 'processes' | 'title'>): AgentHint {
    if (info.currentCommand === 'claude' || info.currentCommand === 'codex') {
      return { kind: info.currentCommand, version: null };
    }
    return { kind: null, version: null };
  },
};
