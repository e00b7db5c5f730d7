/**
 * One pending prompt: the exact command/file/URL in full, Approve / Deny, and "always allow" only as a
 * separate, confirmed action. Keys A and D answer when the card has focus.
 */
import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { AnswerChoice } from '../../../electron/contract/api';
import type { ApprovalView, PromptView, SessionView } from '../../../electron/contract/dto';
import { useTowerClient } from '../hooks/tower-context';
import { escalationPath } from '../lib/approvals';
import { hasHiddenCharacters } from '../lib/display-text';
import { describeAnswer, describeError } from '../lib/outcome';
import { agentLabel } from '../lib/sessions';
import { PolicyNote } from './PolicyNote';
import { SafeText } from './SafeText';

/** What happened to an answer, reported to the Approvals view. */
export interface AnswerRecord {
  readonly key: string;
  readonly session: number;
  readonly subject: string;
  readonly ok: boolean;
  readonly text: string;
}

/** Props: the session (with its prompt) and where to report the outcome. */
export interface PromptCardProps {
  readonly session: SessionView;
  readonly prompt: PromptView;
  readonly lockdown: boolean;
  readonly onAnswered: (record: AnswerRecord) => void;
  /** The approvals queue's item for this prompt (why it needs the owner, where it was brought). */
  readonly approval?: ApprovalView | null;
}

/** A pending prompt card. */
export function PromptCard({ session, prompt, lockdown, onAnswered, approval = null }: PromptCardProps) {
  const client = useTowerClient();
  const [busy, setBusy] = useState<AnswerChoice | null>(null);
  // Another channel is typing an answer right now: nothing more may be sent from here.
  const elsewhere = approval?.status === 'answering';
  const path = approval === null ? null : escalationPath(approval);
  const [confirmRemember, setConfirmRemember] = useState(false);
  const remember = prompt.options.find((o) => o.role === 'approve-remember');
  const subject = prompt.subject ?? '';
  const headingId = `prompt-${session.id}-title`;

  const answer = async (choice: AnswerChoice) => {
    if (busy !== null || elsewhere) return;
    setBusy(choice);
    const record = { key: `${prompt.fingerprint}:${Date.now()}`, session: session.number, subject };
    try {
      const outcome = await client.api.answerPrompt({
        session: session.id,
        choice,
        fingerprint: prompt.fingerprint,
        channel: client.channel,
      });
      onAnswered({ ...record, ...describeAnswer(choice, outcome) });
    } catch (error) {
      onAnswered({ ...record, ok: false, text: describeError(error) });
    } finally {
      setBusy(null);
      setConfirmRemember(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target instanceof HTMLInputElement) return;
    if (event.key === 'a' || event.key === 'A') {
      event.preventDefault();
      void answer('approve');
    } else if (event.key === 'd' || event.key === 'D') {
      event.preventDefault();
      void answer('deny');
    }
  };

  return (
    <article
      className="card prompt"
      aria-labelledby={headingId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-fingerprint={prompt.fingerprint}
    >
      <header className="card-head">
        <h3 id={headingId} className="card-title">
          <span className="num">#{session.number}</span> <SafeText text={session.title} />
        </h3>
        <span className="badge tone-attention">
          {prompt.kind === 'permission' ? 'Permission' : 'Question'}
        </span>
      </header>
      <p className="meta">
        <SafeText text={agentLabel(session)} /> asks: <SafeText text={prompt.question} />
      </p>
      <p className="meta">
        {prompt.tool !== null ? <SafeText text={prompt.tool} /> : prompt.type}
        {' · '}
        {prompt.autoAnswerable ? 'policy may answer this kind' : 'always needs a person'}
      </p>
      {approval !== null ? (
        <p className="meta reason">
          Why you: <SafeText text={approval.reason} />
          {path !== null ? <> · brought to {path}</> : null}
          {approval.status === 'answering' ? <> · being answered elsewhere…</> : null}
        </p>
      ) : null}
      {/* The queue's reason already names the rule; without a queue item, say what policy decided. */}
      {approval === null ? <PolicyNote policy={session.policy} /> : null}
      {prompt.subject !== null ? (
        <pre className="subject" aria-label={`Exact ${prompt.type} for session ${session.number}`}>
          <SafeText text={prompt.subject} />
        </pre>
      ) : null}
      {hasHiddenCharacters(subject) ? (
        <p className="notice bad" role="alert">
          This text contains hidden or direction-changing characters, shown as ⟨U+…⟩. What runs may differ
          from what it seems to say.
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="approve"
          disabled={busy !== null || elsewhere || lockdown}
          aria-keyshortcuts="A"
          aria-label={`Approve session ${session.number}`}
          onClick={() => void answer('approve')}
        >
          {busy === 'approve' ? 'Approving…' : 'Approve'} <kbd>A</kbd>
        </button>
        <button
          type="button"
          className="deny"
          disabled={busy !== null || elsewhere || lockdown}
          aria-keyshortcuts="D"
          aria-label={`Deny session ${session.number}`}
          onClick={() => void answer('deny')}
        >
          {busy === 'deny' ? 'Denying…' : 'Deny'} <kbd>D</kbd>
        </button>
        {remember !== undefined && !confirmRemember ? (
          <button
            type="button"
            className="quiet"
            disabled={busy !== null || elsewhere || lockdown}
            aria-label={`Always allow for session ${session.number}…`}
            onClick={() => setConfirmRemember(true)}
          >
            Always allow…
          </button>
        ) : null}
      </div>
      {remember !== undefined && confirmRemember ? (
        <div className="confirm" role="group" aria-label="Confirm always allow">
          <p>
            This chooses “<SafeText text={remember.label} />
            ”: the agent will stop asking about commands like this one.
          </p>
          <button
            type="button"
            className="danger"
            disabled={busy !== null}
            onClick={() => void answer('approve-remember')}
          >
            Yes, always allow
          </button>
          <button type="button" className="quiet" onClick={() => setConfirmRemember(false)}>
            Cancel
          </button>
        </div>
      ) : null}
    </article>
  );
}
