/**
 * React access to the TowerClient: the context, the live snapshot, and a ticking clock.
 */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { LiveState, TowerClient } from '../api/tower-client';

/** The client for the component tree; provided once by `main.tsx` (or a test). */
export const TowerClientContext = createContext<TowerClient | null>(null);

/** The client; throws if a component is rendered outside the provider (a programming error). */
export function useTowerClient(): TowerClient {
  const client = useContext(TowerClientContext);
  if (client === null) throw new Error('TowerClientContext is not provided');
  return client;
}

/** The newest snapshot and connection status, re-rendering on every push. */
export function useLiveState(): LiveState {
  const client = useTowerClient();
  return useSyncExternalStore(client.subscribe, client.getState, client.getState);
}

/** `Date.now()`, refreshed every `everyMs`, for "in this state for 42s". */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
