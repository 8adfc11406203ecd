type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
type Child = Node | string | null | undefined | false;

/** Creates an element: attributes starting with "on" become listeners; false/null attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

const statusRegion = () => document.getElementById('status') as HTMLElement;
const alertRegion = () => document.getElementById('alert') as HTMLElement;

export function showStatus(message: string): void {
  alertRegion().textContent = '';
  statusRegion().textContent = message;
}

export function showError(message: string): void {
  statusRegion().textContent = '';
  alertRegion().textContent = message;
}

export function clearMessages(): void {
  statusRegion().textContent = '';
  alertRegion().textContent = '';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs an action, showing its error (the service's msg) instead of throwing. */
export async function attempt(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    showError(errorMessage(error));
  }
}

function modal(title: string, body: Node[], buttons: HTMLButtonElement[]): HTMLDialogElement {
  const heading = h('h2', { id: `dlg-${Math.random().toString(36).slice(2)}` }, title);
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': heading.id }, heading, ...body, h('div', { class: 'actions' }, ...buttons));
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
  return dialog;
}

/** An in-page confirmation; resolves true when the action button is pressed. */
export function confirmAction(title: string, text: string, actionName: string): Promise<boolean> {
  return new Promise((resolve) => {
    let confirmed = false;
    const ok = h('button', { type: 'button', class: 'danger' }, actionName);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const dialog = modal(title, [h('p', {}, text)], [ok, cancel]);
    ok.addEventListener('click', () => { confirmed = true; dialog.close(); });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => resolve(confirmed));
    cancel.focus();
  });
}

/** A one-field form in a dialog; resolves with the value, or null when cancelled. */
export function promptText(title: string, label: string, value: string, saveName: string): Promise<string | null> {
  return new Promise((resolve) => {
    let result: string | null = null;
    const input = h('input', { type: 'text', id: 'prompt-input', required: true, maxlength: 100, value });
    const save = h('button', { type: 'submit' }, saveName);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const form = h('form', {}, h('label', { for: 'prompt-input' }, label), input, h('div', { class: 'actions' }, save, cancel));
    const dialog = modal(title, [form], []);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      result = input.value.trim();
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => resolve(result));
    input.focus();
    input.select();
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatTime(seconds: number | null | undefined): string {
  return seconds ? new Date(seconds * 1000).toLocaleString() : '—';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
