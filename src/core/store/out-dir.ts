// Checks on a training's output directory before the first step, so that a read-only or full
// target fails in a second with its path, not after an epoch with a bare ENOENT or ENOSPC.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_FILE } from './manifest';

export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputDirError';
  }
}

/** Creates `dir` if needed and proves it writable with a probe file. */
export async function checkWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(probe, 'probe');
  } catch (e) {
    throw new OutputDirError(
      `Cannot write to the output directory ${dir}: ${errnoText(e)}. Choose another --out directory.`,
    );
  } finally {
    await fs.rm(probe, { force: true }).catch(() => {});
  }
}

/** Refuses when the file system holding `dir` has less than `bytes` free. */
export async function checkFreeSpace(dir: string, bytes: number): Promise<void> {
  const stats = await fs.statfs(dir);
  const free = stats.bavail * stats.bsize;
  if (free < bytes) {
    throw new OutputDirError(
      `Not enough free space in ${dir}: ` +
        `the model and its checkpoint need about ${megabytes(bytes)}, ${megabytes(free)} are free.`,
    );
  }
}

/** True when `dir` (or its checkpoint) already holds a saved model. */
export async function holdsModel(dir: string, checkpointDir: string): Promise<boolean> {
  const exists = (d: string) =>
    fs.stat(path.join(d, MANIFEST_FILE)).then(
      () => true,
      () => false,
    );
  return (await exists(dir)) || (await exists(checkpointDir));
}

export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file of that name exists',
    ENOENT: 'the folder does not exist',
    EDQUOT: 'disk quota exceeded',
  };
  return err?.code ? `${reasons[err.code] ?? err.message} (${err.code})` : String((e as Error)?.message ?? e);
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
