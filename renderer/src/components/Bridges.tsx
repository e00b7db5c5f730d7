/**
 * Bridges: Telegram, the phone line and the agent hooks — whether each works now, what it is
 * connected to, when it was last used, and in words why it is down or off.
 */
import type { BridgeView, Snapshot } from '../../../electron/contract/dto';
import { useNow } from '../hooks/tower-context';
import { formatDuration } from '../lib/duration';
import { PhoneUnlock } from './PhoneUnlock';
import { SafeText } from './SafeText';

/** Props: the snapshot. */
export interface BridgesProps {
  readonly snapshot: Snapshot;
}

const BRIDGES: readonly { id: BridgeView['id']; name: string; activity: string; unreported: string }[] = [
  {
    id: 'telegram',
    name: 'Telegram',
    activity: 'last update',
    unreported: 'Not configured: set the Telegram bot token in Settings.',
  },
  {
    id: 'phone',
    name: 'Phone',
    activity: 'last call',
    unreported: 'Not configured: set the Twilio credentials in Settings.',
  },
  {
    id: 'hooks',
    name: 'Agent hooks',
    activity: 'last hook event',
    unreported: 'Not reported: Tower reads screens only (no hook events).',
  },
];

const STATE = {
  up: { word: 'Connected', glyph: '●', tone: 'ok' },
  down: { word: 'Down', glyph: '✕', tone: 'bad' },
  off: { word: 'Off', glyph: '○', tone: 'quiet' },
} as const;

/** The bridges view. */
export function Bridges({ snapshot }: BridgesProps) {
  const now = useNow();
  return (
    <div className="view">
      {BRIDGES.map((known) => {
        const view = snapshot.bridges.find((b) => b.id === known.id);
        const state = STATE[view?.state ?? 'off'];
        return (
          <section
            key={known.id}
            className="card bridge"
            aria-labelledby={`bridge-${known.id}`}
            data-bridge={known.id}
            data-state={view?.state ?? 'unreported'}
          >
            <div className="card-head">
              <h2 id={`bridge-${known.id}`} className="card-title">
                {known.name}
              </h2>
              <span className={`badge tone-${state.tone}`}>
                <span aria-hidden="true">{state.glyph}</span> {state.word}
              </span>
            </div>
            {view === undefined ? <p className="meta">{known.unreported}</p> : null}
            {view?.detail ? (
              <p className="meta">
                <SafeText text={view.detail} />
              </p>
            ) : null}
            {view !== undefined && view.state !== 'up' && view.reason !== null ? (
              <p
                className={`notice ${view.state === 'down' ? 'bad' : 'warn'}`}
                role={view.state === 'down' ? 'alert' : undefined}
              >
                {view.state === 'down' ? 'Why it is down: ' : 'Why it is off: '}
                <SafeText text={view.reason} />
              </p>
            ) : null}
            {known.id === 'phone' && view?.lockedUntil ? <PhoneUnlock /> : null}
            {view !== undefined ? (
              <p className="footnote">
                {known.activity}:{' '}
                {view.lastActivityAt === null ? 'never' : `${formatDuration(now - view.lastActivityAt)} ago`}
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
