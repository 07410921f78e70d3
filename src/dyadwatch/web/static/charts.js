// Charts drawn as SVG: the stacked quad-class bars of the overview and the relation-index chart
// of the dyad view. Colours live in style.css (classes), so the palette is in one place.

import { el, svg, fmtNumber, fmtSigned, classToken } from './dom.js';
import { QUADS, QUAD_LABELS } from './api.js';

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/** Show every n-th label so they do not collide (labels are about 6.2 units a character at 11px). */
function labelStride(labels, width) {
  const longest = Math.max(1, ...labels.map((t) => String(t).length));
  const gap = Math.max(36, longest * 6.2 + 10);
  return Math.max(1, Math.ceil((labels.length * gap) / Math.max(width, 1)));
}

/**
 * Period labels under the axis: every `stride`-th, kept inside the drawing at both ends, and
 * dropped when one would still overlap its left neighbour.
 */
function periodLabels(root, items, y, width) {
  const stride = labelStride(items.map((it) => it.text), width);
  let lastRight = -Infinity;
  items.forEach((it, i) => {
    if (i % stride) return;
    const w = String(it.text).length * 6.2;
    let anchor = 'middle'; let at = it.x; let left = it.x - w / 2;
    if (it.x + w / 2 > width - 2) { anchor = 'end'; at = width - 2; left = at - w; }
    else if (left < 2) { anchor = 'start'; at = 2; left = 2; }
    if (left < lastRight + 6) return;
    lastRight = left + w;
    root.appendChild(svg('text', { x: at, y, class: 'axis-label period-label', 'text-anchor': anchor, text: String(it.text) },
      it.title ? svg('title', { text: String(it.title) }) : null));
  });
}

function legend(items, testid) {
  return el('div', { class: 'chart-legend', testid },
    items.map(({ cls, label }) => el('span', { class: 'legend-item' },
      el('span', { class: `swatch ${cls}` }), el('span', { text: label }))));
}

/**
 * Events per period, stacked by quad class.
 * series: [{period, start, verbal_coop, material_coop, verbal_conflict, material_conflict}]
 */
export function quadChart(series, { testid = 'quad-chart' } = {}) {
  const W = 900; const H = 280;
  const m = { top: 12, right: 12, bottom: 46, left: 44 };
  const iw = W - m.left - m.right; const ih = H - m.top - m.bottom;
  const rows = Array.isArray(series) ? series : [];
  const wrap = el('div', { class: 'chart quad-chart', testid });
  if (!rows.length) {
    wrap.appendChild(el('p', { class: 'muted', text: 'No events in this period.' }));
    wrap.appendChild(legend(QUADS.map((q) => ({ cls: `quad-${q}`, label: QUAD_LABELS[q] })), 'quad-legend'));
    return wrap;
  }
  const totals = rows.map((r) => QUADS.reduce((s, q) => s + (Number(r[q]) || 0), 0));
  const maxTotal = Math.max(1, ...totals);
  const ticks = niceTicks(0, maxTotal, 5);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : maxTotal;
  while (ticks[ticks.length - 1] < maxTotal) ticks.push(ticks[ticks.length - 1] + step);
  const top = ticks[ticks.length - 1];
  const y = (v) => m.top + ih - (v / top) * ih;
  const band = iw / rows.length;
  const barW = Math.max(2, Math.min(48, band * 0.72));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-label': 'Events per period by quad class' });

  const grid = svg('g', { class: 'grid' });
  for (const t of ticks) {
    grid.appendChild(svg('line', { x1: m.left, x2: W - m.right, y1: y(t), y2: y(t), class: 'gridline' }));
    grid.appendChild(svg('text', { x: m.left - 6, y: y(t) + 4, class: 'axis-label', 'text-anchor': 'end', text: fmtNumber(t) }));
  }
  root.appendChild(grid);

  const periodText = (row) => String(row.period ?? row.start ?? '');
  rows.forEach((row, i) => {
    const cx = m.left + band * i + band / 2;
    const g = svg('g', { class: 'bar', 'data-period': String(row.period ?? '') });
    let acc = 0;
    for (const q of QUADS) {
      const v = Number(row[q]) || 0;
      if (v <= 0) continue;
      const y0 = y(acc); const y1 = y(acc + v);
      g.appendChild(svg('rect', { x: cx - barW / 2, y: y1, width: barW, height: Math.max(0.5, y0 - y1), class: `quad-${q}` },
        svg('title', { text: `${row.period ?? ''} — ${QUAD_LABELS[q]}: ${fmtNumber(v)}` })));
      acc += v;
    }
    g.appendChild(svg('title', { text: `${row.period ?? ''}: ${fmtNumber(totals[i])} events` }));
    root.appendChild(g);
  });
  periodLabels(root, rows.map((row, i) => ({ x: m.left + band * i + band / 2, text: periodText(row) })), H - m.bottom + 16, W);
  root.appendChild(svg('line', { x1: m.left, x2: W - m.right, y1: y(0), y2: y(0), class: 'axis' }));
  root.appendChild(svg('text', { x: 12, y: m.top + ih / 2, class: 'axis-title', transform: `rotate(-90 12 ${m.top + ih / 2})`, 'text-anchor': 'middle', text: 'events' }));
  wrap.appendChild(root);
  wrap.appendChild(legend(QUADS.map((q) => ({ cls: `quad-${q}`, label: QUAD_LABELS[q] })), 'quad-legend'));
  return wrap;
}

