// Hash routes: #/name/rest?query. navigate() re-renders even when the hash does not change.

export const RERENDER_EVENT = 'dyadwatch:rerender';

function decode(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function parseHash(hash = window.location.hash) {
  const h = String(hash || '').replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const path = q >= 0 ? h.slice(0, q) : h;
  const params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
  const parts = path.split('/');
  return { name: parts[0] || 'overview', rest: parts.slice(1).filter((p) => p !== '').map(decode), params };
}

export function hashFor(route, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const s = query.toString();
  return `#/${route}${s ? `?${s}` : ''}`;
}

export function navigate(route, params = {}) {
  const target = hashFor(route, params);
  if (window.location.hash === target) window.dispatchEvent(new Event(RERENDER_EVENT));
  else window.location.hash = target;
}
