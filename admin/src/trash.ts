import { api, type Attachment } from './api';
import { attempt, confirmAction, formatTime, h, plural, showStatus } from './dom';
import { renderGrid } from './grid';
import { can } from './session';

const pageSize = 40;

export function renderTrash(root: HTMLElement): void {
  const selected = new Set<number>();
  let page = 1;
  let shown = 0;

  const grid = h('ul', { 'aria-label': 'Trash', class: 'grid' });
  const summary = h('p', { class: 'summary' });
  const loadMore = h('button', { type: 'button', class: 'load-more', hidden: true, onclick: () => void load(page + 1) }, 'Load more');
  const restore = h('button', { type: 'button', disabled: true, onclick: () => void restoreSelected() }, 'Restore selected');
  const purge = h('button', { type: 'button', class: 'danger', disabled: true, onclick: () => void purgeSelected() }, 'Delete selected for ever');
  const bar = h('div', { class: 'toolbar' });
  if (can('attachment.delete')) bar.append(restore, purge);

  root.replaceChildren(h('section', { class: 'content trash', 'aria-label': 'Trash view' },
    h('h2', {}, 'Trash'),
    h('p', { class: 'hint' }, 'Deleted files stay here for a while before they are removed for good. Restore brings a file back with its URL.'),
    bar, summary, grid, loadMore));

  const options = {
    label: 'trash',
    selected,
    onToggle: (attachment: Attachment, checked: boolean) => {
      if (checked) selected.add(attachment.id);
      else selected.delete(attachment.id);
      restore.disabled = purge.disabled = selected.size === 0;
    },
    onOpen: (attachment: Attachment) => {
      const checkbox = grid.querySelector<HTMLInputElement>(`li[data-id="${attachment.id}"] input[type=checkbox]`);
      if (checkbox) {
        checkbox.checked = !checkbox.checked;
        checkbox.dispatchEvent(new Event('change'));
      }
      showStatus(`${attachment.file_name}: deleted ${formatTime(attachment.deleted_time)}.`);
    },
  };

  async function load(next = 1): Promise<void> {
    await attempt(async () => {
      const result = await api.list({ trashed: 1, current: next, pageSize });
      page = next;
      if (next === 1) {
        selected.clear();
        shown = 0;
        restore.disabled = purge.disabled = true;
      }
      shown += result.data.length;
      renderGrid(grid, result.data, options, next > 1);
      loadMore.hidden = shown >= result.total;
      summary.textContent = result.total === 0 ? 'The trash is empty.' : `${plural(result.total, 'file')} in the trash.`;
    });
  }

  async function restoreSelected(): Promise<void> {
    await attempt(async () => {
      const restored = await api.restore([...selected]);
      showStatus(`Restored ${plural(restored.length, 'file')}.`);
      await load();
    });
  }

  async function purgeSelected(): Promise<void> {
    const ids = [...selected];
    if (!(await confirmAction('Delete for ever', `Delete ${plural(ids.length, 'file')} for ever? This cannot be undone.`, 'Delete for ever'))) return;
    await attempt(async () => {
      await api.remove(ids, true);
      showStatus(`Deleted ${plural(ids.length, 'file')} for ever.`);
      await load();
    });
  }

  void load();
}
