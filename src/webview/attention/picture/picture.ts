// What both pictures of an alignment (heatmap, lines) offer the view around them.
export interface PictureEvents {
  /** An output token (row), a source token (col), a pair (both) or nothing (both null) is pointed at. */
  onHighlight(row: number | null, col: number | null): void;
  /** Enter / double click: show the source in the editor. */
  onReveal(): void;
}

export interface Picture {
  readonly element: HTMLElement | SVGElement;
  /** Highlights as a hover or focus does, and tells the host (onHighlight). */
  highlight(row: number | null, col: number | null): void;
  /** Paints what takes its colours from the page's styles: once inserted, and after a theme change. */
  paint?(): void;
}

/**
 * The keys both pictures share: Enter or Space shows the source in the editor, Escape clears the
 * highlight; `move` takes any other key and says whether it moved the focus.
 */
export function pictureKeydown(
  e: KeyboardEvent,
  events: PictureEvents,
  clear: () => void,
  move: (key: string, ctrl: boolean) => boolean,
): void {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    events.onReveal();
  } else if (e.key === 'Escape') clear();
  else if (move(e.key, e.ctrlKey || e.metaKey)) e.preventDefault();
}
