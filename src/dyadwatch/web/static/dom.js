// Small DOM helpers. Everything that comes from the server goes in through textContent or
// setAttribute on a fixed attribute name; nothing here parses markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

// Hrefs the helpers will set: in-app hash routes, same-origin paths, and http(s) URLs.
function allowedHref(value) {
  const s = String(value);
  return s.startsWith('#') || (s.startsWith('/') && !s.startsWith('//')) || isWebUrl(s);
}

/** True when a data URL may become a link: it starts with http:// or https:// and parses as such. */
export function isWebUrl(value) {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return false;
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

function appendChildren(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

function setProps(node, props, isSvg) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'class') {
      const cls = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
      node.setAttribute('class', cls);
    } else if (key === 'testid') {
      node.setAttribute('data-testid', String(value));
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) node.dataset[k] = String(v);
    } else if (key === 'style') {
      // CSSOM assignment is allowed by the CSP (style attributes in markup are not).
      for (const [k, v] of Object.entries(value)) node.style[k] = v;
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'href') {
      if (allowedHref(value)) node.setAttribute('href', String(value));
    } else if (!isSvg && (key === 'value' || key === 'checked' || key === 'disabled' || key === 'selected')) {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/** An HTML element: el('div', {class: 'x', text: 'hi'}, child, 'text', [more]). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  setProps(node, props, false);
  appendChildren(node, children);
  return node;
}

/** An SVG element, same calling convention as el(). */
export function svg(tag, props = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setProps(node, props, true);
  appendChildren(node, children);
  return node;
}

/**
 * A link to a URL from the data: an <a> only when it is http(s), otherwise the URL as plain text.
 */
export function safeLink(url, label, props = {}) {
  const text = label === undefined || label === null || label === '' ? url : label;
  if (isWebUrl(url)) {
    return el('a', { ...props, href: url, target: '_blank', rel: 'noopener noreferrer', class: ['ext-link', props.class] },
      String(text));
  }
  if (url === null || url === undefined || url === '') return el('span', { class: 'muted', text: '(no link)' });
  return el('span', { ...props, class: ['unsafe-url', props.class], title: 'not an http(s) link', text: String(url) });
}

/** A link to a route inside the app (hash route), built from parts so data cannot change the scheme. */
export function routeLink(route, label, props = {}) {
  return el('a', { ...props, href: `#/${route}` }, label);
}

export function docHref(docId) {
  return `#/document/${encodeURIComponent(String(docId))}`;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Python-style code point slicing: server offsets count code points, JS strings count UTF-16 units. */
export function codePoints(text) {
  return Array.from(String(text ?? ''));
}

export function fmtNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return Number(value).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtSigned(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  const n = Number(value);
  return (n > 0 ? '+' : '') + n.toFixed(digits);
}

export function fmtDate(value) {
  if (value === null || value === undefined || value === '') return '–';
  return String(value).slice(0, 10);
}

/** Only word characters survive, for building class names from data values. */
export function classToken(value, allowed, fallback = 'other') {
  const s = String(value ?? '').toLowerCase();
  if (allowed) return allowed.includes(s) ? s : fallback;
  return /^[a-z0-9_-]{1,40}$/.test(s) ? s : fallback;
}

export function section(testid, title, ...children) {
  return el('section', { class: 'view', testid }, el('h2', { text: title }), ...children);
}

export function loading(text = 'Loading…') {
  return el('p', { class: 'loading muted', text });
}

/** A compact table: columns [{label, cell(row) -> node|string, class}] */
export function table(rows, columns, { testid, onRow, rowTestid, empty = 'Nothing to show.' } = {}) {
  const thead = el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.class, text: c.label }))));
  const tbody = el('tbody');
  for (const row of rows) {
    const tr = el('tr', { testid: rowTestid, class: onRow ? 'clickable' : null },
      columns.map((c) => el('td', { class: c.class }, c.cell(row))));
    if (onRow) {
      tr.tabIndex = 0;
      tr.addEventListener('click', () => onRow(row));
      tr.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); onRow(row); }
      });
    }
    tbody.appendChild(tr);
  }
  const t = el('table', { class: 'data-table', testid }, thead, tbody);
  if (!rows.length) return el('div', { testid }, el('p', { class: 'muted', text: empty }));
  return t;
}
