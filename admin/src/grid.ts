import type { Attachment } from './api';
import { h } from './dom';

export interface GridOptions {
  label: string;
  selected: Set<number>;
  onToggle: (attachment: Attachment, checked: boolean) => void;
  onOpen: (attachment: Attachment) => void;
}

function extension(attachment: Attachment): string {
  const dot = attachment.file_location.lastIndexOf('.');
  return dot >= 0 ? attachment.file_location.slice(dot + 1).toUpperCase() : 'FILE';
}

function preview(attachment: Attachment): HTMLElement {
  if (attachment.is_image && attachment.thumb) {
    const img = h('img', {
      src: attachment.thumb,
      alt: '',
      loading: 'lazy',
      decoding: 'async',
      width: 160,
      height: 160,
    });
    if (attachment.srcset) {
      img.srcset = attachment.srcset;
      img.sizes = '(max-width: 600px) 45vw, 180px';
    }
    if (attachment.dominant_color) img.style.backgroundColor = attachment.dominant_color;
    return img;
  }
  const badge = h('span', { class: 'file-badge', 'aria-hidden': 'true' }, extension(attachment));
  if (attachment.dominant_color) {
    badge.style.backgroundColor = attachment.dominant_color;
    badge.style.color = readableOn(attachment.dominant_color);
  }
  return badge;
}

export function tile(attachment: Attachment, options: GridOptions): HTMLLIElement {
  const checkboxId = `select-${options.label}-${attachment.id}`;
  const checkbox = h('input', { type: 'checkbox', id: checkboxId, checked: options.selected.has(attachment.id) });
  checkbox.addEventListener('change', () => options.onToggle(attachment, checkbox.checked));
  const item = h('li', { class: 'tile', 'data-id': attachment.id },
    h('label', { class: 'tile-select', for: checkboxId }, checkbox, h('span', { class: 'visually-hidden' }, `Select ${attachment.file_name}`)),
    h('button', { type: 'button', class: 'tile-open', onclick: () => options.onOpen(attachment) },
      preview(attachment),
      h('span', { class: 'tile-name' }, attachment.file_name)));
  item.classList.toggle('is-selected', options.selected.has(attachment.id));
  return item;
}

export function renderGrid(list: HTMLUListElement, attachments: Attachment[], options: GridOptions, append = false): void {
  if (!append) list.replaceChildren();
  for (const attachment of attachments) list.append(tile(attachment, options));
}

/** Black or white, whichever contrasts more with the colour #rrggbb (WCAG relative luminance). */
function readableOn(background: string): string {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background);
  if (!match) return '';
  const [r, g, b] = match.slice(1).map((hex) => {
    const channel = parseInt(hex, 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000' : '#fff';
}
