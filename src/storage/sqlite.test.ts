// The storage conformance suite on SQLite: a real database file in a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runStorageConformance } from './conformance.case.js';
import { createRepos, createSecretBox, openDatabase } from './index.js';

runStorageConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-'));
  const db = await openDatabase({ sqliteFile: join(dir, 'switchyard.db') });
  const box = createSecretBox(randomBytes(32));
  return {
    db,
    box,
    repos: createRepos(db, box),
    async cleanup() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
