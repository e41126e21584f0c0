import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageContractSuite } from '../contract/suite';
import { openSqliteStorage } from './index';

// The contract suite against both SQLite variants: a database file (with the writer thread, as in
// production) and ':memory:' (one connection, as most tests use).
storageContractSuite('sqlite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'atendo-contract-'));
  const storage = openSqliteStorage(join(dir, 'atendo.db'), { writer: 'thread' });
  return {
    storage,
    async close() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

storageContractSuite('sqlite :memory:', async () => {
  const storage = openSqliteStorage(':memory:');
  return { storage, close: () => storage.close() };
});
