import { api, type Attachment, type Category } from './api';
import { attempt, formatBytes, formatTime, h, showStatus } from './dom';
import { can } from './session';

export interface DetailContext {
  categories: Category[];
  onChanged: () => void;
}

let panel: HTMLElement | null = null;
let returnFocus: HTMLElement | null = null;

export function closeDetail(): void {
  const id = panel?.dataset.id;
  panel?.remove();
  panel = null;
  // The grid may have been drawn again meanwhile (after a save): go back to the same file's new tile.
  const target = returnFocus?.isConnected ? returnFocus : document.querySelector<HTMLElement>(`li[data-id="${id}"] .tile-open`);
  target?.focus();
  returnFocus = null;
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // The clipboard API needs a secure context; a selected input and execCommand work without one.
    const input = h('input', { value: text, 'aria-hidden': 'true', tabindex: -1 });
    document.body.append(input);
    input.select();
    document.execCommand('copy');
    input.remove();
  }
  showStatus('Copied.');
}

let names: Promise<Map<number, string>> | null = null;

/** User names by id, read once: only users.manage may list users, so others see the id. */
function userNames(): Promise<Map<number, string>> {
  names ??= api.users().then((users) => new Map(users.map((u) => [u.id, u.user_name]))).catch(() => new Map());
  return names;
}

function urlsOf(attachment: Attachment): [string, string][] {
  const urls: [string, string][] = [];
  if (attachment.logo) urls.push(['original', attachment.logo]);
  if (attachment.thumb) urls.push(['thumbnail', attachment.thumb]);
  for (const [name, size] of Object.entries(attachment.sizes ?? {})) urls.push([`${name} (${size.width}×${size.height})`, size.url]);
  return urls;
}

