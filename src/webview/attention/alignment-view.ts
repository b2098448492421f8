// The Alignment tab: which line and which beam alternative, the picture (lines or heatmap, chosen by the
// space available unless the person chose), its legend and exports.
import type { ExportFormat, PanelCommand } from '../../shared/attention-messages';
import type { AlignedItem } from '../../shared/transform-record';
import { h } from '../dom';
import { emptyState } from './empty-state';
import { chosenWeights, headOptions, type HeadOption } from './head-choice';
import { renderGrid } from './heatmap-grid';
import { renderLines } from './lines-view';
import { choosePicture, fitHeatmap, type PictureChoice, type PictureKind } from './picture/layout';
import type { Picture } from './picture/picture';
import { currentSelection, ZOOM_STEPS, type PanelState } from './state';
import { createTooltip } from './tooltip';
import { truncate } from '../../shared/tokens';

export interface AlignmentEvents {
  onChange(patch: Partial<PanelState>): void;
  onHighlight(row: number | null, col: number | null): void;
  onReveal(): void;
  onExport(format: ExportFormat): void;
  onCommand(command: PanelCommand): void;
}

const tooltip = createTooltip();

/** Monospace character width of the labels, in CSS pixels (0.95 of a 13px editor font). */
const LABEL_CHAR_PX = 7.5;
/** The body's horizontal padding plus the scroll box's border (attention.css). */
const BODY_PADDING_PX = 18;

/** The side bar view or the editor-area panel (the host marks the page). */
const place = document.body.classList.contains('editor-area') ? 'editor' : 'view';

/** Draws the tab into `root`, `widthPx` wide; returns the picture (absent when there is nothing to draw). */
export function renderAlignment(
  root: HTMLElement,
  state: PanelState,
  widthPx: number,
  sourceStatus: HTMLElement,
  events: AlignmentEvents,
): Picture | undefined {
  tooltip.hide();
  const record = state.record;
  if (!record || !record.items.length) {
    root.replaceChildren(emptyState(events.onCommand));
    return undefined;
  }
  const { item: itemIndex, alternative } = currentSelection(state);
  const item = record.items[itemIndex];
  const translation = item.translations[alternative];
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Alignment' });
  if (record.items.length > 1) toolbar.append(itemPicker(record.items, itemIndex, (i) => events.onChange({ item: i })));
  if (item.translations.length > 1) {
    toolbar.append(
      alternativePicker(item, alternative, (a) =>
        events.onChange({ alternatives: withAt(state.alternatives, itemIndex, a) }),
      ),
    );
  }
  const heads = headOptions(translation);
  if (heads.length) toolbar.append(headPicker(heads, state.head, (head) => events.onChange({ head })));
  const kind = choosePicture(state.picture, widthPx, item.sourceTokens.length, place);
  toolbar.append(
    pictureButtons(state.picture, kind, (picture) => events.onChange({ picture })),
    zoomButtons(state.zoom, (zoom) => events.onChange({ zoom })),
  );
  if (kind === 'heatmap')
    toolbar.append(valuesToggle(state.showValues, (showValues) => events.onChange({ showValues })));
  const summary = h(
    'p',
    { class: 'summary' },
    h('span', { class: 'model' }, record.modelName),
    ' · ',
    h('span', { class: 'source-text', title: item.source }, truncate(item.source, 80)),
    ' → ',
    h('span', { class: 'output-text', title: translation?.text ?? '' }, truncate(translation?.text ?? '', 80)),
  );
  const parts: Node[] = [toolbar, summary];
  let picture: Picture | undefined;
  if (!translation) {
    parts.push(note('The model returned no output for this text.'));
  } else if (!translation.attention) {
    parts.push(
      note(
        'This model has no attention: it reads the source into one fixed vector (Cho et al. 2014, ' +
          'Sutskever et al. 2014), so there is no alignment to show. ' +
          'Train with the bahdanau2014 or vaswani2017 preset to see one.',
      ),
    );
  } else {
    const weights = chosenWeights(translation, state.head) ?? translation.attention;
    const mismatch =
      weights.length !== translation.tokens.length || weights.some((r) => r.length !== item.sourceTokens.length);
    const shapes =
      `(${weights.length}×${weights[0]?.length ?? 0}) does not match the tokens ` +
      `(${translation.tokens.length}×${item.sourceTokens.length})`;
    if (mismatch) parts.push(note(`The attention matrix ${shapes}; missing weights show as 0.`));
    const data = { rowTokens: translation.tokens, colTokens: item.sourceTokens.map((t) => t.text), weights };
    const pictureEvents = { onHighlight: events.onHighlight, onReveal: events.onReveal };
    const scroll = h('div', { class: `picture-scroll ${kind}-scroll` });
    if (kind === 'lines') {
      picture = renderLines(data, state.zoom, tooltip, pictureEvents);
    } else {
      const fit = fitHeatmap(widthPx - BODY_PADDING_PX, data.colTokens, LABEL_CHAR_PX, state.zoom);
      picture = renderGrid(
        {
          ...data,
          showValues: state.showValues,
          horizontalLabels: fit.horizontalLabels,
          cellPx: fit.cellPx * state.zoom,
        },
        tooltip,
        pictureEvents,
      );
    }
    scroll.append(picture.element);
    // The note goes below the picture: shown on the first hover, above it would move the picture under the pointer.
    parts.push(scroll, sourceStatus, legend(kind), exportButtons(events.onExport));
  }
  // Painted before it is shown: resolving the theme's colours then costs no style pass over the page.
  picture?.paint?.();
  root.replaceChildren(...parts, tooltip.element);
  return picture;
}

