// How a model token is shown: whitespace and special tokens made visible, never interpreted as HTML
// (callers put the pieces in with textContent). Pure, shared by the panel and the SVG export.
import { WORD_BOUNDARY } from '../core/data/word-tokenizer';

export type PieceKind = 'text' | 'space' | 'special';
export interface TokenPiece {
  kind: PieceKind;
  text: string;
}

/** Whitespace characters and the visible marks that stand for them. */
const MARKS: Record<string, string> = {
  [WORD_BOUNDARY]: '␣',
  ' ': '·',
  '\t': '→',
  '\n': '↵',
  '\r': '␍',
  '\u00a0': '⍽',
};
/** Vocabulary entries such as <unk>, </s>, <pad>. */
const SPECIAL = /^<\/?[a-z]{1,8}>$/i;

export function tokenPieces(token: string): TokenPiece[] {
  if (token === '') return [{ kind: 'special', text: '∅' }];
  if (SPECIAL.test(token)) return [{ kind: 'special', text: token }];
  const pieces: TokenPiece[] = [];
  for (const ch of token) {
    const mark = MARKS[ch];
    const kind: PieceKind = mark ? 'space' : 'text';
    const last = pieces[pieces.length - 1];
    if (last && last.kind === kind) last.text += mark ?? ch;
    else pieces.push({ kind, text: mark ?? ch });
  }
  return pieces;
}

/** The visible text of a token, e.g. '▁chat' -> '␣chat'. */
export function tokenText(token: string): string {
  return tokenPieces(token)
    .map((p) => p.text)
    .join('');
}

/** A description for tooltips and screen readers, e.g. '"chat" after a space'. */
export function tokenDescription(token: string): string {
  if (token === '') return 'empty token';
  if (SPECIAL.test(token)) return `special token ${token}`;
  if (token === ' ') return 'space';
  const spaced = token.startsWith(WORD_BOUNDARY);
  const rest = spaced ? token.slice(WORD_BOUNDARY.length) : token;
  return `"${rest}"${spaced ? ' after a space' : ''}`;
}

/** At most `max` characters of the visible text, with an ellipsis when cut (by code point). */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}
