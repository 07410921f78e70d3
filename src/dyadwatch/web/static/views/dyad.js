// #/dyad?a=IRQ&b=SYR&freq=month: the relation index over time with its phases, and the events.

import { el, section, loading, fmtSigned, fmtNumber, classToken } from '../dom.js';
import { tryGet } from '../api.js';
import { indexChart, TONES } from '../charts.js';
import { eventList } from '../events.js';
import { navigate } from '../router.js';

function cleanActor(value, fallback) {
  const s = String(value ?? '').trim();
  return s || fallback;
}

function phaseList(phases) {
  const box = el('div', { class: 'phases', testid: 'phases' }, el('h3', { text: 'Phases' }));
  if (!phases || !phases.length) {
    box.appendChild(el('p', { class: 'muted', text: 'No phases detected.' }));
    return box;
  }
  box.appendChild(el('ol', { class: 'phase-list' }, phases.map((ph) => {
    const tone = classToken(ph.tone, TONES);
    return el('li', { class: 'phase-item', testid: 'phase-item' },
      el('span', { class: `swatch tone-${tone}` }),
      el('strong', { text: `${ph.start ?? ''} – ${ph.end ?? ''}` }),
      el('span', { class: `badge tone-badge tone-${tone}`, text: String(ph.tone ?? '') }),
      el('span', { class: 'muted small', text: ` mean ${fmtSigned(ph.mean_index)}, ${ph.trend ?? ''}, ${fmtNumber(ph.n_periods)} periods` }),
      el('p', { class: 'phase-summary', text: String(ph.summary ?? '') }));
  })));
  return box;
}

export async function renderDyad(root, params) {
  const a = cleanActor(params.get('a'), 'IRQ');
  const b = cleanActor(params.get('b'), 'SYR');
  const freq = params.get('freq') === 'week' ? 'week' : 'month';
  const withRejected = params.get('rejected') === '1';
  const aInput = el('input', { type: 'text', testid: 'dyad-a', value: a, 'aria-label': 'actor A', placeholder: 'e.g. IRQ' });
  const bInput = el('input', { type: 'text', testid: 'dyad-b', value: b, 'aria-label': 'actor B', placeholder: 'e.g. SYR' });
  const freqSelect = el('select', { testid: 'dyad-freq', 'aria-label': 'frequency' },
    el('option', { value: 'month', text: 'month', selected: freq === 'month' }),
    el('option', { value: 'week', text: 'week', selected: freq === 'week' }));
  const rejectedBox = el('input', { type: 'checkbox', testid: 'dyad-include-rejected', checked: withRejected });
  const form = el('form', { class: 'filters', testid: 'dyad-form' },
    el('label', {}, 'Actor A ', aInput), el('label', {}, 'Actor B ', bInput), el('label', {}, 'Per ', freqSelect),
    el('label', { title: 'also list events an analyst marked wrong (to restore them)' }, rejectedBox, ' rejected too'),
    el('button', { type: 'submit', testid: 'dyad-show', class: 'primary', text: 'Show' }),
    el('span', { class: 'hint', text: 'registry id (IRQGOV) or ISO3 (IRQ)' }));
  rejectedBox.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('dyad', { a: cleanActor(aInput.value, 'IRQ'), b: cleanActor(bInput.value, 'SYR'), freq: freqSelect.value,
      rejected: rejectedBox.checked ? '1' : '' });
  });
  const chartBox = el('div', { class: 'panel' }, loading());
  const eventsBox = el('div', { class: 'panel' }, el('h3', { text: 'Events' }), el('div', { testid: 'dyad-events' }, loading()));
  root.appendChild(section('view-dyad', `Dyad ${a} – ${b}`, form, chartBox, eventsBox));

  const pa = encodeURIComponent(a); const pb = encodeURIComponent(b);
  const [series, phases, events] = await Promise.all([
    tryGet(`/api/dyads/${pa}/${pb}/series`, { freq }),
    tryGet(`/api/dyads/${pa}/${pb}/phases`, { freq }),
    tryGet('/api/events', { dyad: `${a}:${b}`, level: 'merged', limit: 200, sort: 'date', include_rejected: withRejected ? 'true' : '' }),
  ]);
  const phaseRows = phases && Array.isArray(phases.phases) ? phases.phases : [];
  chartBox.replaceChildren(
    el('h3', { text: `Relation index per ${freq}` }),
    series ? indexChart(series.periods || [], phaseRows, { a, b }) : el('div', { testid: 'dyad-chart' },
      el('p', { class: 'muted', text: 'The series could not be loaded.' })),
    phaseList(phaseRows));
  const eventsSlot = eventsBox.querySelector('[data-testid="dyad-events"]');
  if (events && Array.isArray(events.events)) {
    eventsSlot.replaceWith(eventList(events.events, { testid: 'dyad-events', total: events.total }));
  } else {
    eventsSlot.replaceChildren(el('p', { class: 'muted', text: 'The events could not be loaded.' }));
  }
}
