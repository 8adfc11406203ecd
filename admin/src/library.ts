import { api, type Attachment, type Category, type ListQuery } from './api';
import { openDetail } from './detail';
import { attempt, confirmAction, h, plural, promptText, showError, showStatus } from './dom';
import { renderGrid } from './grid';
import { can } from './session';
import { createUploader, type Uploader } from './upload';

const pageSize = 40;

export interface PickerChoice {
  multiple: boolean;
  type: '' | 'image' | 'file';
  accept?: string[];
  categoryId: number;
  onChoose: (attachments: Attachment[]) => void;
  onCancel: () => void;
}

export function renderLibrary(root: HTMLElement, picker?: PickerChoice): void {
  let categories: Category[] = [];
  let allCount = 0;
  let categoryId = picker?.categoryId ?? 0;
  let items: Attachment[] = [];
  let cursor: string | null = null;
  const selected = new Map<number, Attachment>();
  let uploader: Uploader | null = null;

  const categoryList = h('ul', { class: 'category-list' });
  const sidebar = h('nav', { 'aria-label': 'Categories', id: 'categories', class: 'sidebar' }, h('h2', {}, 'Categories'), categoryList);
  const sidebarToggle = h('button', { type: 'button', class: 'sidebar-toggle', 'aria-expanded': 'false', 'aria-controls': 'categories' }, 'Categories');
  sidebarToggle.addEventListener('click', () => {
    const open = sidebar.classList.toggle('open');
    sidebarToggle.setAttribute('aria-expanded', String(open));
  });

  if (can('attachment.manage') && !picker) {
    sidebar.append(h('div', { class: 'category-actions' },
      h('button', { type: 'button', onclick: () => void newCategory() }, 'New category'),
      h('button', { type: 'button', onclick: () => void renameCategory() }, 'Rename category'),
      h('button', { type: 'button', onclick: () => void deleteCategory() }, 'Delete category')));
  }

  const search = h('input', { type: 'search', id: 'library-search', placeholder: 'Name, alt text, caption or tag' });
  const typeSelect = h('select', { id: 'library-type', disabled: picker?.type ? true : false },
    h('option', { value: '' }, 'All types'), h('option', { value: 'image' }, 'Images'), h('option', { value: 'file' }, 'Other files'));
  typeSelect.value = picker?.type ?? '';
  let searchTimer = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => void load(), 300);
  });
  typeSelect.addEventListener('change', () => void load());

  const toolbar = h('div', { class: 'toolbar' },
    h('div', { class: 'field' }, h('label', { for: 'library-search' }, 'Search'), search),
    h('div', { class: 'field' }, h('label', { for: 'library-type' }, 'Type'), typeSelect));
  if (can('attachment.upload')) {
    uploader = createUploader({ accept: picker?.accept, onUploaded: () => void refresh() });
    toolbar.append(h('button', { type: 'button', class: 'primary', onclick: () => uploader?.open(categoryId) }, 'Upload files'));
  }

  const summary = h('p', { class: 'summary' });
  const grid = h('ul', { 'aria-label': 'Attachments', class: 'grid' });
  const loadMore = h('button', { type: 'button', class: 'load-more', hidden: true, onclick: () => void load(true) }, 'Load more');

  const moveTarget = h('select', { id: 'bulk-move-target' });
  const selectionCount = h('span', { class: 'selection-count' });
  const bulkBar = h('div', { class: 'bulk-bar', hidden: true, role: 'region', 'aria-label': 'Selection' }, selectionCount);
  if (!picker && can('attachment.manage')) {
    bulkBar.append(
      h('label', { for: 'bulk-move-target' }, 'Move selected to'), moveTarget,
      h('button', { type: 'button', onclick: () => void moveSelected() }, 'Move selected'));
  }
  if (!picker && can('attachment.delete')) {
    bulkBar.append(h('button', { type: 'button', class: 'danger', onclick: () => void deleteSelected() }, 'Delete selected'));
  }
  bulkBar.append(h('button', { type: 'button', onclick: () => { selected.clear(); redrawSelection(); } }, 'Clear selection'));

  const chooseButton = h('button', { type: 'button', class: 'primary', disabled: true, onclick: () => picker?.onChoose([...selected.values()]) }, 'Choose');
  const pickerBar = picker
    ? h('div', { class: 'picker-bar' }, h('span', { class: 'selection-hint' }, picker.multiple ? 'Select one or more files.' : 'Select a file.'),
      h('button', { type: 'button', onclick: () => picker.onCancel() }, 'Cancel'), chooseButton)
    : null;

  const content = h('section', { class: 'content', 'aria-label': 'Files' }, toolbar, pickerBar, picker ? null : bulkBar, summary, grid, loadMore);
  root.replaceChildren(h('div', { class: 'library' }, sidebarToggle, sidebar, content));

  function gridOptions() {
    return {
      label: 'library',
      selected: new Set(selected.keys()),
      onToggle: toggle,
      onOpen: (attachment: Attachment) => {
        if (picker) toggle(attachment, !selected.has(attachment.id));
        else openDetail(attachment, { categories, onChanged: () => void refresh() });
      },
    };
  }

  function toggle(attachment: Attachment, checked: boolean): void {
    if (picker && !picker.multiple) selected.clear();
    if (checked) selected.set(attachment.id, attachment);
    else selected.delete(attachment.id);
    redrawSelection();
  }

  function redrawSelection(): void {
    for (const item of grid.querySelectorAll<HTMLLIElement>('li.tile')) {
      const isSelected = selected.has(Number(item.dataset.id));
      item.classList.toggle('is-selected', isSelected);
      const checkbox = item.querySelector<HTMLInputElement>('input[type=checkbox]');
      if (checkbox) checkbox.checked = isSelected;
    }
    bulkBar.hidden = selected.size === 0;
    selectionCount.textContent = `${plural(selected.size, 'file')} selected`;
    chooseButton.disabled = selected.size === 0;
  }

  function renderCategories(): void {
    const button = (id: number, title: string, count: number) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(id === categoryId), onclick: () => selectCategory(id) },
        h('span', { class: 'category-title' }, title), ' ', h('span', { class: 'count' }, String(count)));
      return h('li', {}, b);
    };
    categoryList.replaceChildren(button(0, 'All files', allCount), ...categories.map((c) => button(c.id, c.title, c.attach_count)));
    moveTarget.replaceChildren(h('option', { value: '0' }, 'No category'), ...categories.map((c) => h('option', { value: c.id }, c.title)));
  }

  function selectCategory(id: number): void {
    categoryId = id;
    sidebar.classList.remove('open');
    sidebarToggle.setAttribute('aria-expanded', 'false');
    renderCategories();
    void load();
  }

  async function loadCategories(): Promise<void> {
    const [list, all] = await Promise.all([api.categories(), api.list({ pageSize: 1 })]);
    categories = list;
    allCount = all.total;
    if (categoryId && !categories.some((c) => c.id === categoryId)) categoryId = 0;
    renderCategories();
  }

  async function load(more = false): Promise<void> {
    await attempt(async () => {
      const query: ListQuery = { pageSize, q: search.value.trim(), type: typeSelect.value as ListQuery['type'] };
      if (categoryId) query.category_id = categoryId;
      if (more && cursor) query.cursor = cursor;
      const page = await api.list(query);
      items = more ? [...items, ...page.data] : page.data;
      cursor = page.cursor ?? null;
      renderGrid(grid, page.data, gridOptions(), more);
      loadMore.hidden = !cursor;
      const where = categoryId ? categories.find((c) => c.id === categoryId)?.title ?? 'this category' : 'the library';
      summary.textContent = page.total === 0
        ? `No files in ${where}${query.q ? ` match “${query.q}”` : ''}.`
        : `Showing ${items.length} of ${page.total_estimated ? 'at least ' : ''}${plural(page.total, 'file')}.`;
      redrawSelection();
    });
  }

  async function refresh(): Promise<void> {
    await attempt(loadCategories);
    await load();
  }

  async function newCategory(): Promise<void> {
    const title = await promptText('New category', 'Category name', '', 'Save category');
    if (!title) return;
    await attempt(async () => {
      const category = await api.saveCategory(title);
      categoryId = category.id;
      showStatus(`Category “${category.title}” created.`);
      await refresh();
    });
  }

  function current(): Category | undefined {
    const category = categories.find((c) => c.id === categoryId);
    if (!category) showError('Choose a category in the list first.');
    return category;
  }

  async function renameCategory(): Promise<void> {
    const category = current();
    if (!category) return;
    const title = await promptText('Rename category', 'Category name', category.title, 'Save category');
    if (!title) return;
    await attempt(async () => {
      await api.saveCategory(title, category.id);
      showStatus('Category renamed.');
      await loadCategories();
    });
  }

  async function deleteCategory(): Promise<void> {
    const category = current();
    if (!category) return;
    if (category.attach_count > 0) {
      showError(`“${category.title}” holds ${plural(category.attach_count, 'file')}; move or delete them first.`);
      return;
    }
    if (!(await confirmAction('Delete category', `Delete the empty category “${category.title}”?`, 'Delete category'))) return;
    await attempt(async () => {
      await api.deleteCategory(category.id);
      categoryId = 0;
      showStatus('Category deleted.');
      await refresh();
    });
  }

  async function moveSelected(): Promise<void> {
    await attempt(async () => {
      // Files already in the target count as moved too: afterwards every selected file is there.
      const ids = [...selected.keys()];
      await api.move(ids, Number(moveTarget.value));
      selected.clear();
      showStatus(`Moved ${plural(ids.length, 'file')}.`);
      await refresh();
    });
  }

  async function deleteSelected(): Promise<void> {
    await attempt(async () => {
      const ids = [...selected.keys()];
      await api.remove(ids);
      selected.clear();
      showStatus(`Moved ${plural(ids.length, 'file')} to the trash.`);
      await refresh();
    });
  }

  void refresh();
}