function field(id: string, label: string, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

export function openDetail(attachment: Attachment, context: DetailContext): void {
  if (!panel) returnFocus = document.activeElement as HTMLElement | null;
  panel?.remove();
  panel = render(attachment, context);
  document.querySelector('main')?.append(panel);
  panel.querySelector<HTMLElement>('h2')?.focus();
}

function render(attachment: Attachment, context: DetailContext): HTMLElement {
  const mayEdit = can('attachment.manage');
  const refresh = (updated: Attachment) => {
    context.onChanged();
    openDetail(updated, context);
  };

  const preview = attachment.is_image && attachment.logo
    ? h('img', { src: attachment.logo, srcset: attachment.srcset || null, sizes: '26rem', alt: attachment.alt || '', class: 'preview-image' })
    : h('span', { class: 'file-badge large', 'aria-hidden': 'true' }, attachment.mime_type ?? 'file');
  const previewBox = h('div', { class: 'preview' }, preview);

  const hasFocus = attachment.is_image === 1 && typeof attachment.focus_x === 'number' && typeof attachment.focus_y === 'number';
  let focusNote: HTMLElement | null = null;
  let focusForm: HTMLFormElement | null = null;
  if (hasFocus) {
    const marker = h('span', { class: 'focus-marker', 'aria-hidden': 'true' });
    const place = (x: number, y: number) => {
      marker.style.left = `${x * 100}%`;
      marker.style.top = `${y * 100}%`;
    };
    place(attachment.focus_x ?? 0.5, attachment.focus_y ?? 0.5);
    previewBox.append(marker);
    focusNote = h('p', { class: 'hint' }, `Focal point: ${Math.round((attachment.focus_x ?? 0.5) * 100)}% across, ${Math.round((attachment.focus_y ?? 0.5) * 100)}% down.`);
    if (mayEdit) {
      const saveFocus = (x: number, y: number) => {
        place(x, y);
        void attempt(async () => {
          const updated = await api.edit({ id: attachment.id, focus_x: Number(x.toFixed(3)), focus_y: Number(y.toFixed(3)) });
          showStatus('Focal point saved.');
          refresh(updated);
        });
      };
      focusNote.append(' Click the picture to move it; crops keep it in view.');
      preview.classList.add('focusable');
      preview.addEventListener('click', (event) => {
        const box = preview.getBoundingClientRect();
        saveFocus(Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)), Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)));
      });
      // The same without a pointer.
      const across = h('input', { type: 'number', min: 0, max: 100, step: 1, value: Math.round((attachment.focus_x ?? 0.5) * 100) });
      const down = h('input', { type: 'number', min: 0, max: 100, step: 1, value: Math.round((attachment.focus_y ?? 0.5) * 100) });
      focusForm = h('form', { class: 'focus-form' },
        field('detail-focus-x', 'Across (%)', across), field('detail-focus-y', 'Down (%)', down),
        h('button', { type: 'submit' }, 'Set focal point'));
      focusForm.addEventListener('submit', (event) => {
        event.preventDefault();
        saveFocus(Number(across.value) / 100, Number(down.value) / 100);
      });
    }
  }

  const name = h('input', { type: 'text', maxlength: 250, required: true, value: attachment.file_name });
  const alt = h('input', { type: 'text', maxlength: 1000, value: attachment.alt ?? '' });
  const caption = h('textarea', { maxlength: 2000, rows: 3 });
  caption.value = attachment.caption ?? '';
  const tags = h('input', { type: 'text', value: (attachment.tags ?? []).join(', '), 'aria-describedby': 'detail-tags-hint' });
  const form = h('form', { class: 'detail-form' },
    field('detail-name', 'Name', name),
    field('detail-alt', 'Alt text', alt),
    field('detail-caption', 'Caption', caption),
    field('detail-tags', 'Tags', tags),
    h('p', { class: 'hint', id: 'detail-tags-hint' }, 'Separate tags with commas.'),
    h('button', { type: 'submit', class: 'primary' }, 'Save'));
  if (!mayEdit) for (const control of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, textarea, button')) control.disabled = true;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt(async () => {
      const updated = await api.edit({
        id: attachment.id,
        file_name: name.value.trim(),
        alt: alt.value,
        caption: caption.value,
        tags: tags.value.split(',').map((t) => t.trim()).filter((t) => t !== ''),
      });
      showStatus('Saved.');
      refresh(updated);
    });
  });

  const facts: [string, string][] = [
    ['Type', attachment.mime_type ?? (attachment.is_image ? 'image' : 'file')],
    ['Size', formatBytes(attachment.file_size)],
    ['Dimensions', attachment.width && attachment.height ? `${attachment.width} × ${attachment.height} px` : '—'],
    ['MD5', attachment.file_md5],
    ['Uploaded by', attachment.user_id ? `user #${attachment.user_id}` : 'nobody (found by a scan) or a deleted user'],
    ['Uploaded', formatTime(attachment.created_time)],
    ['Changed', formatTime(attachment.updated_time)],
    ['Visibility', attachment.visibility ?? 'public'],
    ['Location', attachment.file_location],
  ];
  const factList = h('dl', { class: 'facts' });
  for (const [term, value] of facts) factList.append(h('dt', {}, term), h('dd', { 'data-fact': term }, value));
  const uploader = factList.querySelector<HTMLElement>('[data-fact="Uploaded by"]');
  if (attachment.user_id && uploader && can('users.manage')) {
    void userNames().then((names) => {
      const userName = names.get(attachment.user_id);
      if (userName) uploader.textContent = userName;
    });
  }

  const urlList = h('ul', { class: 'urls' });
  for (const [label, url] of urlsOf(attachment)) {
    urlList.append(h('li', {},
      h('span', { class: 'url-label' }, label),
      h('a', { href: url, target: '_blank', rel: 'noopener', class: 'url' }, url),
      h('button', { type: 'button', 'aria-label': `Copy ${label.split(' (')[0]} URL`, onclick: () => void copy(url) }, 'Copy')));
  }

  const actions = h('div', { class: 'detail-actions' });
  if (mayEdit) {
    const category = h('select', {}, h('option', { value: '0' }, 'No category'), ...context.categories.map((c) => h('option', { value: c.id }, c.title)));
    category.value = String(attachment.category_id);
    actions.append(h('div', { class: 'move-row' }, field('detail-category', 'Category', category),
      h('button', { type: 'button', onclick: () => void attempt(async () => {
        const target = Number(category.value);
        await api.move([attachment.id], target);
        showStatus('Moved 1 file.');
        refresh({ ...attachment, category_id: target });
      }) }, 'Move')));
  }
  if (can('attachment.upload')) {
    const fileInput = h('input', { type: 'file', class: 'visually-hidden', tabindex: -1, 'aria-hidden': 'true' });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (!file) return;
      void attempt(async () => {
        showStatus(`Replacing with ${file.name}…`);
        const updated = await api.replace(attachment.id, file);
        showStatus('File replaced; its URLs stay the same.');
        refresh(updated);
      });
    });
    actions.append(fileInput, h('button', { type: 'button', onclick: () => fileInput.click() }, 'Replace file'));
  }
  if (can('attachment.delete')) {
    actions.append(h('button', { type: 'button', class: 'danger', onclick: () => void attempt(async () => {
      await api.remove([attachment.id]);
      showStatus('Moved 1 file to the trash.');
      closeDetail();
      context.onChanged();
    }) }, 'Delete'));
  }

  const aside = h('aside', { 'aria-label': 'Details', class: 'detail', 'data-id': attachment.id },
    h('div', { class: 'detail-head' },
      h('h2', { tabindex: -1 }, attachment.file_name),
      h('button', { type: 'button', onclick: closeDetail }, 'Close')),
    previewBox, focusNote, focusForm, form, h('h3', {}, 'URLs'), urlList, h('h3', {}, 'About this file'), factList, actions);
  aside.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDetail();
  });
  return aside;
}
