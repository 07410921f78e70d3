// The events list used by the dyad and document views: compact rows that expand into the
// evidence, the correction history and the correction forms.

import { el, safeLink, docHref, codePoints, fmtDate, fmtNumber, classToken } from './dom.js';
import { get, post, analyst, getConfig, PLOVER_TYPES, MODES, ApiError } from './api.js';

const CORRECTION_KINDS = [
  ['reject', 'reject (mark wrong)'],
  ['restore', 'restore'],
  ['type', 'type'],
  ['mode', 'mode'],
  ['source', 'source'],
  ['target', 'target'],
  ['date', 'date'],
];

function actorLabel(name, id) {
  if (name && id && name !== id) return `${name} (${id})`;
  return name || id || '—';
}

function confidenceText(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return Number(value).toFixed(2);
}

/** The row's one-line summary (re-rendered after a correction). */
function fillSummary(button, row) {
  const badges = el('span', { class: 'badges' },
    row.corrected ? el('span', { class: 'badge badge-corrected', testid: 'corrected-badge', text: 'corrected' }) : null,
    row.rejected ? el('span', { class: 'badge badge-rejected', testid: 'rejected-badge', text: 'rejected' }) : null,
    row.n_mentions > 1 ? el('span', { class: 'badge badge-mentions', title: 'mentions merged into this event', text: `×${row.n_mentions}` }) : null,
  );
  button.replaceChildren(
    el('span', { class: 'ev-date', text: fmtDate(row.date) }),
    el('span', { class: `ev-type quad-text-${classToken(row.quad)}`, text: String(row.type ?? '?') }),
    el('span', { class: `ev-mode mode-${classToken(row.mode)}`, text: String(row.mode ?? '') }),
    el('span', { class: 'ev-actors' },
      el('span', { class: 'actor', text: actorLabel(row.source_name, row.source_id) }),
      el('span', { class: 'arrow', text: ' → ' }),
      el('span', { class: 'actor', text: actorLabel(row.target_name, row.target_id) })),
    el('span', { class: 'ev-conf', title: 'confidence', text: confidenceText(row.confidence) }),
    badges,
  );
  button.classList.toggle('is-rejected', Boolean(row.rejected));
}

/**
 * A sentence with the trigger wrapped in <mark>. Offsets are code points; the trigger is at
 * trigger_start - sentence_start within the sentence. Falls back to searching trigger_text.
 */
export function highlightedSentence(sentence, { triggerStart, triggerEnd, sentenceStart, triggerText } = {}) {
  const chars = codePoints(sentence);
  const p = el('p', { class: 'evidence-sentence' });
  let s = -1; let e = -1;
  if ([triggerStart, triggerEnd, sentenceStart].every((v) => Number.isFinite(Number(v)) && v !== null && v !== undefined)) {
    s = Number(triggerStart) - Number(sentenceStart);
    e = Number(triggerEnd) - Number(sentenceStart);
  }
  if (!(s >= 0 && e > s && e <= chars.length) && triggerText) {
    const at = String(sentence ?? '').indexOf(String(triggerText));
    if (at >= 0) {
      s = codePoints(String(sentence).slice(0, at)).length;
      e = s + codePoints(triggerText).length;
    }
  }
  if (s >= 0 && e > s && e <= chars.length) {
    p.append(chars.slice(0, s).join(''),
      el('mark', { class: 'trigger', title: 'trigger', text: chars.slice(s, e).join('') }),
      chars.slice(e).join(''));
  } else {
    p.textContent = String(sentence ?? '');
  }
  return p;
}

