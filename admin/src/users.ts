import { api, type User } from './api';
import { attempt, confirmAction, formatTime, h, showStatus } from './dom';
import type { Permission } from './session';

const permissions: [Permission, string][] = [
  ['attachment.upload', 'Upload files'],
  ['attachment.manage', 'Edit files, categories and jobs'],
  ['attachment.delete', 'Delete and restore files'],
  ['users.manage', 'Manage users'],
];

export function renderUsers(root: HTMLElement): void {
  const table = h('table', { class: 'users' });
  const formHost = h('div', {});
  root.replaceChildren(h('section', { class: 'content', 'aria-label': 'Users view' },
    h('h2', {}, 'Users'),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', onclick: () => edit(null) }, 'New user')),
    formHost, table));

  function edit(user: User | null): void {
    const name = h('input', { type: 'text', id: 'user-name', required: true, maxlength: 64, value: user?.user_name ?? '', autocomplete: 'off' });
    const password = h('input', { type: 'password', id: 'user-password', minlength: 8, maxlength: 1024, required: !user, autocomplete: 'new-password' });
    const boxes = permissions.map(([value, label]) => {
      const box = h('input', { type: 'checkbox', id: `perm-${value}`, value, checked: user?.permissions.includes(value) ?? value === 'attachment.upload' });
      return h('div', { class: 'check' }, box, h('label', { for: `perm-${value}` }, `${label} (${value})`));
    });
    const form = h('form', { class: 'user-form', 'aria-label': user ? `Edit ${user.user_name}` : 'New user' },
      h('h3', {}, user ? `Edit ${user.user_name}` : 'New user'),
      h('div', { class: 'field' }, h('label', { for: 'user-name' }, 'User name'), name),
      h('div', { class: 'field' }, h('label', { for: 'user-password' }, user ? 'New password (leave empty to keep it)' : 'Password'), password),
      h('fieldset', {}, h('legend', {}, 'Permissions'), ...boxes),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Save user'),
        h('button', { type: 'button', onclick: () => formHost.replaceChildren() }, 'Cancel')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void attempt(async () => {
        const chosen = [...form.querySelectorAll<HTMLInputElement>('fieldset input:checked')].map((b) => b.value as Permission);
        await api.saveUser({ id: user?.id ?? 0, user_name: name.value.trim(), password: password.value || undefined, permissions: chosen });
        formHost.replaceChildren();
        showStatus('User saved.');
        await load();
      });
    });
    formHost.replaceChildren(form);
    name.focus();
  }

  async function remove(user: User): Promise<void> {
    if (!(await confirmAction('Delete user', `Delete ${user.user_name}? Their files stay.`, 'Delete user'))) return;
    await attempt(async () => {
      await api.deleteUser(user.id);
      showStatus('User deleted.');
      await load();
    });
  }

  async function load(): Promise<void> {
    await attempt(async () => {
      const users = await api.users();
      table.replaceChildren(
        h('caption', { class: 'visually-hidden' }, 'Users'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'User name'), h('th', { scope: 'col' }, 'Permissions'),
          h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col' }, 'Actions'))),
        h('tbody', {}, ...users.map((user) => h('tr', {},
          h('td', {}, user.user_name),
          h('td', {}, user.permissions.join(', ') || 'none'),
          h('td', {}, formatTime(user.created_time)),
          h('td', {},
            h('button', { type: 'button', 'aria-label': `Edit ${user.user_name}`, onclick: () => edit(user) }, 'Edit'),
            ' ',
            h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${user.user_name}`, onclick: () => void remove(user) }, 'Delete'))))));
    });
  }

  void load();
}
