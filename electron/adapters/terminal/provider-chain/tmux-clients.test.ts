import { describe, expect, it } from 'vitest';
import { parseClients, tmuxClients } from './tmux-clients';

describe('tmux clients', () => {
  it('parses client ttys and session names, skipping junk', () => {
    const out = '/dev/ttys003\x1fwork\n/dev/pts/4\x1fname with \x1f inside\nnot a client\n\x1fnotty\n';
    expect(parseClients(out, '/tmp/tmux-501/default')).toEqual([
      { tty: '/dev/ttys003', session: '/tmp/tmux-501/default:work' },
      { tty: '/dev/pts/4', session: '/tmp/tmux-501/default:name with \x1f inside' },
    ]);
  });

  it('is null when no server answers', async () => {
    expect(await tmuxClients('tmux', () => Promise.resolve([]))).toBeNull();
    expect(await tmuxClients('/nonexistent/tmux', () => Promise.resolve(['/tmp/none']))).toBeNull();
  });
});
