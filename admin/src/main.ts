import './styles.css';
import { api, onUnauthorized } from './api';
import { closeDetail } from './detail';
import { clearMessages, errorMessage, h, showError, showStatus } from './dom';
import { renderJobs } from './jobs';
import { renderLibrary } from './library';
import { pickerChoice, pickerRequest, verifiedHostOrigin } from './picker-mode';
import { can, clearSession, currentSession, saveSession, sessionHasExpired } from './session';
import { renderTrash } from './trash';
import { renderUsers } from './users';

const app = document.getElementById('app') as HTMLElement;
const picker = pickerRequest();

type View = 'library' | 'trash' | 'users' | 'jobs';
const views: { view: View; label: string; allowed: () => boolean }[] = [
  { view: 'library', label: 'Library', allowed: () => true },
  { view: 'trash', label: 'Trash', allowed: () => true },
  { view: 'users', label: 'Users', allowed: () => can('users.manage') },
  { view: 'jobs', label: 'Jobs', allowed: () => can('attachment.manage') },
];

function messages(): HTMLElement[] {
  return [
    h('div', { id: 'status', role: 'status', class: 'message status' }),
    h('div', { id: 'alert', role: 'alert', class: 'message alert' }),
  ];
}

function currentView(): View {
  const wanted = location.hash.replace(/^#\/?/, '') as View;
  return views.find((v) => v.view === wanted && v.allowed())?.view ?? 'library';
}

function showLogin(message = ''): void {
  const user = h('input', { type: 'text', id: 'login-user', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', id: 'login-password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'login' },
    h('h1', {}, 'Media library'),
    h('p', {}, 'Log in to manage the images and files of the site.'),
    h('div', { class: 'field' }, h('label', { for: 'login-user' }, 'User name'), user),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password),
    h('button', { type: 'submit', class: 'primary' }, 'Log in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      saveSession(await api.login(user.value.trim(), password.value));
      start();
    } catch (error) {
      showError(errorMessage(error));
      password.select();
    }
  });
  app.replaceChildren(h('main', { class: 'login-page' }, form, ...messages()));
  if (message) showError(message);
  user.focus();
}

function showShell(): HTMLElement {
  const session = currentSession();
  const nav = h('nav', { 'aria-label': 'Main', class: 'main-nav' });
  if (!picker) {
    for (const { view, label, allowed } of views) {
      if (allowed()) nav.append(h('a', { href: `#/${view}`, 'data-view': view }, label));
    }
  }
  const logout = h('button', { type: 'button', onclick: () => { clearSession(); showLogin(); } }, 'Log out');
  const header = h('header', { class: 'topbar' },
    h('h1', { class: 'brand' }, picker ? 'Choose a file' : 'Media library'), nav,
    h('span', { class: 'user' }, session ? `Logged in as ${session.user_name}` : ''), logout);
  const main = h('main', { id: 'view' });
  app.replaceChildren(header, ...messages(), main);
  return main;
}

function route(main: HTMLElement): void {
  closeDetail();
  clearMessages();
  const view = currentView();
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.main-nav a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  ({ library: () => renderLibrary(main), trash: () => renderTrash(main), users: () => renderUsers(main), jobs: () => renderJobs(main) })[view]();
}

const sessionExpiredMessage = 'Your session has expired; log in again.';

function start(): void {
  if (picker && !verifiedHostOrigin(picker.origin)) {
    app.replaceChildren(h('main', { class: 'login-page' }, h('h1', {}, 'Media library'), ...messages()));
    showError('This picker can only be opened by Attachments.pick() on a page of an allowed site.');
    return;
  }
  if (!currentSession()) {
    const expired = sessionHasExpired();
    clearSession();
    showLogin(expired ? sessionExpiredMessage : undefined);
    return;
  }
  const main = showShell();
  if (picker) {
    renderLibrary(main, pickerChoice(picker, verifiedHostOrigin(picker.origin) ?? ''));
    return;
  }
  window.onhashchange = () => route(main);
  route(main);
  showStatus('');
}

onUnauthorized(() => {
  clearSession();
  window.onhashchange = null;
  showLogin(sessionExpiredMessage);
});

start();
