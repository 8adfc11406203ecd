// Upload with fetch + FormData. Retries only what the service says is worth retrying (429, 503) after its
// Retry-After; every other refusal is final and its `msg` is what to show.
const RETRYABLE = [429, 503];

export async function uploadFile(baseUrl, token, file, { categoryId = 0, maxAttempts = 4 } = {}) {
  for (let attempt = 1; ; attempt++) {
    const form = new FormData();
    form.append('file', file, file.name);
    if (categoryId) form.append('category_id', String(categoryId));

    const response = await fetch(`${baseUrl}/api/attachment/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    const body = await response.json().catch(() => null); // every answer is {code, msg, data}, errors included
    if (response.ok && body?.code === 0) return body.data;

    const retryAfter = Number(response.headers.get('Retry-After'));
    if (RETRYABLE.includes(response.status) && retryAfter > 0 && attempt < maxAttempts) {
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      continue;
    }
    throw Object.assign(new Error(body?.msg || `Upload failed (HTTP ${response.status})`), { status: response.status });
  }
}