function evidenceItem(ev, row) {
  const trigger = {
    triggerStart: ev.trigger_start, triggerEnd: ev.trigger_end, sentenceStart: ev.sentence_start,
    triggerText: ev.trigger_text ?? (ev.event_id === row.event_id ? row.trigger_text : undefined),
  };
  return el('li', { class: 'evidence-item', testid: 'evidence-item' },
    highlightedSentence(ev.sentence, trigger),
    el('div', { class: 'evidence-meta' },
      el('span', { class: 'outlet', text: String(ev.outlet ?? ev.source ?? 'unknown outlet') }),
      el('span', { class: 'sep', text: ' · ' }),
      el('span', { class: 'title', text: String(ev.title ?? '(untitled)') }),
      el('span', { class: 'sep', text: ' · ' }),
      el('span', { class: 'published', text: fmtDate(ev.published) }),
      el('span', { class: 'sep', text: ' · ' }),
      safeLink(ev.url, 'source', { testid: 'evidence-source' }),
      el('span', { class: 'sep', text: ' · ' }),
      ev.doc_id ? el('a', { href: docHref(ev.doc_id), testid: 'open-document', text: 'open document' }) : null));
}

function historyTable(corrections) {
  const box = el('div', { class: 'correction-history', testid: 'correction-history' }, el('h4', { text: 'Correction history' }));
  if (!corrections || !corrections.length) {
    box.appendChild(el('p', { class: 'muted', text: 'No corrections.' }));
    return box;
  }
  const body = el('tbody', {}, corrections.map((c) => el('tr', { testid: 'correction-row' },
    el('td', { text: fmtDate(c.created_at) }),
    el('td', { text: String(c.kind ?? '') }),
    el('td', { text: c.previous === null || c.previous === undefined ? '–' : String(c.previous) }),
    el('td', { text: c.value === null || c.value === undefined ? '–' : String(c.value) }),
    el('td', { text: String(c.author ?? '') }),
    el('td', { text: String(c.reason ?? '') }))));
  box.appendChild(el('table', { class: 'data-table compact' },
    el('thead', {}, el('tr', {}, ['When', 'Kind', 'Was', 'Now', 'Author', 'Reason'].map((h) => el('th', { text: h })))),
    body));
  return box;
}

function optionList(values, selected) {
  return values.map(([value, label]) => el('option', { value, text: label, selected: value === selected }));
}

/** The value control for a correction kind. */
function valueControl(kind, row) {
  const common = { testid: 'correction-value', name: 'value', 'aria-label': 'new value' };
  if (kind === 'type') {
    return el('select', common, optionList(PLOVER_TYPES.map((t) => [t, t]), row.type));
  }
  if (kind === 'mode') {
    return el('select', common, optionList(MODES.map((t) => [t, t]), row.mode));
  }
  if (kind === 'source' || kind === 'target') {
    return el('input', { ...common, type: 'text', placeholder: 'actor id, e.g. IRQGOV', value: String(row[`${kind}_id`] ?? '') });
  }
  if (kind === 'date') {
    return el('input', { ...common, type: 'date', value: String(row.date ?? '').slice(0, 10) });
  }
  return el('input', { ...common, type: 'text', disabled: true, placeholder: '(no value needed)' });
}

/** Merge what the server says (or, without it, what we asked for) into the row. */
function applyCorrection(row, kind, value, returned) {
  if (returned && typeof returned === 'object') {
    Object.assign(row, returned);
  } else if (kind === 'reject') row.rejected = true;
  else if (kind === 'restore') row.rejected = false;
  else if (kind === 'type' || kind === 'mode' || kind === 'date') row[kind] = value;
  else if (kind === 'source' || kind === 'target') { row[`${kind}_id`] = value; row[`${kind}_name`] = value; }
  if (kind !== 'alias') row.corrected = true;
}

