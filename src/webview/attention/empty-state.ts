// What the panel shows before any transform: what it is for, and the three ways to get there.
import type { PanelCommand } from '../../shared/attention-messages';
import { h } from '../dom';

const WHAT_THIS_SHOWS =
  'Select text in an editor and run Translate Selection: this panel then shows, for every output token, ' +
  'which source tokens the model attended to (Bahdanau et al. 2014). ' +
  'No model yet? Train one on a corpus in your workspace, or load one.';

export function emptyState(run: (command: PanelCommand) => void, text = WHAT_THIS_SHOWS): HTMLElement {
  const button = (command: PanelCommand, label: string, primary = false) => {
    const b = h('button', { class: primary ? 'primary' : 'secondary', 'data-command': command }, label);
    b.addEventListener('click', () => run(command));
    return b;
  };
  return h(
    'section',
    { class: 'empty', 'aria-label': 'Getting started' },
    h('p', {}, text),
    h(
      'div',
      { class: 'actions' },
      button('translate', 'Translate Selection', true),
      button('load', 'Load Model…'),
      button('train', 'Train Model…'),
    ),
  );
}
