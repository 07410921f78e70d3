// #/document/<doc_id>: the text with its coded spans highlighted, and the events found in it.

import { el, section, loading, safeLink, codePoints, fmtDate, classToken } from '../dom.js';
import { tryGet } from '../api.js';
import { eventList } from '../events.js';

const KINDS = ['event', 'actor', 'place', 'date'];
const KIND_LABELS = { event: 'event trigger', actor: 'actor', place: 'place', date: 'date', other: 'other' };

let lastDocId = '';

/**
 * Split the text at every span boundary; each piece is wrapped by the innermost span covering it
 * (shortest; ties go to the first listed). Neighbouring pieces with the same wrapper are joined.
 * Returns DOM nodes; all text goes in as text nodes.
 */
export function renderSpans(text, spans, { onEvent } = {}) {
  const chars = codePoints(text);
  const n = chars.length;
  const valid = (Array.isArray(spans) ? spans : [])
    .map((s, i) => ({ ...s, start: Math.max(0, Math.floor(Number(s.start))), end: Math.min(n, Math.floor(Number(s.end))), order: i }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start);
  const cuts = new Set([0, n]);
  for (const s of valid) { cuts.add(s.start); cuts.add(s.end); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const a = bounds[i]; const b = bounds[i + 1];
    const covering = valid.filter((s) => s.start <= a && s.end >= b);
    let inner = null;
    for (const s of covering) {
      if (!inner || (s.end - s.start) < (inner.end - inner.start)) inner = s;
    }
    const last = pieces[pieces.length - 1];
    if (last && last.span === inner && last.coverKey === covering.map((s) => s.order).join(',')) last.b = b;
    else pieces.push({ a, b, span: inner, covering, coverKey: covering.map((s) => s.order).join(',') });
  }
  return pieces.map(({ a, b, span, covering }) => {
    const piece = chars.slice(a, b).join('');
    if (!span) return document.createTextNode(piece);
    const kind = classToken(span.kind, KINDS);
    const outer = [...new Set(covering.filter((s) => s !== span).map((s) => classToken(s.kind, KINDS)))];
    // The tooltip is the label of the innermost span; enclosing spans add a line each.
    const others = covering.filter((s) => s !== span).sort((p, q) => (p.end - p.start) - (q.end - q.start));
    const tip = [String(span.label ?? KIND_LABELS[kind]),
      ...others.map((s) => `${KIND_LABELS[classToken(s.kind, KINDS)]}: ${s.label ?? ''}`)].join('\n');
    const mark = el('mark', {
      class: ['span', `span-${kind}`, kind, ...outer.map((k) => `in-${k}`)], title: tip, testid: `span-${kind}`,
      dataset: { kind, label: span.label ?? '', eventId: span.event_id ?? undefined },
    }, piece);
    const eventSpan = covering.find((s) => classToken(s.kind, KINDS) === 'event' && s.event_id);
    if (eventSpan && onEvent) {
      mark.classList.add('linked');
      mark.addEventListener('click', () => onEvent(String(eventSpan.event_id)));
    }
    return mark;
  });
}

function legend() {
  return el('div', { class: 'chart-legend doc-legend', testid: 'doc-legend' },
    KINDS.map((k) => el('span', { class: 'legend-item' }, el('mark', { class: `span span-${k}`, text: KIND_LABELS[k] }))),
    el('span', { class: 'legend-item muted', text: 'hover a highlight for its label; click an event trigger to find its event' }));
}

function openForm(current) {
  const input = el('input', { type: 'text', testid: 'doc-id-input', value: current, placeholder: 'document id', 'aria-label': 'document id' });
  const form = el('form', { class: 'filters', testid: 'doc-open-form' },
    el('label', {}, 'Document ', input), el('button', { type: 'submit', class: 'primary', testid: 'doc-open', text: 'Open' }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = input.value.trim();
    if (id) window.location.hash = `#/document/${encodeURIComponent(id)}`;
  });
  return form;
}

export async function renderDocument(root, _params, rest) {
  const docId = (rest && rest.length ? rest.join('/') : '') || '';
  if (!docId) {
    root.appendChild(section('view-document', 'Document', openForm(lastDocId),
      el('p', { class: 'muted', text: 'Open a document from an event (“open document”) or the map, or give its id.' })));
    if (lastDocId) root.querySelector('form').after(el('p', {}, el('a', { href: `#/document/${encodeURIComponent(lastDocId)}`, text: `Back to ${lastDocId}` })));
    return;
  }
  lastDocId = docId;
  const body = el('div', { class: 'document-body' }, loading());
  root.appendChild(section('view-document', 'Document', openForm(docId), body));
  const data = await tryGet(`/api/documents/${encodeURIComponent(docId)}`);
  if (!data) {
    body.replaceChildren(el('p', { class: 'muted', text: `Document ${docId} could not be loaded.` }), el('div', { testid: 'doc-text' }));
    return;
  }
  const doc = (data.document && typeof data.document === 'object') ? data.document : {};
  const events = Array.isArray(data.events) ? data.events : null;
  let eventsBox;
  const focusEvent = (eventId) => {
    if (!eventsBox) return;
    const item = [...eventsBox.querySelectorAll('.event-item')].find((li) => li.dataset.eventId === eventId);
    if (!item) return;
    for (const li of eventsBox.querySelectorAll('.event-item.flash')) li.classList.remove('flash');
    item.classList.add('flash');
    item.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    const button = item.querySelector('.event-row');
    if (button && button.getAttribute('aria-expanded') !== 'true') button.click();
  };
  const textBox = el('div', { class: 'doc-text', testid: 'doc-text' }, renderSpans(String(data.text ?? ''), data.spans, { onEvent: focusEvent }));
  if (events) {
    eventsBox = eventList(events, { testid: 'doc-events' });
  } else {
    // Older servers send no events: list the event spans instead.
    const ids = [...new Set((data.spans || []).filter((s) => s.kind === 'event' && s.event_id).map((s) => String(s.event_id)))];
    eventsBox = el('div', { testid: 'doc-events' }, ids.length
      ? el('ul', { class: 'plain-list' }, ids.map((id) => el('li', { class: 'event-item', dataset: { eventId: id }, text: `${id}: ${(data.spans.find((s) => s.event_id === id && s.kind === 'event') || {}).label ?? ''}` })))
      : el('p', { class: 'muted', text: 'No events coded in this document.' }));
  }
  body.replaceChildren(
    el('div', { class: 'doc-meta panel', testid: 'doc-meta' },
      el('h3', { class: 'doc-title', testid: 'doc-title', text: String(doc.title ?? '(untitled)') }),
      el('div', { class: 'doc-facts' },
        el('span', { class: 'outlet', text: String(doc.source ?? doc.outlet ?? 'unknown outlet') }),
        el('span', { class: 'sep', text: ' · ' }),
        el('span', { text: `published ${fmtDate(doc.published)}` }),
        el('span', { class: 'sep', text: ' · ' }),
        safeLink(doc.url, 'source link', { testid: 'doc-source' }),
        el('span', { class: 'sep', text: ' · ' }),
        el('span', { class: 'muted mono', text: String(doc.doc_id ?? docId) }))),
    el('div', { class: 'doc-layout' },
      el('div', { class: 'panel' }, legend(), textBox),
      el('div', { class: 'panel' }, el('h3', { text: 'Events in this document' }), eventsBox)),
  );
}

