/**
 * Open an agent: a command line split into argv (shown before anything runs), a provider, and
 * optional title and directory.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTowerClient } from '../hooks/tower-context';
import { splitArgv } from '../lib/argv';
import { describeError } from '../lib/outcome';
import { SafeText } from './SafeText';

/** The open-agent form. */
export function OpenAgentForm({ disabled }: { readonly disabled: boolean }) {
  const client = useTowerClient();
  const [line, setLine] = useState('');
  const [provider, setProvider] = useState<'tmux' | 'pty'>('tmux');
  const [title, setTitle] = useState('');
  const [cwd, setCwd] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const split = splitArgv(line);
  const argv = split.ok ? split.argv : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (argv.length === 0) return;
    setMessage('Opening…');
    try {
      const view = await client.api.openAgent({
        command: argv,
        provider,
        title: title.trim() === '' ? undefined : title.trim(),
        cwd: cwd.trim() === '' ? undefined : cwd.trim(),
      });
      setMessage(`Opened session #${view.number}.`);
      setLine('');
    } catch (error) {
      setMessage(describeError(error));
    }
  };

  return (
    <form className="group form" aria-labelledby="open-title" onSubmit={(e) => void submit(e)}>
      <h2 id="open-title" className="group-title">
        Open an agent
      </h2>
      <label>
        Command
        <input
          value={line}
          onChange={(e) => setLine(e.target.value)}
          placeholder="claude --model sonnet"
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      {!split.ok ? <p className="notice bad">{split.reason}</p> : null}
      {argv.length > 0 ? (
        <ol className="argv" aria-label="Arguments that will run">
          {argv.map((arg, i) => (
            <li key={i}>
              <code>
                <SafeText text={arg} />
              </code>
            </li>
          ))}
        </ol>
      ) : null}
      <div className="row">
        <label>
          Terminal
          <select value={provider} onChange={(e) => setProvider(e.target.value === 'pty' ? 'pty' : 'tmux')}>
            <option value="tmux">tmux</option>
            <option value="pty">built-in (pty)</option>
          </select>
        </label>
        <label>
          Title
          <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="optional" />
        </label>
      </div>
      <label>
        Directory
        <input value={cwd} onChange={(e) => setCwd(e.target.value)} placeholder="optional, e.g. ~/code/app" />
      </label>
      <button type="submit" disabled={disabled || argv.length === 0}>
        Open agent
      </button>
      {message !== null ? (
        <p role="status" className="meta">
          {message}
        </p>
      ) : null}
    </form>
  );
}
