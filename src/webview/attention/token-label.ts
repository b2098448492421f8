// A token as DOM: pieces in spans (whitespace marks and special tokens styled apart), as text only.
import { h } from '../dom';
import { tokenPieces } from '../../shared/tokens';

export function tokenLabel(token: string): HTMLSpanElement {
  return h(
    'span',
    { class: 'label-text' },
    ...tokenPieces(token).map((p) => (p.kind === 'text' ? p.text : h('span', { class: `tok-${p.kind}` }, p.text))),
  );
}
