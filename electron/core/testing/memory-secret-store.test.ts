import { MemorySecretStore } from './memory-secret-store';
import { secretStoreContract } from './secret-store.contract';

secretStoreContract('MemorySecretStore', () => {
  const store = new MemorySecretStore();
  return Promise.resolve({ store, reopen: () => store });
});
