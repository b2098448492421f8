// The Transformer's cross-attention in the panel: which decoder layer and head the heatmap shows. The
// default is the translation's own alignment, the last layer's mean over its heads (as Joey NMT plots
// it); the others come from its per-layer, per-head weights.
import type { Translation } from '../../core/translation';

export interface HeadOption {
  /** "<layer>:<head>" or "<layer>:mean", both 0-based. */
  value: string;
  label: string;
}

/** The choices a translation offers, the default first; none for a model without per-head weights. */
export function headOptions(t: Translation | undefined): HeadOption[] {
  const layers = t?.heads ?? [];
  const last = layers.length - 1;
  const mean = (l: number) => ({ value: `${l}:mean`, label: `Layer ${l + 1} · mean of heads` });
  const options: HeadOption[] = [];
  for (let l = last; l >= 0; l--) {
    options.push(l === last ? { ...mean(l), label: `${mean(l).label} (default)` } : mean(l));
    layers[l].forEach((_, h) => options.push({ value: `${l}:${h}`, label: `Layer ${l + 1} · head ${h + 1}` }));
  }
  return options;
}

/** The [output][source] weights the choice shows: the alignment by default, or when the choice does not fit. */
export function chosenWeights(t: Translation, choice: string | null): number[][] | null {
  const [layer, head] = (choice ?? '').split(':');
  const perHead = t.heads?.[Number(layer)];
  if (!perHead || layer === '') return t.attention;
  if (head === 'mean') return perHead[0].map((row, i) => row.map((_, j) => mean(perHead.map((h) => h[i][j]))));
  return perHead[Number(head)] ?? t.attention;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
