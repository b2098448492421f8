// One training per output directory: a lock file holding the owner's PID. A lock whose process is
// gone (killed, crashed) is stale and taken over, so a SIGKILL never blocks the next --resume.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processAlive } from './atomic';

export const LOCK_FILE = '.training.lock';

interface LockRecord {
  pid: number;
  host: string;
  startedAt: string;
}

export class DirectoryLockedError extends Error {
  constructor(dir: string, holder: LockRecord) {
    super(
      `${dir} is in use by another training (PID ${holder.pid} on ${holder.host}, since ${holder.startedAt}); ` +
        'wait for it to finish or stop it first.',
    );
    this.name = 'DirectoryLockedError';
  }
}

/** Takes the directory's lock (creating the directory); resolves to the function that releases it. */
export async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK_FILE);
  const mine: LockRecord = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      // 'wx' fails if the file exists: creation is the atomic test-and-set.
      await fs.writeFile(file, JSON.stringify(mine), { flag: 'wx' });
      return () => releaseLock(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    const holder = await readLock(file);
    if (holder && isLive(holder)) throw new DirectoryLockedError(dir, holder);
    // Stale (its process is gone) or unreadable (killed while writing it): take it over once.
    await fs.rm(file, { force: true });
  }
}

async function readLock(file: string): Promise<LockRecord | undefined> {
  try {
    const record = JSON.parse(await fs.readFile(file, 'utf8'));
    return Number.isInteger(record?.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** A lock from another machine (a shared folder) cannot be checked, so it counts as live. */
function isLive(holder: LockRecord): boolean {
  return holder.host !== os.hostname() || processAlive(holder.pid);
}

async function releaseLock(file: string): Promise<void> {
  const holder = await readLock(file);
  if (holder?.pid === process.pid) await fs.rm(file, { force: true });
}
