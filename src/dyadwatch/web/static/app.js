// dyadwatch dashboard: the shell (analyst panel, error bar, navigation) and the router.

import { el } from './dom.js';
import { analyst, onApiError, loadConfig, getConfig } from './api.js';
import { parseHash, RERENDER_EVENT } from './router.js';
import { renderOverview } from './views/overview.js';
import { renderDyad } from './views/dyad.js';
import { renderNetwork } from './views/network.js';
import { renderMap } from './views/map.js';
import { renderDocument } from './views/document.js';

const VIEWS = {
  overview: renderOverview,
  dyad: renderDyad,
  network: renderNetwork,
  map: renderMap,
  document: renderDocument,
};

const MAX_ERRORS = 6;
const errorBar = document.getElementById('error-bar');
const main = document.getElementById('app');
const footer = document.getElementById('app-footer');
const statusBox = document.getElementById('analyst-status');

function clearErrors() {
  errorBar.replaceChildren();
  errorBar.hidden = true;
}

function showError(error) {
  const status = error && error.status ? `${error.status} ` : '';
  const where = error && error.method && error.path ? `${error.method} ${error.path}` : '';
  const message = error && (error.detail || error.message) ? String(error.detail || error.message) : 'unknown error';
  const item = el('div', { class: 'error-item', testid: 'error-message' },
    el('strong', { text: `Error ${status}` }),
    el('span', { class: 'error-detail', testid: 'error-detail', text: message }),
    where ? el('span', { class: 'error-where', text: ` — ${where}` }) : null,
    el('button', { type: 'button', class: 'error-close', 'aria-label': 'dismiss', text: '×',
      onclick: () => { item.remove(); if (!errorBar.children.length) errorBar.hidden = true; } }));
  errorBar.appendChild(item);
  while (errorBar.children.length > MAX_ERRORS) errorBar.firstElementChild.remove();
  errorBar.hidden = false;
}

onApiError(showError);
window.addEventListener('error', (ev) => showError({ message: `script error: ${ev.message}` }));
window.addEventListener('unhandledrejection', (ev) => {
  const reason = ev.reason;
  if (reason && reason.name === 'ApiError') return; // already shown
  showError({ message: `script error: ${reason && reason.message ? reason.message : reason}` });
});

function updateStatus() {
  const cfg = getConfig();
  const bits = [];
  if (!cfg.loaded) bits.push('config unavailable');
  else bits.push(cfg.writes_enabled ? 'writes on' : 'read-only');
  if (cfg.read_token_required) bits.push(analyst.token ? 'token used for reads' : 'reads need a token');
  statusBox.textContent = bits.join(' · ');
  statusBox.classList.toggle('warn', Boolean(cfg.read_token_required && !analyst.token));
  footer.replaceChildren(
    el('span', { text: 'dyadwatch' }),
    cfg.version ? el('span', { testid: 'version', text: ` ${cfg.version}` }) : null,
    el('span', { class: 'muted', text: ' · events coded from news text; every event links to its evidence' }));
}

function setupAnalyst() {
  const name = document.getElementById('analyst-name');
  const token = document.getElementById('analyst-token');
  name.value = analyst.author;
  token.value = analyst.token;
  name.addEventListener('input', () => { analyst.author = name.value; });
  token.addEventListener('input', () => { analyst.token = token.value; });
  token.addEventListener('change', async () => {
    analyst.token = token.value;
    clearErrors();
    await loadConfig();
    updateStatus();
    render();
  });
  document.querySelector('.analyst-panel').addEventListener('submit', (ev) => ev.preventDefault());
}

let generation = 0;

async function render() {
  const route = parseHash();
  const view = VIEWS[route.name];
  generation += 1;
  for (const link of document.querySelectorAll('.main-nav a')) {
    link.classList.toggle('active', link.dataset.route === route.name);
    if (link.dataset.route === route.name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const root = el('div', { class: 'view-root', dataset: { generation } });
  main.replaceChildren(root);
  if (!view) {
    root.appendChild(el('section', { class: 'view', testid: 'view-not-found' },
      el('h2', { text: 'Not found' }), el('p', { text: 'There is no such view. Pick one above.' })));
    return;
  }
  try {
    await view(root, route.params, route.rest);
  } catch (err) {
    if (!err || err.name !== 'ApiError') {
      console.error(err);
      showError({ message: `view failed: ${err && err.message ? err.message : err}` });
    }
  }
}

async function start() {
  setupAnalyst();
  if (!window.location.hash || window.location.hash === '#' || window.location.hash === '#/') {
    window.history.replaceState(null, '', '#/overview');
  }
  await loadConfig();
  updateStatus();
  window.addEventListener('hashchange', () => { clearErrors(); render(); });
  window.addEventListener(RERENDER_EVENT, () => { clearErrors(); render(); });
  render();
}

start();
