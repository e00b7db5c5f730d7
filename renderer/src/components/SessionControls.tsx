/**
 * Per-session controls: bring its tab to the front, send text (optionally submitted with Enter) and
 * close (confirmed).
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ProviderId, SessionView } from '../../../electron/contract/dto';
import { useTowerClient } from '../hooks/tower-context';
import { describeError } from '../lib/outcome';
import { ConfirmStep, StatusLine } from './ConfirmStep';
import { SafeText } from './SafeText';
import { StateBadge } from './StateBadge';

// Providers with a window or pane to bring forward; Tower's own node-pty terminals have none.
const FOCUSABLE: ReadonlySet<ProviderId> = new Set(['tmux', 'terminal-app', 'iterm2']);

/** Props: the session and whether typing is blocked. */
export interface SessionControlsProps {
  readonly session: SessionView;
  readonly lockdown: boolean;
}

/** One session's row of controls. */
export function SessionControls({ session, lockdown }: SessionControlsProps) {
  const client = useTowerClient();
  const [text, setText] = useState('');
  const [submit, setSubmit] = useState(true);
  const [confirmClose, setConfirmClose] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const n = session.number;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (text === '') return;
    try {
      await client.api.sendText({ session: session.id, text, submit });
      setMessage('Sent.');
      setText('');
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  const focus = async () => {
    try {
      await client.api.focusAgent({ session: session.id });
      setMessage('Brought to the front.');
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  const close = async () => {
    try {
      await client.api.closeAgent({ session: session.id });
      setMessage('Closed.');
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setConfirmClose(false);
    }
  };

  return (
    <li className="card">
      <div className="card-head">
        <span className="card-title">
          <span className="num">#{n}</span> <SafeText text={session.title} />
        </span>
        <StateBadge state={session.state} />
      </div>
      <form className="row" onSubmit={(e) => void send(e)}>
        <input
          aria-label={`Text to send to session ${n}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={8_000}
          disabled={lockdown || session.gone}
        />
        <label className="check">
          <input type="checkbox" checked={submit} onChange={(e) => setSubmit(e.target.checked)} /> Enter
        </label>
        <button
          type="submit"
          disabled={lockdown || session.gone || text === ''}
          aria-label={`Send text to session ${n}`}
        >
          Send
        </button>
      </form>
      {FOCUSABLE.has(session.provider) ? (
        <button
          type="button"
          className="quiet"
          disabled={session.gone}
          aria-label={`Focus session ${n}'s terminal`}
          onClick={() => void focus()}
        >
          Focus tab
        </button>
      ) : null}
      {!confirmClose ? (
        <button
          type="button"
          className="quiet"
          disabled={session.gone}
          aria-label={`Close session ${n}…`}
          onClick={() => setConfirmClose(true)}
        >
          Close…
        </button>
      ) : (
        <ConfirmStep
          label={`Confirm closing session ${n}`}
          yes={`Yes, close #${n}`}
          no="Cancel"
          onYes={() => void close()}
          onNo={() => setConfirmClose(false)}
        />
      )}
      <StatusLine message={message} />
    </li>
  );
}
