// Re-indexing the rows of a decoding memory or state (beam search tiles and reorders hypotheses).
import { tf } from '../backend/tf';

/**
 * A copy of `tree` with axis 0 of every tensor in it gathered at `rows`; plain objects and arrays
 * are walked, other values (a step counter, undefined) kept as they are.
 */
export function gatherRows<T>(tree: T, rows: tf.Tensor1D): T {
  if (tree instanceof tf.Tensor) return tf.gather(tree, rows) as T;
  if (Array.isArray(tree)) return tree.map((x) => gatherRows(x, rows)) as T;
  if (tree !== null && typeof tree === 'object')
    return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, gatherRows(v, rows)])) as T;
  return tree;
}
