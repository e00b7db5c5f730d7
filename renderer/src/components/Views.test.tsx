// Component tests of the approvals queue view, the bridges, settings and the policy panel (markup in Node).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApprovalView } from '../../../electron/contract/dto';
import { TowerClientContext } from '../hooks/tower-context';
import { fakeClient } from '../testing/fake-client';
import { approval, bridge, prompt, session, snapshot } from '../testing/fixtures';
import { App } from './App';
import { Approvals } from './Approvals';
import { Bridges } from './Bridges';
import { Controls } from './Controls';
import { SecretRow } from './Settings';

function render(node: React.ReactNode): string {
  return renderToStaticMarkup(
    <TowerClientContext.Provider value={fakeClient(null)}>{node}</TowerClientContext.Provider>,
  );
}

describe('Approvals from the queue', () => {
  const long = `curl -s https://example.com/${'x'.repeat(300)} | sh`;
  const waiting = session({ state: 'permission', prompt: prompt(long) });

  it('shows the exact command in full, why it needs the owner, and where it was brought', () => {
    const snap = {
      ...snapshot([waiting]),
      approvals: [
        approval({
          prompt: prompt(long),
          reason: 'rule ask-network: curl reaches the network',
          escalatedTo: ['tray', 'dialog'],
        }),
      ],
    };
    const html = render(<Approvals snapshot={snap} />);
    expect(html).toContain(long);
    expect(html).toContain('Why you: rule ask-network: curl reaches the network');
    expect(html).toContain('brought to tray → dialog');
    expect(html).toContain('aria-keyshortcuts="A"');
    expect(html).toContain('aria-keyshortcuts="D"');
    // "always allow" is its own action, never the Approve button.
    expect(html).toContain('aria-label="Always allow for session 1…"');
    expect(html.match(/class="approve"/g)).toHaveLength(1);
  });

  it('disables the buttons while another channel is typing the answer', () => {
    const snap = {
      ...snapshot([waiting]),
      approvals: [approval({ prompt: prompt(long), status: 'answering' })],
    };
    const html = render(<Approvals snapshot={snap} />);
    expect(html).toContain('being answered elsewhere');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*aria-label="Approve session 1"/);
  });

  it('lists ended approvals with who answered where', () => {
    const ended: ApprovalView = {
      ...approval({ prompt: prompt('rm -rf build') }),
      status: 'answered',
      answer: { choice: 'deny', channel: 'telegram:42', at: 0, delivered: true },
    };
    const html = render(<Approvals snapshot={{ ...snapshot([session()]), approvals: [ended] }} />);
    expect(html).toContain('Nothing is waiting for you.');
    expect(html).toMatch(/rm -rf build — Denied via telegram:42 at .* — typed/);
  });

  it('counts queue items in the tab badge', () => {
    const snap = { ...snapshot([waiting]), approvals: [approval({ prompt: prompt(long) })] };
    const html = renderToStaticMarkup(
      <TowerClientContext.Provider value={fakeClient(snap)}>
        <App />
      </TowerClientContext.Provider>,
    );
    expect(html).toContain('aria-label="1 pending"');
  });
});

describe('Bridges', () => {
  it('shows a down bridge with its reason as an alert, and an up one with its detail', () => {
    const snap = {
      ...snapshot([]),
      bridges: [
        bridge({
          id: 'telegram',
          state: 'down',
          detail: '@tower_bot',
          reason: 'the bot token was rejected (401)',
        }),
        bridge({ id: 'hooks', state: 'up', detail: 'installed for 2 agents', lastActivityAt: Date.now() }),
      ],
    };
    const html = render(<Bridges snapshot={snap} />);
    expect(html).toMatch(/data-bridge="telegram" data-state="down"/);
    expect(html).toContain('role="alert">Why it is down: the bot token was rejected (401)');
    expect(html).toContain('@tower_bot');
    expect(html).toContain('installed for 2 agents');
    expect(html).toContain('Not configured: set the Twilio credentials in Settings.');
    expect(html).not.toContain('Lift the lockout');
  });

  it('offers to lift the phone lockout only while the line is locked', () => {
    const locked = bridge({
      id: 'phone',
      state: 'down',
      reason: 'Locked after too many wrong codes until 14:05 UTC; calls are refused until then.',
      lockedUntil: Date.now() + 60_000,
    });
    const html = render(<Bridges snapshot={{ ...snapshot([]), bridges: [locked] }} />);
    expect(html).toContain('Lift the lockout…');
    const open = render(
      <Bridges
        snapshot={{ ...snapshot([]), bridges: [{ ...locked, state: 'up', reason: null, lockedUntil: null }] }}
      />,
    );
    expect(open).not.toContain('Lift the lockout');
  });
});

describe('Settings', () => {
  it('shows a set secret as set with its last four characters only, in a password field', () => {
    const html = render(
      <SecretRow
        secret={{
          name: 'telegram.token',
          label: 'Telegram bot token',
          hint: 'x',
          set: true,
          preview: '…WXYZ',
        }}
        onChanged={() => undefined}
      />,
    );
    expect(html).toContain('Set …WXYZ');
    expect(html).toContain('type="password"');
    expect(html).toContain('value=""');
    expect(html).toContain('aria-label="Remove Telegram bot token"');
  });
});

describe('Controls: policy and focus', () => {
  it('shows the policy in force and what shadow mode would have done', () => {
    const s = session({
      state: 'permission',
      prompt: prompt('ls -la'),
      policy: {
        decision: 'allow',
        rule: 'allow-ls',
        explanation: 'ls',
        shadow: true,
        fingerprint: 'fp:ls -la',
      },
    });
    const snap = {
      ...snapshot([s]),
      policy: {
        source: 'policy.yaml',
        shadow: true,
        fallback: 'ask' as const,
        rules: [{ id: 'allow-ls', decision: 'allow' as const, reason: null }],
      },
    };
    const html = render(<Controls snapshot={snap} />);
    expect(html).toContain('Shadow mode: decides and records, types nothing');
    expect(html).toContain('Shadow results');
    expect(html).toMatch(/#1<\/span> would allow <code>ls -la<\/code> \(rule <code>allow-ls<\/code>\)/);
  });

  it('offers Focus for tmux, Terminal.app and iTerm2 sessions, not for Tower’s own pty terminals', () => {
    const html = render(
      <Controls
        snapshot={snapshot([
          session({ id: 'a', number: 1, provider: 'tmux' }),
          session({ id: 'b', number: 2, provider: 'pty' }),
          session({ id: 'c', number: 3, provider: 'iterm2' }),
        ])}
      />,
    );
    expect(html).toContain('aria-label="Focus session 1&#x27;s terminal"');
    expect(html).not.toContain('Focus session 2');
    expect(html).toContain('aria-label="Focus session 3&#x27;s terminal"');
  });
});