/** What decides the drawing besides the data: the picture and, for the heatmap, its fit. Equal keys draw alike. */
export function layoutKey(state: PanelState, widthPx: number): string {
  const item = state.record?.items[currentSelection(state).item];
  if (!item) return '';
  const kind = choosePicture(state.picture, widthPx, item.sourceTokens.length, place);
  if (kind === 'lines') return kind;
  const fit = fitHeatmap(
    widthPx - BODY_PADDING_PX,
    item.sourceTokens.map((t) => t.text),
    LABEL_CHAR_PX,
    state.zoom,
  );
  return `${kind} ${fit.cellPx} ${fit.horizontalLabels}`;
}

function itemPicker(items: readonly AlignedItem[], current: number, pick: (i: number) => void): HTMLElement {
  const select = h(
    'select',
    { id: 'item-select', 'aria-label': 'Transformed line' },
    ...items.map((it, i) =>
      h(
        'option',
        { value: i, selected: i === current },
        `${i + 1}/${items.length}: ${truncate(it.source.replace(/\s+/g, ' '), 60)}`,
      ),
    ),
  );
  select.addEventListener('change', () => pick(Number(select.value)));
  return h('label', { class: 'field' }, h('span', {}, 'Line'), select);
}

function alternativePicker(item: AlignedItem, current: number, pick: (i: number) => void): HTMLElement {
  const select = h(
    'select',
    { id: 'alternative-select', 'aria-label': 'Beam alternative' },
    ...item.translations.map((t, i) =>
      h('option', { value: i, selected: i === current }, `#${i + 1} (${t.score.toFixed(3)}): ${truncate(t.text, 50)}`),
    ),
  );
  select.addEventListener('change', () => pick(Number(select.value)));
  return h('label', { class: 'field' }, h('span', {}, 'Alternative'), select);
}

/** A Transformer's cross-attention: the layer and head shown (the default: the last layer's mean). */
function headPicker(options: HeadOption[], current: string | null, pick: (head: string | null) => void): HTMLElement {
  const select = h(
    'select',
    { id: 'head-select', 'aria-label': 'Attention layer and head' },
    ...options.map((o) =>
      h('option', { value: o.value, selected: (current ?? options[0].value) === o.value }, o.label),
    ),
  );
  select.addEventListener('change', () => pick(select.value === options[0].value ? null : select.value));
  return h('label', { class: 'field' }, h('span', {}, 'Attention'), select);
}

