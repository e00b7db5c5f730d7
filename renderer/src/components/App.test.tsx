// Component tests: the whole popover rendered to markup in Node against a fake client.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TowerClientContext } from '../hooks/tower-context';
import { fakeClient } from '../testing/fake-client';
import { prompt, session, snapshot } from '../testing/fixtures';
import { App } from './App';
import { GroundTruth } from './GroundTruth';

function render(node: React.ReactNode, client = fakeClient(null)): string {
  return renderToStaticMarkup(
    <TowerClientContext.Provider value={client}>{node}</TowerClientContext.Provider>,
  );
}

describe('App', () => {
  it('says it is waiting before the first snapshot', () => {
    expect(render(<App />)).toContain('Waiting for the first snapshot');
  });

  it('opens on Approvals with the full command, escaped, and labelled buttons', () => {
    const hostile = '<img src=x onerror=alert(1)> && rm -rf ~';
    const client = fakeClient(snapshot([session({ state: 'permission', prompt: prompt(hostile) })]));
    const html = render(<App />, client);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp;&amp; rm -rf ~');
    expect(html).not.toContain('<img');
    expect(html).toContain('aria-label="Approve session 1"');
    expect(html).toContain('aria-label="Deny session 1"');
    expect(html).toContain('aria-label="Always allow for session 1…"');
    expect(html).toContain('aria-label="1 pending"');
  });

  it('says which policy rule sent a prompt to the owner, and what shadow mode would have done', () => {
    const policy = {
      decision: 'ask',
      rule: 'ask-network',
      explanation: 'curl reaches the network',
      shadow: false,
    } as const;
    const asked = session({ prompt: prompt('curl x'), policy: { ...policy, fingerprint: 'fp:curl x' } });
    expect(render(<App />, fakeClient(snapshot([asked])))).toContain(
      'Sent to you by policy (rule <code>ask-network</code>): curl reaches the network',
    );
    const shadow = session({
      prompt: prompt('ls'),
      policy: { ...policy, decision: 'allow', shadow: true, fingerprint: 'fp:ls' },
    });
    expect(render(<App />, fakeClient(snapshot([shadow])))).toContain('Shadow mode: policy would allow');
  });

  it('shows the LOCKDOWN banner and disables answering', () => {
    const snap = { ...snapshot([session({ prompt: prompt('make') })]), lockdown: true };
    const html = render(<App />, fakeClient(snap));
    expect(html).toContain('LOCKDOWN engaged');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*aria-label="Approve session 1"/);
  });

  it('warns in ground truth when the registry and the terminals disagree', () => {
    const snap = snapshot([session({ tail: ['$ npm test'] })], {
      agreed: false,
      registryCount: 2,
      terminalCount: 1,
    });
    const html = render(<GroundTruth snapshot={snap} />, fakeClient(snap));
    expect(html).toContain('role="alert"');
    expect(html).toContain('Registry and terminals disagree.');
    expect(html).toContain('$ npm test');
    expect(html).toContain('Idle');
  });
});
