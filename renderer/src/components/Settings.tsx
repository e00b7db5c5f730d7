/**
 * Settings: the secrets Tower uses (bot token, Twilio credentials, TOTP seed). A value goes in once,
 * into the Keychain (app) or a 0600 file (headless), and is never shown again — only "set" and at most
 * its last four characters.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { KNOWN_SECRETS } from '../../../electron/contract/known-secrets';
import type { SecretInfo, SecretName } from '../../../electron/contract/settings';
import { useTowerClient } from '../hooks/tower-context';
import { describeError } from '../lib/outcome';
import { SafeText } from './SafeText';
import { TotpEnroll } from './TotpEnroll';

/** The settings view. */
export function Settings() {
  const client = useTowerClient();
  const [secrets, setSecrets] = useState<readonly SecretInfo[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setSecrets(await client.api.listSecrets());
      setProblem(null);
    } catch (error) {
      setProblem(describeError(error));
    }
  }, [client]);
  useEffect(() => void reload(), [reload]);

  return (
    <div className="view">
      <section className="group" aria-labelledby="secrets-title">
        <h2 id="secrets-title" className="group-title">
          Secrets
        </h2>
        <p className="footnote">
          Stored in the macOS Keychain by the app, or in a file only you can read when headless. A saved value
          is never shown again.
        </p>
        {problem !== null ? (
          <p className="notice bad" role="alert">
            <SafeText text={problem} />
          </p>
        ) : null}
        {secrets === null && problem === null ? <p className="empty">Loading…</p> : null}
        <ul className="plain">
          {(secrets ?? []).map((secret) => (
            <SecretRow key={secret.name} secret={secret} onChanged={() => void reload()} />
          ))}
        </ul>
        {secrets !== null ? (
          <TotpEnroll
            seedSet={secrets.some((s) => s.name === 'totp.seed' && s.set)}
            onChanged={() => void reload()}
          />
        ) : null}
      </section>
    </div>
  );
}

/** One secret: its state, a password field to set it, and Remove. */
export function SecretRow({
  secret,
  onChanged,
}: {
  readonly secret: SecretInfo;
  readonly onChanged: () => void;
}) {
  const client = useTowerClient();
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const id = `secret-${secret.name.replace(/\W/gu, '-')}`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim(); // a pasted token often carries a trailing newline or space
    if (trimmed === '') return;
    try {
      await client.api.setSecret({ name: secret.name, value: trimmed });
      setValue('');
      setMessage('Saved.');
      onChanged();
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  const remove = async (name: SecretName) => {
    try {
      await client.api.deleteSecret({ name });
      setMessage('Removed.');
      onChanged();
    } catch (error) {
      setMessage(describeError(error));
    }
  };

  return (
    <li className="card" data-secret={secret.name}>
      <div className="card-head">
        <label htmlFor={id} className="card-title">
          {secret.label}
        </label>
        <span className={`badge tone-${secret.set ? 'ok' : 'quiet'}`}>
          {secret.set ? `Set${secret.preview !== null ? ` ${secret.preview}` : ''}` : 'Not set'}
        </span>
      </div>
      <form className="row" onSubmit={(e) => void save(e)}>
        <input
          id={id}
          type={KNOWN_SECRETS.find((k) => k.name === secret.name)?.preview === 'full' ? 'text' : 'password'}
          autoComplete="off"
          spellCheck={false}
          placeholder={secret.set ? 'Replace…' : secret.hint}
          value={value}
          maxLength={4_096}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" disabled={value.trim() === ''} aria-label={`Save ${secret.label}`}>
          Save
        </button>
        {secret.set ? (
          <button
            type="button"
            className="quiet"
            aria-label={`Remove ${secret.label}`}
            onClick={() => void remove(secret.name)}
          >
            Remove
          </button>
        ) : null}
      </form>
      {message !== null ? (
        <p role="status" className="meta">
          {message}
        </p>
      ) : null}
    </li>
  );
}
