/**
 * A tiny typed listener set, used by both transports.
 */

/** Listeners keyed by name. */
export class Listeners<Events extends object> {
  private readonly byName = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Adds a listener; returns its remover. */
  on<E extends keyof Events>(name: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.byName.get(name);
    if (set === undefined) {
      set = new Set();
      this.byName.set(name, set);
    }
    const stored = listener as (payload: never) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  /** Calls every listener of a name; one throwing listener does not stop the others. */
  emit<E extends keyof Events>(name: E, payload: Events[E]): void {
    for (const listener of [...(this.byName.get(name) ?? [])]) {
      try {
        (listener as (p: Events[E]) => void)(payload);
      } catch (error) {
        console.error(error);
      }
    }
  }

  clear(): void {
    this.byName.clear();
  }
}
