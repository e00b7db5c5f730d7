/**
 * The settings calls for secrets: list (names and "set", never values), set, delete — each audited
 * by name only. The value stays between the caller and the SecretStore.
 */
import { TowerError } from '../../contract/api';
import { KNOWN_SECRETS, SECRET_NAMES } from '../../contract/settings';
import type { SecretInfo, SecretName, SecretNameArgs, SetSecretArgs } from '../../contract/settings';
import type { AuditSink, Clock, SecretStore } from '../ports';

const PREVIEW_MIN_LENGTH = 16;

/** What the service needs; `secrets` null means this Tower has no secret store (calls are refused). */
export interface SecretSettingsDeps {
  readonly secrets: SecretStore | null;
  readonly audit: AuditSink;
  readonly clock: Clock;
  /** Told the name after a change, so a bridge can pick up a new token. */
  readonly changed?: (name: SecretName) => void;
}

/** Implements listSecrets / setSecret / deleteSecret. */
export class SecretSettings {
  constructor(private readonly deps: SecretSettingsDeps) {}

  async list(): Promise<readonly SecretInfo[]> {
    const store = this.store();
    const names = new Set(await store.names());
    return Promise.all(
      KNOWN_SECRETS.map(async (known): Promise<SecretInfo> => {
        const set = names.has(known.name);
        return {
          name: known.name,
          label: known.label,
          hint: known.hint,
          set,
          preview: !set
            ? null
            : known.preview === 'full'
              ? await store.get(known.name)
              : known.preview
                ? preview(await store.get(known.name))
                : null,
        };
      }),
    );
  }

  async set(args: SetSecretArgs): Promise<{ readonly set: true }> {
    const store = this.store();
    checkName(args.name);
    await store.set(args.name, args.value);
    await this.audited('secret-set', args.name);
    return { set: true };
  }

  async delete(args: SecretNameArgs): Promise<{ readonly deleted: true }> {
    const store = this.store();
    checkName(args.name);
    await store.delete(args.name);
    await this.audited('secret-deleted', args.name);
    return { deleted: true };
  }

  private async audited(kind: string, name: SecretName): Promise<void> {
    await this.deps.audit.append({ at: this.deps.clock.now(), kind, detail: { name } });
    this.deps.changed?.(name);
  }

  private store(): SecretStore {
    if (this.deps.secrets === null)
      throw new TowerError('not-allowed', 'this Tower has no secret store configured');
    return this.deps.secrets;
  }
}

/** The last four characters of a long value, so the owner can tell tokens apart; null otherwise. */
export function preview(value: string | null): string | null {
  if (value === null || value.length < PREVIEW_MIN_LENGTH) return null;
  return `…${value.slice(-4)}`;
}

function checkName(name: string): asserts name is SecretName {
  // The transport validates too; the core refuses unknown names for in-process callers as well.
  if (!(SECRET_NAMES as readonly string[]).includes(name))
    throw new TowerError('invalid-arguments', `unknown secret "${name}"`);
}
