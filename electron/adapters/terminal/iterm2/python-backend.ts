/**
 * The iTerm2 backend over the Python API helper: requests for list/screen/send/create/close and
 * pushed `screen` events from one ScreenStreamer per session.
 */
import type { HelperClient } from './helper-client';
import type { ITerm2Backend, ITerm2Screen, ITerm2Session } from './iterm2-backend';

interface WireSession {
  session: string;
  tty: string | null;
  name: string | null;
  title: string | null;
  jobName: string | null;
  cols: number | null;
  rows: number | null;
}

interface WireScreen {
  lines: string[];
  cursor: [number, number] | null;
  cols: number | null;
  rows: number | null;
}

function toSession(w: WireSession): ITerm2Session {
  return {
    id: String(w.session),
    tty: typeof w.tty === 'string' ? w.tty : null,
    title: w.title ?? w.name ?? '',
    jobName: w.jobName ?? null,
    cols: typeof w.cols === 'number' ? w.cols : null,
    rows: typeof w.rows === 'number' ? w.rows : null,
  };
}

/** iTerm2 through the long-lived Python helper. */
export class PythonBackend implements ITerm2Backend {
  readonly kind = 'python-api' as const;

  constructor(private readonly client: HelperClient) {}

  get alive(): boolean {
    return this.client.alive;
  }

  async list(): Promise<readonly ITerm2Session[]> {
    const result = await this.client.request<{ sessions: WireSession[] }>('list');
    return result.sessions.map(toSession);
  }

  async screen(sessionId: string): Promise<ITerm2Screen> {
    const s = await this.client.request<WireScreen>('screen', { session: sessionId });
    return {
      lines: s.lines,
      cursor: s.cursor ? { x: s.cursor[0], y: s.cursor[1] } : null,
      cols: s.cols,
      rows: s.rows,
      title: null,
    };
  }

  async send(sessionId: string, text: string): Promise<void> {
    await this.client.request('send_text', { session: sessionId, text });
  }

  async create(line: string, title: string): Promise<ITerm2Session> {
    return toSession(await this.client.request<WireSession>('create', { line, title }));
  }

  async close(sessionId: string): Promise<void> {
    await this.client.request('close', { session: sessionId });
  }

  onChange(listener: (sessionId: string) => void): () => void {
    return this.client.onEvent((event) => {
      if (event.event === 'screen' && typeof event.session === 'string') listener(event.session);
    });
  }

  dispose(): Promise<void> {
    return this.client.close();
  }
}
