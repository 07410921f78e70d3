// #/overview: totals, events per period by quad class, top dyads and actors, latest alerts.

import { el, section, loading, table, fmtNumber, fmtDate, classToken } from '../dom.js';
import { tryGet } from '../api.js';
import { quadChart } from '../charts.js';
import { navigate } from '../router.js';

const SEVERITIES = ['info', 'low', 'notice', 'medium', 'warning', 'high', 'critical'];

function named(name, id) {
  if (name && id && name !== id) return `${name} (${id})`;
  return String(name || id || '—');
}

function totalsBox(totals) {
  const items = [['documents', 'Documents'], ['mentions', 'Mentions'], ['events', 'Events'], ['alerts', 'Alerts']];
  return el('div', { class: 'totals', testid: 'totals' },
    items.map(([key, label]) => el('div', { class: 'total-card', testid: `total-${key}` },
      el('div', { class: 'total-value', text: fmtNumber(totals ? totals[key] : null) }),
      el('div', { class: 'total-label', text: label }))));
}

export function alertsList(alerts) {
  const box = el('div', { class: 'alerts-box', testid: 'alerts' });
  if (!alerts || !alerts.length) {
    box.appendChild(el('p', { class: 'muted', text: 'No alerts.' }));
    return box;
  }
  box.appendChild(el('ul', { class: 'alert-list' }, alerts.map((a) => {
    const sev = classToken(a.severity, SEVERITIES);
    const when = a.first_date && a.last_date && a.first_date !== a.last_date
      ? `${fmtDate(a.first_date)} – ${fmtDate(a.last_date)}` : fmtDate(a.last_date ?? a.first_date ?? a.created);
    return el('li', { class: `alert-item sev-${sev}`, testid: 'alert-item' },
      el('span', { class: `badge sev sev-${sev}`, text: String(a.severity ?? 'info') }),
      el('span', { class: 'alert-date', text: when }),
      el('span', { class: 'alert-summary', text: String(a.summary ?? a.rule_title ?? '') }),
      el('span', { class: 'muted small', text: a.n_events ? `${fmtNumber(a.n_events)} event${Number(a.n_events) === 1 ? '' : 's'}` : '' }));
  })));
  return box;
}

export async function renderOverview(root, params) {
  const since = params.get('since') || '';
  const until = params.get('until') || '';
  const sinceInput = el('input', { type: 'date', testid: 'overview-since', value: since, 'aria-label': 'since' });
  const untilInput = el('input', { type: 'date', testid: 'overview-until', value: until, 'aria-label': 'until' });
  const form = el('form', { class: 'filters', testid: 'overview-filter' },
    el('label', {}, 'Since ', sinceInput), el('label', {}, 'Until ', untilInput),
    el('button', { type: 'submit', testid: 'overview-apply', class: 'primary', text: 'Apply' }),
    el('button', { type: 'button', testid: 'overview-reset', text: 'All dates',
      onclick: () => navigate('overview', {}) }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('overview', { since: sinceInput.value, until: untilInput.value });
  });
  const body = el('div', { class: 'overview-body' }, loading());
  root.appendChild(section('view-overview', 'Overview', form, body));

  const data = await tryGet('/api/overview', { since, until });
  if (!data) {
    body.replaceChildren(el('p', { class: 'muted', text: 'The overview could not be loaded.' }),
      totalsBox(null), quadChart([]), el('div', { testid: 'top-dyads' }), el('div', { testid: 'top-actors' }), alertsList([]));
    return;
  }
  const freq = data.freq === 'week' ? 'week' : 'month';
  const dyads = table(data.top_dyads || [], [
    { label: 'Actor A', cell: (r) => named(r.a_name, r.a) },
    { label: 'Actor B', cell: (r) => named(r.b_name, r.b) },
    { label: 'Events', class: 'num', cell: (r) => fmtNumber(r.events) },
  ], { testid: 'top-dyads', rowTestid: 'top-dyad-row', onRow: (r) => navigate('dyad', { a: r.a, b: r.b, freq }) });
  const actors = table(data.top_actors || [], [
    { label: 'Actor', cell: (r) => String(r.name ?? r.id) },
    { label: 'Id', class: 'mono', cell: (r) => String(r.id ?? '') },
    { label: 'Events', class: 'num', cell: (r) => fmtNumber(r.events) },
  ], { testid: 'top-actors', rowTestid: 'top-actor-row' });
  body.replaceChildren(
    totalsBox(data.totals),
    el('div', { class: 'panel' }, el('h3', { text: `Events per ${freq} by quad class` }), quadChart(data.series || [])),
    el('div', { class: 'two-col' },
      el('div', { class: 'panel' }, el('h3', { text: 'Top dyads' }), el('p', { class: 'hint', text: 'Click a row to open the dyad.' }), dyads),
      el('div', { class: 'panel' }, el('h3', { text: 'Top actors' }), actors)),
    el('div', { class: 'panel' }, el('h3', { text: 'Latest alerts' }), alertsList(data.alerts || [])),
  );
}
