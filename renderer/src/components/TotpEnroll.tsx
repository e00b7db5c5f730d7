/**
 * "Enroll phone PIN": makes a TOTP seed in this page, stores it through setSecret, and shows it once
 * as a QR code (plus the URI and the seed, for apps that cannot scan). Replacing a seed asks first:
 * codes from the old one stop working.
 */
import { useState } from 'react';
import { useTowerClient } from '../hooks/tower-context';
import { describeError } from '../lib/outcome';
import { groupedSeed, newTotpSeed, otpauthUri, qrModules } from '../lib/totp-enroll';
import { SafeText } from './SafeText';

/** The enrolment card; `seedSet` says whether a seed exists already. */
export function TotpEnroll({
  seedSet,
  onChanged,
}: {
  readonly seedSet: boolean;
  readonly onChanged: () => void;
}) {
  const client = useTowerClient();
  const [shown, setShown] = useState<{ seed: string; uri: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const enroll = async () => {
    setConfirming(false);
    const seed = newTotpSeed();
    try {
      await client.api.setSecret({ name: 'totp.seed', value: seed });
      setShown({ seed, uri: otpauthUri(seed, 'phone') });
      setMessage(null);
      onChanged();
    } catch (error) {
      setMessage(describeError(error));
    }
  };

  return (
    <section className="card" aria-labelledby="totp-enroll-title">
      <div className="card-head">
        <h3 id="totp-enroll-title" className="card-title">
          Phone PIN (TOTP)
        </h3>
      </div>
      {shown === null ? (
        <>
          <p className="meta">
            Phone calls ask for a 6-digit code from an authenticator app. Enrolling makes a new seed and shows
            it once, here.
          </p>
          {seedSet && !confirming ? (
            <button type="button" onClick={() => setConfirming(true)}>
              Replace phone PIN seed…
            </button>
          ) : null}
          {seedSet && confirming ? (
            <div className="row" role="group" aria-label="Confirm replacing the seed">
              <span className="meta">Codes from the current seed stop working.</span>
              <button type="button" onClick={() => void enroll()}>
                Replace
              </button>
              <button type="button" className="quiet" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          ) : null}
          {!seedSet ? (
            <button type="button" onClick={() => void enroll()}>
              Enroll phone PIN
            </button>
          ) : null}
        </>
      ) : (
        <EnrolledOnce seed={shown.seed} uri={shown.uri} onDone={() => setShown(null)} />
      )}
      {message !== null ? (
        <p role="alert" className="notice bad">
          <SafeText text={message} />
        </p>
      ) : null}
    </section>
  );
}

function EnrolledOnce({ seed, uri, onDone }: { seed: string; uri: string; onDone: () => void }) {
  const modules = qrModules(uri);
  const size = modules.length + 8; // a 4-module quiet zone on each side
  return (
    <div>
      <p className="meta" role="status">
        Saved. Scan it now with your authenticator app: it is not shown again. The phone line uses it from now
        on (it restarts by itself).
      </p>
      <svg
        role="img"
        aria-label="QR code of the phone PIN seed"
        viewBox={`0 0 ${size} ${size}`}
        width={200}
        height={200}
        shapeRendering="crispEdges"
      >
        <rect width={size} height={size} fill="#fff" />
        {modules.flatMap((row, y) =>
          row.map((dark, x) =>
            dark ? <rect key={`${x}-${y}`} x={x + 4} y={y + 4} width={1} height={1} fill="#000" /> : null,
          ),
        )}
      </svg>
      <p className="meta">
        Or type this key: <code aria-label="Key to type by hand">{groupedSeed(seed)}</code>
      </p>
      <button type="button" onClick={onDone}>
        Done — hide it
      </button>
    </div>
  );
}