function correctionForm(row, onDone) {
  const status = el('span', { class: 'form-status', testid: 'correction-status', role: 'status' });
  const kind = el('select', { testid: 'correction-kind', name: 'kind', 'aria-label': 'correction kind' }, optionList(CORRECTION_KINDS, 'reject'));
  const valueSlot = el('label', { class: 'value-slot' }, 'Value ');
  let value = valueControl('reject', row);
  valueSlot.appendChild(value);
  const reason = el('input', { type: 'text', testid: 'correction-reason', name: 'reason', placeholder: 'why', maxlength: '500' });
  const submit = el('button', { type: 'submit', testid: 'correction-submit', class: 'primary', text: 'Submit correction' });
  const sync = () => {
    const next = valueControl(kind.value, row);
    value.replaceWith(next);
    value = next;
    valueSlot.classList.toggle('is-idle', kind.value === 'reject' || kind.value === 'restore');
  };
  kind.addEventListener('change', sync);
  sync();
  const form = el('form', { class: 'correction-form', testid: 'correction-form' },
    el('h4', { text: 'Correct this event' }),
    el('div', { class: 'form-row' },
      el('label', {}, 'Kind ', kind), valueSlot,
      el('label', { class: 'grow' }, 'Reason ', reason), submit, status));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const k = kind.value;
    const v = k === 'reject' || k === 'restore' ? null : String(value.value ?? '').trim();
    if (v === '' && k !== 'reject' && k !== 'restore') {
      status.textContent = 'Give a value.';
      status.className = 'form-status error';
      return;
    }
    await saveCorrection(submit, status, {
      event_id: row.event_id, kind: k, value: v, actor_id: null, reason: reason.value.trim(),
    }, (res) => {
      applyCorrection(row, k, v, res && res.event);
      onDone('corrected');
    });
  });
  return form;
}

/** POST one correction (as the analyst in the header), showing progress and any refusal in
 * ``status``; ``onSaved`` gets the server's answer. */
async function saveCorrection(submit, status, body, onSaved) {
  submit.disabled = true;
  status.textContent = 'Saving…';
  status.className = 'form-status';
  try {
    onSaved(await post('/api/corrections', { ...body, author: analyst.author || 'anonymous' }));
  } catch (err) {
    status.textContent = err instanceof ApiError ? `Not saved: ${err.detail}` : 'Not saved.';
    status.className = 'form-status error';
  } finally {
    submit.disabled = false;
  }
}

function aliasForm(row) {
  const actors = [[row.source_id, row.source_name], [row.target_id, row.target_name]].filter(([id]) => id);
  const actor = el('input', { type: 'text', testid: 'alias-actor', name: 'actor_id', placeholder: 'actor id', value: String(actors[0]?.[0] ?? ''), list: `alias-actors-${row.event_id}` });
  const datalist = el('datalist', { id: `alias-actors-${row.event_id}` },
    actors.map(([id, name]) => el('option', { value: String(id), text: String(name ?? id) })));
  const alias = el('input', { type: 'text', testid: 'alias-text', name: 'alias', placeholder: 'another name for this actor', maxlength: '200' });
  const reason = el('input', { type: 'text', testid: 'alias-reason', name: 'reason', placeholder: 'why (optional)', maxlength: '500' });
  const status = el('span', { class: 'form-status', testid: 'alias-status', role: 'status' });
  const submit = el('button', { type: 'submit', testid: 'alias-submit', text: 'Add alias' });
  const form = el('form', { class: 'alias-form', testid: 'alias-form' },
    el('h4', { text: 'Add alias' }),
    el('div', { class: 'form-row' },
      el('label', {}, 'Actor ', actor), datalist, el('label', { class: 'grow' }, 'Alias ', alias),
      el('label', {}, 'Reason ', reason), submit, status));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const actorId = actor.value.trim(); const text = alias.value.trim();
    if (!actorId || !text) {
      status.textContent = 'Give an actor id and an alias.';
      status.className = 'form-status error';
      return;
    }
    await saveCorrection(submit, status, {
      event_id: row.event_id ?? null, kind: 'alias', value: text, actor_id: actorId, reason: reason.value.trim(),
    }, () => {
      status.textContent = `Alias “${text}” added to ${actorId}.`;
      status.className = 'form-status ok';
      alias.value = '';
    });
  });
  return form;
}

