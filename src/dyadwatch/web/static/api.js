// Talking to the dyadwatch API: one fetch wrapper that adds the analyst's token, turns error
// responses into ApiError (with the server's `detail`), and reports them to the error bar.

const KEY_TOKEN = 'dyadwatch.token';
const KEY_AUTHOR = 'dyadwatch.author';

function readStore(key) {
  try {
    return window.localStorage.getItem(key) || '';
  } catch {
    return '';
  }
}

function writeStore(key, value) {
  try {
    if (value) window.localStorage.setItem(key, value);
    else window.localStorage.removeItem(key);
  } catch {
    /* storage unavailable (private mode): keep the value for this page only */
  }
}

let memoryToken = readStore(KEY_TOKEN);
let memoryAuthor = readStore(KEY_AUTHOR);

export const analyst = {
  get token() { return memoryToken; },
  set token(value) { memoryToken = String(value || '').trim(); writeStore(KEY_TOKEN, memoryToken); },
  get author() { return memoryAuthor; },
  set author(value) { memoryAuthor = String(value || '').trim(); writeStore(KEY_AUTHOR, memoryAuthor); },
};

export class ApiError extends Error {
  constructor(status, detail, method, path) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.method = method;
    this.path = path;
  }
}

const listeners = new Set();

/** Register fn(error) to be told of every failed request that was not made with {quiet: true}. */
export function onApiError(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function report(error) {
  for (const fn of listeners) {
    try { fn(error); } catch (e) { console.error(e); }
  }
}

/** The `detail` of a FastAPI error body: a string, or a list of validation problems. */
function detailOf(body, fallback) {
  if (body && typeof body === 'object' && 'detail' in body) {
    const d = body.detail;
    if (typeof d === 'string') return d;
    if (Array.isArray(d)) {
      return d.map((item) => {
        if (item && typeof item === 'object') {
          const where = Array.isArray(item.loc) ? item.loc.filter((p) => p !== 'body' && p !== 'query').join('.') : '';
          return (where ? `${where}: ` : '') + String(item.msg ?? JSON.stringify(item));
        }
        return String(item);
      }).join('; ');
    }
    return JSON.stringify(d);
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
  return fallback;
}

export function withParams(path, params) {
  if (!params) return path;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    query.set(key, String(value));
  }
  const s = query.toString();
  if (!s) return path;
  return path + (path.includes('?') ? '&' : '?') + s;
}

/**
 * Make a request. Options: params (query), body (JSON), method, quiet (do not report to the
 * error bar). Resolves to the parsed JSON; rejects with ApiError.
 */
export async function request(path, { method = 'GET', params, body, quiet = false } = {}) {
  const url = withParams(path, params);
  const headers = { Accept: 'application/json' };
  if (memoryToken) headers.Authorization = `Bearer ${memoryToken}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (err) {
    const error = new ApiError(0, `request failed: ${err && err.message ? err.message : err}`, method, url);
    if (!quiet) report(error);
    throw error;
  }
  const type = response.headers.get('content-type') || '';
  let data = null;
  try {
    data = type.includes('json') ? await response.json() : await response.text();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, detailOf(data, response.statusText || 'error'), method, url);
    if (!quiet) report(error);
    throw error;
  }
  return data;
}

export const get = (path, params, opts = {}) => request(path, { ...opts, params });
export const post = (path, body, opts = {}) => request(path, { ...opts, method: 'POST', body });

/** The same request, but failures resolve to null (they are still shown in the error bar). */
export async function tryGet(path, params, opts = {}) {
  try {
    return await get(path, params, opts);
  } catch (err) {
    if (!(err instanceof ApiError)) report(new ApiError(0, String(err && err.message ? err.message : err), 'GET', path));
    return null;
  }
}

// Server configuration, fetched once at start (and again when the token changes).
const DEFAULT_CONFIG = { writes_enabled: false, read_token_required: false, version: '', loaded: false };
let config = { ...DEFAULT_CONFIG };

export function getConfig() {
  return config;
}

export async function loadConfig() {
  try {
    const data = await get('/api/config');
    config = { ...DEFAULT_CONFIG, ...(data && typeof data === 'object' ? data : {}), loaded: true };
  } catch (err) {
    // 401 here means the server wants a token even for reads.
    config = { ...DEFAULT_CONFIG, read_token_required: Boolean(err && err.status === 401) };
  }
  return config;
}

// The fixed vocabularies (src/dyadwatch/records.py PLOVER_TYPES and MODES).
export const PLOVER_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT',
];
export const MODES = ['actual', 'negated', 'planned', 'threatened', 'hypothetical'];
export const QUADS = ['verbal_coop', 'material_coop', 'verbal_conflict', 'material_conflict'];
export const QUAD_LABELS = {
  verbal_coop: 'Verbal cooperation',
  material_coop: 'Material cooperation',
  verbal_conflict: 'Verbal conflict',
  material_conflict: 'Material conflict',
};
