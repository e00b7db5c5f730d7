import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_JS } from './dashboard-assets';
import { fakeSession, fakeSnapshot } from './fake-backend';

/** Just enough DOM for the dashboard script; writing HTML (innerHTML & co.) throws. */
class FakeElement {
  textContent = '';
  className = '';
  hidden = false;
  children: FakeElement[] = [];
  constructor(readonly tag: string) {}
  append(...nodes: FakeElement[]): void {
    this.children.push(...nodes);
  }
  replaceChildren(...nodes: FakeElement[]): void {
    this.children = nodes;
  }
  set innerHTML(_html: string) {
    throw new Error('innerHTML used');
  }
  set outerHTML(_html: string) {
    throw new Error('outerHTML used');
  }
}

class FakeSocket {
  static last: FakeSocket | null = null;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.last = this;
  }
  send(text: string): void {
    this.sent.push(text);
  }
}

function loadDashboard(hash: string) {
  const elements = new Map<string, FakeElement>();
  const byId = (id: string) => elements.get(id) ?? elements.set(id, new FakeElement(id)).get(id)!;
  const replaced: string[] = [];
  const storage = new Map<string, string>();
  FakeSocket.last = null;
  runInNewContext(DASHBOARD_JS, {
    document: { getElementById: byId, createElement: (tag: string) => new FakeElement(tag) },
    location: { hash, pathname: '/', search: '', host: '127.0.0.1:4000', protocol: 'http:' },
    history: { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
    },
    WebSocket: FakeSocket,
    setTimeout: () => 0,
    setInterval: () => 0,
    Date,
    JSON,
    Math,
  });
  return { byId, replaced, storage, socket: FakeSocket.last as FakeSocket | null };
}

describe('dashboard script', () => {
  it('takes the token from the fragment, hides it, and offers it as a subprotocol', () => {
    const { replaced, storage, socket } = loadDashboard('#token=abc_DEF-123');
    expect(replaced).toEqual(['/']);
    expect(storage.get('tower.token')).toBe('abc_DEF-123');
    expect(socket?.url).toBe('ws://127.0.0.1:4000/ws');
    expect(socket?.protocols).toEqual(['tower.v1', 'tower.token.abc_DEF-123']);
    socket?.onopen?.();
    expect(socket?.sent).toEqual(['{"id":1,"method":"getSnapshot"}']);
  });

  it('does not connect without a token', () => {
    const { socket, byId } = loadDashboard('');
    expect(socket).toBeNull();
    expect(byId('status').textContent).toContain('No token');
  });

  it('renders hostile screen text as inert text, with invisible characters made visible', () => {
    const { socket, byId } = loadDashboard('#token=t');
    const title = '<img src=x onerror=alert(1)>\u202e\u001b[31m';
    const snapshot = fakeSnapshot([fakeSession({ id: 'a', number: 4, title, evidence: ['<b>x</b>'] })]);
    socket?.onmessage?.({
      data: JSON.stringify({
        event: 'snapshot',
        payload: { ...snapshot, groundTruth: { ...snapshot.groundTruth, terminalCount: 2, agreed: false } },
      }),
    });
    const row = byId('sessions').children[0];
    const cells = row?.children.map((c) => c.textContent) ?? [];
    expect(cells[0]).toBe('4');
    expect(cells[2]).toBe('<img src=x onerror=alert(1)>\uFFFD\uFFFD[31m');
    expect(cells[6]).toBe('<b>x</b>');
    expect(byId('mismatch').hidden).toBe(false);
    expect(byId('mismatch').textContent).toBe('Registry says 1, terminals say 2.');
  });
});