function factsList(row) {
  const facts = [
    ['Event id', row.event_id], ['Date', row.date_end && row.date_end !== row.date ? `${fmtDate(row.date)} – ${fmtDate(row.date_end)}` : fmtDate(row.date)],
    ['Date precision', row.date_granularity ? `${row.date_granularity}${row.date_fallback ? ' (publication date used)' : ''}` : null],
    ['Type', row.cameo ? `${row.type} (CAMEO ${row.cameo})` : row.type], ['Mode', row.mode], ['Quad', row.quad],
    ['Source', actorLabel(row.source_name, row.source_id)], ['Target', actorLabel(row.target_name, row.target_id)],
    ['Claimant', row.claimant_id ? actorLabel(row.claimant_name, row.claimant_id) : null],
    ['Place', row.place_name ? [row.place_name, row.admin1, row.place_country].filter(Boolean).join(', ') : null],
    ['Confidence', confidenceText(row.confidence)], ['Intensity', row.intensity ?? null],
    ['Mentions', row.n_mentions ?? null],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return el('dl', { class: 'facts' }, facts.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
}

/** Fill the expanded panel of an event: evidence, history, forms. */
async function renderDetail(panel, row, refreshSummary, notice) {
  panel.replaceChildren(el('p', { class: 'muted', text: 'Loading evidence…' }));
  let detail = null;
  try {
    detail = await get(`/api/events/${encodeURIComponent(row.event_id)}`);
  } catch {
    detail = null; // the error bar says why; show what the row itself carries
  }
  if (detail && detail.event && typeof detail.event === 'object') {
    Object.assign(row, detail.event);
    refreshSummary();
  }
  const evidence = detail && Array.isArray(detail.evidence) && detail.evidence.length ? detail.evidence
    : [{ event_id: row.event_id, doc_id: row.doc_id, sentence: row.sentence, sentence_start: row.sentence_start,
      trigger_start: row.trigger_start, trigger_end: row.trigger_end, trigger_text: row.trigger_text, title: row.title,
      url: row.url, outlet: row.outlet, published: row.published }];
  const parts = [];
  if (notice) parts.push(el('p', { class: 'notice ok', testid: 'correction-notice', role: 'status', text: notice }));
  parts.push(factsList(row));
  parts.push(el('div', { class: 'evidence', testid: 'evidence' },
    el('h4', { text: `Evidence (${evidence.length})` }),
    el('ol', { class: 'evidence-list' }, evidence.map((ev) => evidenceItem(ev, row)))));
  parts.push(historyTable(detail ? detail.corrections : []));
  if (getConfig().writes_enabled) {
    parts.push(correctionForm(row, (msg) => {
      refreshSummary();
      renderDetail(panel, row, refreshSummary, msg);
    }));
    parts.push(aliasForm(row));
  } else {
    parts.push(el('p', { class: 'muted small', testid: 'writes-disabled', text: 'Corrections are disabled on this server.' }));
  }
  panel.replaceChildren(...parts);
}

/** One event: a clickable summary row that expands. */
export function eventItem(row) {
  const summary = el('button', { type: 'button', class: 'event-row', testid: 'event-row', 'aria-expanded': 'false',
    dataset: { eventId: row.event_id } });
  const refresh = () => fillSummary(summary, row);
  refresh();
  const panel = el('div', { class: 'event-detail', hidden: true });
  const item = el('li', { class: 'event-item', dataset: { eventId: row.event_id } }, summary, panel);
  let loaded = false;
  summary.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    summary.setAttribute('aria-expanded', String(open));
    item.classList.toggle('open', open);
    if (open && !loaded) {
      loaded = true;
      renderDetail(panel, row, refresh);
    }
  });
  return item;
}

/** The list of events, with a header line. */
export function eventList(rows, { testid = 'event-list', total } = {}) {
  const list = el('ul', { class: 'event-list' }, rows.map(eventItem));
  const shown = rows.length;
  const count = total !== undefined && total !== null && total > shown
    ? `${fmtNumber(shown)} of ${fmtNumber(total)} events` : `${fmtNumber(shown)} events`;
  return el('div', { class: 'events-box', testid },
    el('div', { class: 'event-head' },
      el('span', { text: 'Date' }), el('span', { text: 'Type' }), el('span', { text: 'Mode' }),
      el('span', { text: 'Source → target' }), el('span', { text: 'Conf.' }), el('span', { class: 'count muted', text: count })),
    rows.length ? list : el('p', { class: 'muted', text: 'No events.' }));
}