// Tones from dyadwatch.analysis.series (TONE_BANDS, plus 'quiet'); others fall back to 'other'.
export const TONES = ['cooperative', 'cordial', 'guarded', 'tense', 'hostile', 'quiet', 'neutral'];

/** Index of the period a phase bound names: by period label, else by date. */
function periodIndex(periods, label, date, fromEnd) {
  let idx = periods.findIndex((p) => p.period === label);
  if (idx >= 0) return idx;
  if (date) {
    const d = String(date).slice(0, 10);
    idx = periods.findIndex((p) => String(p.start ?? '').slice(0, 10) <= d && d <= String(p.end ?? p.start ?? '').slice(0, 10));
    if (idx >= 0) return idx;
    // Outside every period: clamp to the nearest end.
    if (fromEnd) {
      for (let i = periods.length - 1; i >= 0; i -= 1) if (String(periods[i].start ?? '') <= d) return i;
    } else {
      for (let i = 0; i < periods.length; i += 1) if (String(periods[i].end ?? periods[i].start ?? '') >= d) return i;
    }
  }
  return -1;
}

function indexValue(p) {
  const v = p && p.index;
  return v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v);
}

/**
 * Relation index per period (bars and a line; zero line; positive = cooperation), with the
 * detected phases as background bands coloured by tone.
 */
