// One tooltip element for the grid, placed beside the element it describes. Text only.
import { h } from '../dom';

export interface Tooltip {
  readonly element: HTMLElement;
  show(anchor: HTMLElement, text: string): void;
  hide(): void;
}

export function createTooltip(): Tooltip {
  const element = h('div', { id: 'tooltip', role: 'tooltip', hidden: true });
  return {
    element,
    show(anchor, text) {
      element.textContent = text;
      element.hidden = false;
      const a = anchor.getBoundingClientRect();
      const t = element.getBoundingClientRect();
      // Below-right of the anchor, flipped when it would leave the view.
      const left = a.right + 6 + t.width > window.innerWidth ? Math.max(0, a.left - 6 - t.width) : a.right + 6;
      const top = a.bottom + 4 + t.height > window.innerHeight ? Math.max(0, a.top - 4 - t.height) : a.bottom + 4;
      element.style.setProperty('left', `${left}px`);
      element.style.setProperty('top', `${top}px`);
    },
    hide() {
      element.hidden = true;
    },
  };
}
