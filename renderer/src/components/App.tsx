/**
 * The popover: a status line, the LOCKDOWN banner, and five tabs (Approvals, Ground truth, Bridges,
 * Controls, Settings).
 */
import { useEffect, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ConnectionStatus } from '../api/connection';
import { useLiveState, useTowerClient } from '../hooks/tower-context';
import { pendingItems } from '../lib/approvals';
import { Approvals } from './Approvals';
import { Bridges } from './Bridges';
import { Controls } from './Controls';
import { GroundTruth } from './GroundTruth';
import { SafeText } from './SafeText';
import { Settings } from './Settings';

type TabId = 'approvals' | 'truth' | 'bridges' | 'controls' | 'settings';
const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'approvals', label: 'Approvals' },
  { id: 'truth', label: 'Ground truth' },
  { id: 'bridges', label: 'Bridges' },
  { id: 'controls', label: 'Controls' },
  { id: 'settings', label: 'Settings' },
];

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting to Tower…',
  open: 'Connected',
  closed: 'Disconnected — retrying…',
  unauthorized:
    'Cannot reach Tower. If it restarted, its token changed: open the new link it printed (#token=…).',
  'no-token': 'No token: open the link Tower printed (it ends in #token=…).',
};

/** The whole UI. */
export function App() {
  const client = useTowerClient();
  const { snapshot, status } = useLiveState();
  const [toast, setToast] = useState<{ level: string; message: string } | null>(null);
  useEffect(() => client.onToast((t) => setToast({ level: t.level, message: t.message })), [client]);
  const [tab, setTab] = useState<TabId>('approvals');
  const pending = snapshot === null ? 0 : pendingItems(snapshot).length;
  const bridgesDown = snapshot === null ? 0 : snapshot.bridges.filter((b) => b.state === 'down').length;

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = TABS[(at + step + TABS.length) % TABS.length];
    if (next !== undefined) {
      setTab(next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };

  return (
    <div className="app">
      <header className="top">
        <h1 className="brand">Tower</h1>
        <span className={`conn conn-${status}`} role="status">
          {STATUS_TEXT[status]}
        </span>
      </header>
      {snapshot?.lockdown === true ? (
        <p className="lockdown-banner" role="alert">
          LOCKDOWN engaged — Tower types nothing into any terminal.
        </p>
      ) : null}
      {toast !== null ? (
        <p className={`notice toast-${toast.level}`} role="status">
          <SafeText text={toast.message} />{' '}
          <button type="button" className="quiet" aria-label="Dismiss message" onClick={() => setToast(null)}>
            ×
          </button>
        </p>
      ) : null}
      <div className="tabs" role="tablist" aria-label="Views" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {t.id === 'approvals' && pending > 0 ? (
              <span className="pill" aria-label={`${pending} pending`}>
                {pending}
              </span>
            ) : null}
            {t.id === 'bridges' && bridgesDown > 0 ? (
              <span className="pill bad" aria-label={`${bridgesDown} down`}>
                !
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <main id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} className="panel">
        {snapshot === null ? (
          <p className="empty">Waiting for the first snapshot…</p>
        ) : tab === 'approvals' ? (
          <Approvals snapshot={snapshot} />
        ) : tab === 'truth' ? (
          <GroundTruth snapshot={snapshot} />
        ) : tab === 'bridges' ? (
          <Bridges snapshot={snapshot} />
        ) : tab === 'controls' ? (
          <Controls snapshot={snapshot} />
        ) : (
          <Settings />
        )}
      </main>
    </div>
  );
}
