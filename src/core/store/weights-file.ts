// Reading and writing a weights file: named float32 tensors concatenated, with a checksum.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { NamedArrays } from '../util/named-arrays';
import type { TensorEntry, WeightsEntry } from './manifest';
import { writeFileAtomic } from './atomic';

export async function writeWeights(dir: string, prefix: string, arrays: NamedArrays[]): Promise<WeightsEntry> {
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const a of arrays) {
    tensors.push({ name: a.name, shape: a.shape, offset });
    offset += a.values.byteLength;
  }
  const bytes = Buffer.alloc(offset);
  arrays.forEach((a, i) =>
    Buffer.from(a.values.buffer, a.values.byteOffset, a.values.byteLength).copy(bytes, tensors[i].offset),
  );
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The content hash in the name means a new file never overwrites the one a manifest points at.
  const file = `${prefix}-${sha256.slice(0, 12)}.bin`;
  await writeFileAtomic(path.join(dir, file), bytes);
  return { file, byteLength: bytes.length, sha256, tensors };
}

/** Reads and checks a weights file; every failure is an Error that says what is wrong and where. */
export async function readWeights(dir: string, entry: WeightsEntry, what: string): Promise<NamedArrays[]> {
  const file = safeFileName(dir, entry.file, what);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new Error(
      `The ${what} file ${entry.file} is missing from ${dir} (${(e as NodeJS.ErrnoException).code ?? e}).`,
    );
  }
  if (bytes.length !== entry.byteLength) {
    throw new Error(
      `The ${what} file ${file} is truncated or altered: expected ${entry.byteLength} bytes, found ${bytes.length}.`,
    );
  }
  if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
    throw new Error(`The ${what} file ${file} is corrupt: its checksum does not match the manifest.`);
  }
  return entry.tensors.map((t) => {
    const count = t.shape.reduce((a, d) => a * d, 1);
    if (!Number.isInteger(t.offset) || t.offset < 0 || t.offset % 4 !== 0 || t.offset + 4 * count > bytes.length) {
      throw new Error(`Tensor ${t.name} in ${file} lies outside the file.`);
    }
    const values = new Float32Array(count);
    Buffer.from(values.buffer).set(bytes.subarray(t.offset, t.offset + 4 * count));
    return { name: t.name, shape: t.shape, values };
  });
}

/** A manifest may only name files inside its own directory. */
function safeFileName(dir: string, name: unknown, what: string): string {
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name) || name.startsWith('.')) {
    throw new Error(
      `The manifest names an unsafe ${what} file ${JSON.stringify(name)}: ` +
        'it must be a plain file name inside the model directory.',
    );
  }
  return path.join(dir, name);
}
