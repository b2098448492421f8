// Write-then-rename, so a crash or a cancelled run never leaves a half-written file behind; the
// temporary files a killed process leaves are removed the next time the directory is written.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const TMP_SUFFIX = /\.tmp-(\d+)-\d+$/;
let counter = 0;

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  // pid + time + counter: two saves in one millisecond (or two processes) never share a name.
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}${counter++}`;
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** True while a process with this id runs (a process we may not signal still runs). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of writers that no longer run (SIGKILL, power loss). Files of live
 * processes, this one included, may be mid-write and are left alone. Returns the names removed.
 */
export async function removeOrphanedTemporaryFiles(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const orphans = names.filter((name) => {
    const m = TMP_SUFFIX.exec(name);
    return m !== null && Number(m[1]) !== process.pid && !processAlive(Number(m[1]));
  });
  await Promise.all(orphans.map((name) => fs.rm(path.join(dir, name), { force: true })));
  return orphans;
}
