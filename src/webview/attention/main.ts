// The attention panel's webview: state, tabs and the message loop with the extension host.
import type {
  DriveAction,
  HostMessage,
  PanelCommand,
  SourceStatus,
  WebviewMessage,
} from '../../shared/attention-messages';
import { layoutKey, renderAlignment } from './alignment-view';
import { h } from '../dom';
import type { Picture } from './picture/picture';
import { svgToPngBase64 } from './rasterize';
import { domReport } from './report';
import { chosenAlternatives, currentSelection, INITIAL_STATE, withRecord, type PanelState, type Tab } from './state';
import { foldTrainEvent } from '../../shared/training-history';
import { renderTraining } from './training-view';
import { vscodeApi } from '../vscode-api';

// The attention page runs only inside VS Code.
const api = vscodeApi<PanelState, WebviewMessage>()!;
/** The host marks the page when the extension runs in test mode; only then do the test hooks work. */
const testHooks = document.body.dataset.testHooks === 'true';
let state: PanelState = { ...INITIAL_STATE, ...api.getState() };
let picture: Picture | undefined;

const TABS: { id: Tab; label: string }[] = [
  { id: 'alignment', label: 'Alignment' },
  { id: 'training', label: 'Training' },
];
const tabButtons = TABS.map(({ id, label }) =>
  h('button', { role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}` }, label),
);
const panels = TABS.map(({ id }) =>
  h('div', { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, tabindex: 0 }),
);
const [alignmentPanel, trainingPanel] = panels;
/** Says why hovering does not highlight the editor, when it cannot; kept across redraws. */
const sourceStatus = h('p', { id: 'source-status', class: 'note', role: 'status', hidden: true });
const STATUS_TEXT: Record<SourceStatus, string> = {
  shown: '',
  replaced:
    'The source text is no longer in the editor (the output replaced it, or it was edited), ' +
    'so it cannot be highlighted there. ' +
    'Undo brings it back; Transform Selection… can insert the output below instead.',
  closed: 'The source document is closed: Enter or a double click on the heatmap opens it.',
  hidden: 'The source document is not visible: Enter or a double click on the heatmap shows it.',
};

function update(patch: Partial<PanelState>, redraw: 'alignment' | 'training' | 'both' | 'none' = 'both'): void {
  state = { ...state, ...patch };
  api.setState(state);
  if (redraw === 'alignment' || redraw === 'both') drawAlignment();
  if (redraw === 'training' || redraw === 'both') drawTraining();
  showTab();
}

function drawAlignment(): void {
  const selection = currentSelection(state);
  // Read once: asking for the width after the new picture is in forces a layout of it.
  const width = viewWidth();
  picture = renderAlignment(alignmentPanel, state, width, sourceStatus, {
    onChange: (patch) => update(patch, 'alignment'),
    onHighlight: (row, col) => api.postMessage({ type: 'hover', selection, row, col }),
    onReveal: () => api.postMessage({ type: 'reveal', selection }),
    onExport: (format) => api.postMessage({ type: 'export', format }),
    onCommand: run,
  });
  drawnLayout = layoutKey(state, width);
  const rendered = { ...selection, version: state.version, chosen: chosenAlternatives(state) };
  api.postMessage({ type: 'rendered', state: rendered, ...(testHooks ? { dom: domReport() } : {}) });
}

/** The width of the view (the picture takes it less the padding). */
const viewWidth = () => document.documentElement.clientWidth;

// A resize redraws only when it changes the picture or the heatmap's cell size, once per frame.
let resizeFrame = 0;
let drawnLayout = '';
new ResizeObserver(() => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => {
    if (layoutKey(state, viewWidth()) !== drawnLayout) drawAlignment();
  });
}).observe(document.documentElement);

// VS Code sets the theme's colours on <html> and its kind on <body>: what is painted from them follows.
new MutationObserver(() => picture?.paint?.()).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['style', 'class'],
  subtree: false,
});
new MutationObserver(() => picture?.paint?.()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

let trainingFrame = 0;
function drawTraining(): void {
  // Steps can arrive faster than frames: draw once per frame.
  cancelAnimationFrame(trainingFrame);
  trainingFrame = requestAnimationFrame(() => renderTraining(trainingPanel, state.training, run));
}

function run(command: PanelCommand): void {
  api.postMessage({ type: 'command', command });
}

function showTab(): void {
  TABS.forEach(({ id }, i) => {
    const selected = state.tab === id;
    tabButtons[i].setAttribute('aria-selected', String(selected));
    tabButtons[i].tabIndex = selected ? 0 : -1;
    panels[i].hidden = !selected;
  });
}

function drive(action: DriveAction): void {
  switch (action.kind) {
    case 'hoverRow':
      picture?.highlight(action.row, null);
      break;
    case 'hoverCol':
      picture?.highlight(null, action.col);
      break;
    case 'setPicture':
      alignmentPanel.querySelector<HTMLButtonElement>(`button[data-picture="${action.picture}"]`)?.click();
      break;
    case 'selectItem':
      select('#item-select', action.index);
      break;
    case 'selectAlternative':
      select('#alternative-select', action.index);
      break;
  }
}

/** Changes a picker the way a person does, so its change handler runs. */
function select(selector: string, index: number): void {
  const element = alignmentPanel.querySelector<HTMLSelectElement>(selector);
  if (!element) return;
  element.value = String(index);
  element.dispatchEvent(new Event('change'));
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'init':
      state = { ...withRecord(state, m.version, m.record), training: m.training };
      update({});
      break;
    case 'transform':
      // The note said why the last hover could not highlight the editor: it is about the old text.
      sourceStatus.hidden = true;
      state = withRecord(state, m.version, m.record);
      update({ tab: 'alignment' });
      break;
    case 'training':
      update(
        {
          training: foldTrainEvent(state.training, m.event),
          ...(m.event.type === 'start' ? { tab: 'training' as Tab } : {}),
        },
        m.event.type === 'start' ? 'both' : 'training',
      );
      break;
    case 'drive':
      if (testHooks) drive(m.action);
      break;
    case 'sourceStatus':
      sourceStatus.textContent = STATUS_TEXT[m.status];
      sourceStatus.hidden = m.status === 'shown';
      break;
    case 'rasterize':
      svgToPngBase64(m.svg, m.scale).then(
        (base64) => api.postMessage({ type: 'rasterized', id: m.id, base64 }),
        (e: unknown) => api.postMessage({ type: 'rasterized', id: m.id, base64: null, error: String(e) }),
      );
      break;
  }
});

const tablist = h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Seq2Seq panel' }, ...tabButtons);
tabButtons.forEach((b, i) => b.addEventListener('click', () => update({ tab: TABS[i].id }, 'none')));
tablist.addEventListener('keydown', (e) => {
  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  const i = (TABS.findIndex((t) => t.id === state.tab) + step + TABS.length) % TABS.length;
  update({ tab: TABS[i].id }, 'none');
  tabButtons[i].focus();
});
document.body.append(tablist, ...panels);
// Draw what was kept before the view was hidden, then ask the host for the current data.
update({});
api.postMessage({ type: 'ready' });
