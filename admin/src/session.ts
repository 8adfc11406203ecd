export type Permission = 'attachment.upload' | 'attachment.manage' | 'attachment.delete' | 'users.manage';

export interface Session {
  token: string;
  user_name: string;
  permissions: Permission[];
  expires_at: number;
}

const key = 'attachments.session';

export function currentSession(): Session | null {
  const stored = sessionStorage.getItem(key);
  if (!stored) return null;
  try {
    const session = JSON.parse(stored) as Session;
    return session.expires_at * 1000 > Date.now() ? session : null;
  } catch {
    return null;
  }
}

/** True when the tab holds a session whose token has expired (the login then says so). */
export function sessionHasExpired(): boolean {
  const stored = sessionStorage.getItem(key);
  if (!stored) return false;
  try {
    return (JSON.parse(stored) as Session).expires_at * 1000 <= Date.now();
  } catch {
    return false;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(key, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(key);
}

export function can(permission: Permission): boolean {
  return currentSession()?.permissions.includes(permission) ?? false;
}

export function token(): string {
  return currentSession()?.token ?? '';
}
