/**
 * The second step of an action that is hard to undo (lift LOCKDOWN, close a session, lift the phone
 * lockout): what will happen, a red "yes" and a way back. And the status line each action leaves.
 */

/** Props of the confirmation group. */
export interface ConfirmStepProps {
  /** The group's accessible name ("Confirm lifting LOCKDOWN"). */
  readonly label: string;
  /** What will happen, in a sentence; omitted when the buttons say it all. */
  readonly question?: string;
  readonly yes: string;
  readonly no: string;
  readonly onYes: () => void;
  readonly onNo: () => void;
}

/** "Are you sure?" with the two buttons. */
export function ConfirmStep({ label, question, yes, no, onYes, onNo }: ConfirmStepProps) {
  return (
    <div className="confirm" role="group" aria-label={label}>
      {question !== undefined ? <p>{question}</p> : null}
      <button type="button" className="danger" onClick={onYes}>
        {yes}
      </button>
      <button type="button" className="quiet" onClick={onNo}>
        {no}
      </button>
    </div>
  );
}

/** What the last action did, or why it failed; nothing before the first. */
export function StatusLine({ message }: { readonly message: string | null }) {
  return message !== null ? (
    <p role="status" className="meta">
      {message}
    </p>
  ) : null;
}