function zoomButtons(zoom: number, set: (z: number) => void): HTMLElement {
  const i = Math.max(
    0,
    ZOOM_STEPS.findIndex((z) => z >= zoom),
  );
  const button = (label: string, text: string, to: number | undefined) => {
    const b = h('button', { class: 'icon', 'aria-label': label, title: label, disabled: to === undefined }, text);
    if (to !== undefined) b.addEventListener('click', () => set(to));
    return b;
  };
  return h(
    'span',
    { class: 'group', role: 'group', 'aria-label': 'Zoom' },
    button('Zoom out', '−', ZOOM_STEPS[i - 1]),
    h('span', { class: 'zoom-level', 'aria-live': 'polite' }, `${Math.round(zoom * 100)}%`),
    button('Zoom in', '+', ZOOM_STEPS[i + 1]),
  );
}

function valuesToggle(on: boolean, set: (v: boolean) => void): HTMLElement {
  const b = h(
    'button',
    { class: 'toggle', 'aria-pressed': on ? 'true' : 'false', title: 'Show the weights (×100) in the cells' },
    'Values',
  );
  b.addEventListener('click', () => set(!on));
  return b;
}

/** Lines or heatmap: the choice follows the space ('auto', the default) until the person picks one. */
function pictureButtons(choice: PictureChoice, shown: PictureKind, set: (c: PictureChoice) => void): HTMLElement {
  const button = (to: PictureKind, label: string) => {
    const b = h(
      'button',
      {
        class: 'toggle',
        'data-picture': to,
        'aria-pressed': shown === to ? 'true' : 'false',
        title: `${label}${choice === 'auto' ? ' (chosen by the space available until you pick one)' : ''}`,
      },
      label,
    );
    b.addEventListener('click', () => set(to));
    return b;
  };
  return h(
    'span',
    { class: 'group', role: 'group', 'aria-label': 'Picture' },
    button('lines', 'Lines'),
    button('heatmap', 'Heatmap'),
  );
}

/** The scale: line opacity is the weight; a cell's shade its square root (0.25 is half way). */
function legend(kind: PictureKind): HTMLElement {
  const lines = kind === 'lines';
  return h(
    'div',
    {
      class: 'legend',
      role: 'note',
      'aria-label': lines
        ? 'Line opacity: the attention weight, 0 to 1'
        : 'Cell shade: attention weight, 0 to 1, square-root scale',
    },
    h('span', {}, '0'),
    h('span', { class: 'legend-bar' }, lines ? null : h('span', { class: 'legend-mid' }, '0.25')),
    h('span', {}, '1'),
    h('span', { class: 'legend-title' }, lines ? 'line opacity = attention weight' : 'attention weight (√ scale)'),
  );
}

function exportButtons(onExport: (f: ExportFormat) => void): HTMLElement {
  const labels: Record<ExportFormat, string> = { svg: 'SVG', png: 'PNG', json: 'JSON', pharaoh: 'Pharaoh' };
  return h(
    'div',
    { class: 'exports', role: 'group', 'aria-label': 'Export' },
    h('span', {}, 'Export:'),
    ...(Object.keys(labels) as ExportFormat[]).map((f) => {
      const b = h(
        'button',
        {
          class: 'secondary',
          'data-export': f,
          title: `Save the ${f === 'json' || f === 'pharaoh' ? 'alignments' : 'heatmap'} as ${labels[f]}`,
        },
        labels[f],
      );
      b.addEventListener('click', () => onExport(f));
      return b;
    }),
  );
}

function note(text: string): HTMLElement {
  return h('p', { class: 'note', role: 'note' }, text);
}

function withAt(list: readonly number[], index: number, value: number): number[] {
  const out = [...list];
  out[index] = value;
  return out;
}
