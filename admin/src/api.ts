// Typed wrappers over the public Attachment API (docs/api/*.md). Every answer is {code, msg, data};
// a refusal's msg is written for a person, so it becomes the Error's message.
import { token, type Permission, type Session } from './session';

export interface Size { url: string; width: number; height: number }

export interface Attachment {
  id: number;
  file_name: string;
  file_location: string;
  file_size: number;
  file_md5: string;
  width: number;
  height: number;
  category_id: number;
  is_image: number;
  logo: string;
  thumb: string;
  created_time: number;
  updated_time: number;
  status: number;
  user_id: number;
  mime_type?: string;
  visibility?: 'public' | 'private';
  sizes?: Record<string, Size>;
  srcset?: string;
  focus_x?: number;
  focus_y?: number;
  blurhash?: string | null;
  dominant_color?: string | null;
  alt?: string;
  caption?: string;
  tags?: string[];
  deleted_time?: number | null;
}

export interface Category { id: number; title: string; attach_count: number; status: number; created_time: number; updated_time: number }

export interface User { id: number; user_name: string; permissions: Permission[]; created_time: number; updated_time: number }

export interface Job {
  id: string;
  kind: 'scan' | 'thumb_rebuild';
  state: 'running' | 'completed' | 'failed';
  started_at: number;
  finished_at: number | null;
  total: number;
  processed: number;
  indexed: number;
  images_processed: number;
  thumbnails_built: number;
  skipped: number;
  duplicates: number;
  ignored: number;
  already_indexed: number;
  failed: number;
  errors: string[];
}

export interface Envelope<T> { code: number; msg: string; data: T }
export interface Page<T> extends Envelope<T[]> { total: number; limit: number; total_estimated?: boolean; cursor?: string | null }

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let unauthorized: () => void = () => {};

/** What to do when a token is refused (expired, or the user deleted): the app shows the login again. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

/** For requests made outside these wrappers (tus uploads) that the service answered 401. */
export function sessionExpired(): void {
  unauthorized();
}

export function authHeaders(): Record<string, string> {
  const current = token();
  return current ? { Authorization: `Bearer ${current}` } : {};
}

/** Reads an envelope from a response body; a body that is not one (a proxy's page) gets a plain message. */
export function envelopeMessage(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as Partial<Envelope<unknown>>;
    if (body.msg) return body.msg;
  } catch {
    // not the service's envelope
  }
  return `The service answered HTTP ${status}.`;
}

async function send<E extends Envelope<unknown>>(method: string, path: string, body?: unknown): Promise<E> {
  const headers: Record<string, string> = { ...authHeaders() };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'The service could not be reached; check the connection and try again.');
  }
  const text = await response.text();
  if (response.status === 401 && !path.endsWith('/api/login')) {
    unauthorized();
    throw new ApiError(401, 'Your session has expired; log in again.');
  }
  if (!response.ok) throw new ApiError(response.status, envelopeMessage(response.status, text));
  const envelope = JSON.parse(text) as E;
  if (envelope.code !== 0) throw new ApiError(response.status, envelope.msg || 'The service refused the request.');
  return envelope;
}

const get = <E extends Envelope<unknown>>(path: string, query: Record<string, string | number | undefined> = {}) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const search = params.toString();
  return send<E>('GET', search ? `${path}?${search}` : path);
};
const post = <T>(path: string, body?: unknown) => send<Envelope<T>>('POST', path, body).then((e) => e.data);

export interface ListQuery {
  current?: number;
  pageSize?: number;
  category_id?: number;
  q?: string;
  type?: '' | 'image' | 'file';
  cursor?: string;
  trashed?: 1;
}

export const api = {
  login: (user_name: string, password: string) => post<Session>('/api/login', { user_name, password }),

  list: (query: ListQuery) => get<Page<Attachment>>('/api/attachment/list', { ...query }),
  detail: (id: number) => get<Envelope<Attachment>>('/api/attachment/detail', { id }).then((e) => e.data),
  edit: (changes: { id: number } & Partial<Pick<Attachment, 'file_name' | 'alt' | 'caption' | 'tags' | 'focus_x' | 'focus_y'>>) =>
    post<Attachment>('/api/attachment/edit', changes),
  remove: (ids: number[], permanent = false) => post<null>('/api/attachment/delete', { ids, permanent }),
  restore: (ids: number[]) => post<Attachment[]>('/api/attachment/restore', { ids }),
  replace: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('id', String(id));
    return post<Attachment>('/api/attachment/upload', form);
  },
  move: (ids: number[], category_id: number) => post<{ moved: number }>('/api/attachment/category', { ids, category_id }),

  categories: () => get<Page<Category>>('/api/attachment/category/list').then((e) => e.data),
  saveCategory: (title: string, id = 0) => post<Category>('/api/attachment/category/detail', { id, title }),
  deleteCategory: (id: number) => post<null>('/api/attachment/category/delete', { id }),

  users: () => get<Page<User>>('/api/user/list').then((e) => e.data),
  saveUser: (user: { id?: number; user_name: string; password?: string; permissions: Permission[] }) => post<User>('/api/user/save', user),
  deleteUser: (id: number) => post<null>('/api/user/delete', { id }),

  startScan: () => post<Job>('/api/attachment/scan'),
  startThumbRebuild: () => post<Job>('/api/attachment/thumb/rebuild'),
  job: (id: string) => get<Envelope<Job>>(`/api/attachment/jobs/${encodeURIComponent(id)}`).then((e) => e.data),
  jobs: () => get<Page<Job>>('/api/attachment/jobs').then((e) => e.data),
};
