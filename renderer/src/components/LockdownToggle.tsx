/**
 * LOCKDOWN: one click engages it (the safe direction); lifting it asks for confirmation.
 */
import { useState } from 'react';
import { useTowerClient } from '../hooks/tower-context';
import { describeError } from '../lib/outcome';
import { ConfirmStep, StatusLine } from './ConfirmStep';

/** Props: whether LOCKDOWN is engaged now. */
export interface LockdownToggleProps {
  readonly engaged: boolean;
}

/** The LOCKDOWN control. */
export function LockdownToggle({ engaged }: LockdownToggleProps) {
  const client = useTowerClient();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const set = async (next: boolean) => {
    setMessage(null);
    try {
      const result = await client.api.lockdown({ engaged: next });
      setMessage(result.lockdown ? 'LOCKDOWN engaged: Tower types nothing.' : 'LOCKDOWN lifted.');
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setConfirming(false);
    }
  };
  return (
    <section className="group" aria-labelledby="lockdown-title">
      <h2 id="lockdown-title" className="group-title">
        LOCKDOWN
      </h2>
      <p className="meta">
        {engaged
          ? 'Engaged: no answers, no typing, no new agents.'
          : 'Stops all typing into terminals at once, from every channel.'}
      </p>
      {!engaged ? (
        <button type="button" className="danger" aria-pressed={false} onClick={() => void set(true)}>
          Engage LOCKDOWN
        </button>
      ) : !confirming ? (
        <button type="button" className="quiet" aria-pressed={true} onClick={() => setConfirming(true)}>
          Lift LOCKDOWN…
        </button>
      ) : (
        <ConfirmStep
          label="Confirm lifting LOCKDOWN"
          question="Lift LOCKDOWN? Tower will type again when you or a policy answer."
          yes="Yes, lift LOCKDOWN"
          no="Keep LOCKDOWN"
          onYes={() => void set(false)}
          onNo={() => setConfirming(false)}
        />
      )}
      <StatusLine message={message} />
    </section>
  );
}