export function indexChart(periods, phases, { testid = 'dyad-chart', a = 'A', b = 'B' } = {}) {
  const W = 900; const H = 300;
  const m = { top: 14, right: 14, bottom: 42, left: 48 };
  const iw = W - m.left - m.right; const ih = H - m.top - m.bottom;
  const rows = Array.isArray(periods) ? periods : [];
  const wrap = el('div', { class: 'chart index-chart', testid });
  if (!rows.length) {
    wrap.appendChild(el('p', { class: 'muted', text: `No coded events between ${a} and ${b}.` }));
    return wrap;
  }
  const values = rows.map(indexValue).filter((v) => v !== null);
  let lo = Math.min(0, ...values); let hi = Math.max(0, ...values);
  if (hi - lo < 1) { hi += 0.5; lo -= 0.5; }
  const pad = (hi - lo) * 0.08;
  lo -= lo < 0 ? pad : 0; hi += hi > 0 ? pad : 0;
  const ticks = niceTicks(lo, hi, 6);
  const y = (v) => m.top + ((hi - v) / (hi - lo)) * ih;
  const band = iw / rows.length;
  const barW = Math.max(2, Math.min(36, band * 0.55));
  const cx = (i) => m.left + band * i + band / 2;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-label': `Relation index ${a}–${b}` });

  // Phase bands behind everything.
  const bands = svg('g', { class: 'phase-bands' });
  (phases || []).forEach((ph, k) => {
    const i0 = periodIndex(rows, ph.start, ph.start_date, false);
    const i1 = periodIndex(rows, ph.end, ph.end_date, true);
    if (i0 < 0 || i1 < 0 || i1 < i0) return;
    const tone = classToken(ph.tone, TONES);
    bands.appendChild(svg('rect', {
      x: m.left + band * i0, y: m.top, width: band * (i1 - i0 + 1), height: ih, class: `phase-band tone-${tone}`,
      'data-phase': String(k),
    }, svg('title', { text: ph.summary ? String(ph.summary) : `${ph.start} – ${ph.end}: ${ph.tone}` })));
    bands.appendChild(svg('text', { x: m.left + band * i0 + 4, y: m.top + 12, class: 'phase-label', text: String(ph.tone ?? '') }));
  });
  root.appendChild(bands);

  for (const t of ticks) {
    root.appendChild(svg('line', { x1: m.left, x2: W - m.right, y1: y(t), y2: y(t), class: 'gridline' }));
    root.appendChild(svg('text', { x: m.left - 6, y: y(t) + 4, class: 'axis-label', 'text-anchor': 'end', text: fmtSigned(t, Math.abs(t) < 10 && t % 1 ? 1 : 0) }));
  }

  const bars = svg('g', { class: 'index-bars' });
  rows.forEach((p, i) => {
    const v = indexValue(p);
    if (v === null) return;
    const y0 = y(0); const y1 = y(v);
    const tip = `${p.display ?? p.period}: index ${fmtSigned(v)} (${fmtNumber(p.n_events)} events`
      + `${p.index_ab !== undefined ? `; ${a}→${b} ${fmtSigned(p.index_ab)}, ${b}→${a} ${fmtSigned(p.index_ba)}` : ''})`;
    bars.appendChild(svg('rect', {
      x: cx(i) - barW / 2, y: Math.min(y0, y1), width: barW, height: Math.max(0.5, Math.abs(y1 - y0)),
      class: v >= 0 ? 'index-bar pos' : 'index-bar neg',
    }, svg('title', { text: tip })));
  });
  root.appendChild(bars);

  // Line through the period values (breaks where a period has no index).
  let d = ''; let pen = false;
  rows.forEach((p, i) => {
    const v = indexValue(p);
    if (v === null) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${cx(i).toFixed(1)} ${y(v).toFixed(1)} `;
    pen = true;
  });
  if (d) root.appendChild(svg('path', { d: d.trim(), class: 'index-line' }));
  rows.forEach((p, i) => {
    const v = indexValue(p);
    if (v !== null) root.appendChild(svg('circle', { cx: cx(i), cy: y(v), r: 3, class: 'index-dot' }));
  });
  root.appendChild(svg('line', { x1: m.left, x2: W - m.right, y1: y(0), y2: y(0), class: 'zero-line' }));

  const periodText = (p) => String(p.display ?? p.period ?? '');
  periodLabels(root, rows.map((p, i) => ({ x: cx(i), text: periodText(p), title: p.period })), H - m.bottom + 16, W);
  root.appendChild(svg('text', { x: 12, y: m.top + ih / 2, class: 'axis-title', 'text-anchor': 'middle',
    transform: `rotate(-90 12 ${m.top + ih / 2})`, text: 'index (+ coop / − conflict)' }));
  wrap.appendChild(root);
  const toneItems = [...new Set((phases || []).map((ph) => classToken(ph.tone, TONES)))]
    .map((t) => ({ cls: `tone-${t}`, label: `phase: ${t}` }));
  wrap.appendChild(legend([
    { cls: 'index-pos', label: 'cooperation (index > 0)' },
    { cls: 'index-neg', label: 'conflict (index < 0)' },
    ...toneItems,
  ], 'index-legend'));
  return wrap;
}
