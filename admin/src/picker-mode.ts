// The app inside the picker's iframe (public/picker.js). The service's CSP frame-ancestors already limits who may
// frame it to Cors:AllowedOrigins; the origin the host claims must also be the frame's real parent, so a page that
// is allowed can never have the choice sent to another one (decision 029).
import type { Attachment } from './api';
import type { PickerChoice } from './library';

export interface PickerRequest {
  multiple: boolean;
  accept: string;
  categoryId: number;
  origin: string;
}

export function pickerRequest(): PickerRequest | null {
  const params = new URLSearchParams(location.search);
  if (params.get('picker') !== '1') return null;
  return {
    multiple: params.get('multiple') === '1' || params.get('multiple') === 'true',
    accept: params.get('accept') ?? '',
    categoryId: Number(params.get('category_id')) || 0,
    origin: params.get('origin') ?? '',
  };
}

/** The parent's origin as the browser reports it; null when it cannot be told or differs from the claim. */
export function verifiedHostOrigin(claimed: string): string | null {
  if (window.parent === window || !claimed) return null;
  const ancestors = location.ancestorOrigins;
  let actual = '';
  if (ancestors && ancestors.length > 0) actual = ancestors[0];
  else if (document.referrer) actual = new URL(document.referrer).origin;
  return actual === claimed ? actual : null;
}

function acceptedTypes(accept: string): { type: PickerChoice['type']; allowed?: string[] } {
  const parts = accept.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { type: '' };
  if (parts.every((p) => p === 'image' || p.startsWith('image/'))) {
    return { type: 'image', allowed: parts.map((p) => (p === 'image' ? 'image/*' : p)) };
  }
  return { type: '', allowed: parts };
}

export function pickerChoice(request: PickerRequest, hostOrigin: string): PickerChoice {
  const { type, allowed } = acceptedTypes(request.accept);
  const send = (message: object) => window.parent.postMessage(message, hostOrigin);
  return {
    multiple: request.multiple,
    type,
    accept: allowed,
    categoryId: request.categoryId,
    onChoose: (attachments: Attachment[]) => send({ type: 'attachments:picked', attachments }),
    onCancel: () => send({ type: 'attachments:cancel' }),
  };
}
