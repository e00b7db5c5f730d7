/**
 * Lifting the phone line's lockout after wrong PIN codes: only here at the Mac (and `tower phone
 * unlock`), never by phone or Telegram. Asks first, like lifting LOCKDOWN: a lockout may be stopping
 * someone who is guessing.
 */
import { useState } from 'react';
import { useTowerClient } from '../hooks/tower-context';
import { describeError } from '../lib/outcome';
import { ConfirmStep, StatusLine } from './ConfirmStep';

/** The unlock control shown on a locked phone bridge. */
export function PhoneUnlock() {
  const client = useTowerClient();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const unlock = async () => {
    setMessage(null);
    try {
      const result = await client.api.unlockPhone({});
      setMessage(
        result.lifted ? 'Lockout lifted: the line takes PIN codes again.' : 'The line was not locked.',
      );
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setConfirming(false);
    }
  };
  return (
    <div>
      {!confirming ? (
        <button type="button" className="quiet" onClick={() => setConfirming(true)}>
          Lift the lockout…
        </button>
      ) : (
        <ConfirmStep
          label="Confirm lifting the phone lockout"
          question="Lift the lockout? Only if the wrong codes were yours: callers may try codes again at once."
          yes="Yes, lift it"
          no="Keep it locked"
          onYes={() => void unlock()}
          onNo={() => setConfirming(false)}
        />
      )}
      <StatusLine message={message} />
    </div>
  );
}
