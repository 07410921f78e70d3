// #/network?since=&until=: actors as nodes at the server's layout, cooperation/conflict edges.
// Drag to pan, scroll to zoom: positions are re-projected and redrawn, so nodes, labels and
// arrowheads keep their screen size.

import { el, svg, section, loading, fmtNumber, fmtSigned, fmtDate } from '../dom.js';
import { tryGet } from '../api.js';
import { navigate } from '../router.js';
import { placeLabels } from '../map.js';

const W = 900; const H = 620; const PAD = 60;

function finite(v) {
  return v !== null && v !== undefined && v !== '' && Number.isFinite(Number(v));
}

/** Node positions in SVG units: the server's x,y (fitted to the drawing), else a circle. */
function layout(nodes) {
  const haveLayout = nodes.length > 0 && nodes.every((n) => finite(n.x) && finite(n.y));
  const pos = new Map();
  if (haveLayout) {
    const xs = nodes.map((n) => Number(n.x)); const ys = nodes.map((n) => Number(n.y));
    let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (x1 - x0 < 1e-9) { x0 -= 1; x1 += 1; }
    if (y1 - y0 < 1e-9) { y0 -= 1; y1 += 1; }
    for (const n of nodes) {
      pos.set(n.id, {
        x: PAD + ((Number(n.x) - x0) / (x1 - x0)) * (W - 2 * PAD),
        y: PAD + ((Number(n.y) - y0) / (y1 - y0)) * (H - 2 * PAD),
      });
    }
  } else {
    const order = [...nodes].sort((p, q) => (q.n_events || 0) - (p.n_events || 0));
    order.forEach((n, i) => {
      const t = (2 * Math.PI * i) / Math.max(1, order.length) - Math.PI / 2;
      pos.set(n.id, { x: W / 2 + Math.cos(t) * (W / 2 - PAD), y: H / 2 + Math.sin(t) * (H / 2 - PAD) });
    });
  }
  return { pos, haveLayout };
}

function edgeInfo(link, names) {
  const src = names.get(link.source) ?? link.source;
  const tgt = names.get(link.target) ?? link.target;
  const rows = [
    ['Events', fmtNumber(link.n_events)], ['Cooperative', fmtNumber(link.n_coop)], ['Conflictual', fmtNumber(link.n_conflict)],
    ['Cooperation weight', fmtNumber(link.coop, 2)], ['Conflict weight', fmtNumber(link.conflict, 2)],
    ['Net', fmtSigned(link.net)], ['First', fmtDate(link.first)], ['Last', fmtDate(link.last)],
  ];
  return [el('h4', { text: `${src} → ${tgt}` }),
    el('dl', { class: 'facts' }, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]))];
}

function graph(data, infoBox) {
  const nodes = (Array.isArray(data.nodes) ? data.nodes : []).filter((n) => n && n.id !== undefined && n.id !== null);
  const ids = new Set(nodes.map((n) => n.id));
  const links = (Array.isArray(data.links) ? data.links : [])
    .filter((l) => l && ids.has(l.source) && ids.has(l.target) && l.source !== l.target);
  // Nodes without a count get one from their links.
  const counted = new Map();
  for (const l of links) {
    counted.set(l.source, (counted.get(l.source) || 0) + (Number(l.n_events) || 0));
    counted.set(l.target, (counted.get(l.target) || 0) + (Number(l.n_events) || 0));
  }
  for (const n of nodes) if (!finite(n.n_events)) n.n_events = counted.get(n.id) || 0;
  const { pos: base, haveLayout } = layout(nodes);
  const names = new Map(nodes.map((n) => [n.id, String(n.name ?? n.id)]));
  const maxEvents = Math.max(1, ...nodes.map((n) => Number(n.n_events) || 0));
  const radii = new Map(nodes.map((n) => [n.id, 5 + 13 * Math.sqrt((Number(n.n_events) || 0) / maxEvents)]));
  const maxWeight = Math.max(1e-9, ...links.map((l) => Math.abs(Number(l.weight) || 0)));
  const pairs = new Set(links.map((l) => `${l.source}\u0000${l.target}`));

  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'network-svg', testid: 'network-svg', role: 'img', 'aria-label': 'Actor network' });
  const defs = svg('defs');
  for (const kind of ['coop', 'conflict']) {
    defs.appendChild(svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6,
      orient: 'auto-start-reverse', markerUnits: 'strokeWidth' }, svg('path', { d: 'M0 0 L10 5 L0 10 z', class: `arrowhead ${kind}` })));
  }
  const edgeLayer = svg('g', { class: 'edges' });
  const nodeLayer = svg('g', { class: 'nodes' });
  root.append(defs, svg('rect', { x: 0, y: 0, width: W, height: H, class: 'net-bg' }), edgeLayer, nodeLayer);

  const view = { k: 1, tx: 0, ty: 0 };
  let selectedKey = null;
  const hint = () => [el('p', { class: 'hint', text: 'Hover an edge for its counts; click it (or an actor) for details.' })];
  let selectedInfo = hint;
  let moved = 0;
  const at = (id) => { const p = base.get(id); return { x: p.x * view.k + view.tx, y: p.y * view.k + view.ty }; };

  function draw() {
    const edges = []; const drawnNodes = []; const labels = [];
    for (const l of links) {
      const p = at(l.source); const q = at(l.target);
      const coop = Number(l.coop) || 0; const conflict = Number(l.conflict) || 0;
      const kind = coop > conflict ? 'coop' : 'conflict';
      const width = 1 + 6 * (Math.abs(Number(l.weight) || 0) / maxWeight);
      // Bend the edge when the reverse edge exists, so both stay visible.
      const dx = q.x - p.x; const dy = q.y - p.y; const len = Math.hypot(dx, dy) || 1;
      const bend = pairs.has(`${l.target}\u0000${l.source}`) ? Math.min(40, 0.18 * len) : 0;
      const mx = (p.x + q.x) / 2 - (dy / len) * bend; const my = (p.y + q.y) / 2 + (dx / len) * bend;
      const trim = (from, to, r) => {
        const vx = to.x - from.x; const vy = to.y - from.y; const d = Math.hypot(vx, vy) || 1;
        return { x: from.x + (vx / d) * r, y: from.y + (vy / d) * r };
      };
      const start = trim(p, { x: mx, y: my }, radii.get(l.source) + 1);
      const end = trim(q, { x: mx, y: my }, radii.get(l.target) + 2);
      const d = `M${start.x.toFixed(1)} ${start.y.toFixed(1)} Q${mx.toFixed(1)} ${my.toFixed(1)} ${end.x.toFixed(1)} ${end.y.toFixed(1)}`;
      const key = `${l.source}\u0000${l.target}`;
      const tip = `${names.get(l.source)} → ${names.get(l.target)}: ${fmtNumber(l.n_events)} events `
        + `(${fmtNumber(l.n_coop)} cooperative, ${fmtNumber(l.n_conflict)} conflictual)`;
      const path = svg('path', { d, class: ['edge', kind, key === selectedKey ? 'selected' : null], 'stroke-width': width.toFixed(2),
        'marker-end': `url(#arrow-${kind})`, testid: 'network-edge', dataset: { source: l.source, target: l.target } },
      svg('title', { text: tip }));
      // A wide transparent twin makes thin edges easy to hover and click.
      const hit = svg('path', { d, class: 'edge-hit', 'stroke-width': Math.max(10, width + 6) }, svg('title', { text: tip }));
      const choose = () => {
        if (moved >= 3) return;
        selectedKey = key;
        selectedInfo = () => edgeInfo(l, names);
        for (const e of edgeLayer.querySelectorAll('.edge.selected')) e.classList.remove('selected');
        path.classList.add('selected');
        infoBox.replaceChildren(...selectedInfo());
      };
      for (const target of [path, hit]) {
        target.addEventListener('click', choose);
        target.addEventListener('mouseenter', () => { path.classList.add('hover'); infoBox.replaceChildren(...edgeInfo(l, names)); });
        target.addEventListener('mouseleave', () => { path.classList.remove('hover'); infoBox.replaceChildren(...selectedInfo()); });
      }
      edges.push(path, hit);
    }
    for (const n of nodes) {
      const p = at(n.id); const r = radii.get(n.id);
      const label = svg('text', { class: 'node-label', x: 0, y: -(r + 4), 'text-anchor': 'middle', text: String(n.name ?? n.id) });
      const g = svg('g', { class: 'node', transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`, testid: 'network-node',
        dataset: { id: n.id } },
      svg('circle', { r: r.toFixed(1) }), label,
      svg('title', { text: `${n.name ?? n.id} (${n.id}) — ${fmtNumber(n.n_events)} events` }));
      g.addEventListener('click', () => {
        if (moved >= 3) return;
        const mine = links.filter((l) => l.source === n.id || l.target === n.id);
        selectedKey = null;
        for (const e of edgeLayer.querySelectorAll('.edge.selected')) e.classList.remove('selected');
        selectedInfo = () => [el('h4', { text: `${n.name ?? n.id} (${n.id})` }),
          el('p', { text: `${fmtNumber(n.n_events)} events; ${mine.length} links.` }),
          el('ul', { class: 'plain-list' }, mine.map((l) => el('li', {
            text: `${names.get(l.source)} → ${names.get(l.target)}: ${fmtNumber(l.n_coop)} coop, ${fmtNumber(l.n_conflict)} conflict`,
          })))];
        infoBox.replaceChildren(...selectedInfo());
      });
      drawnNodes.push(g);
      labels.push({ x: p.x, y: p.y, r, text: label, label: String(n.name ?? n.id), events: Number(n.n_events) || 0 });
    }
    edgeLayer.replaceChildren(...edges);
    nodeLayer.replaceChildren(...drawnNodes);
    // Biggest actors get their labels first; labels that would collide are hidden (tooltips stay).
    labels.sort((p, q) => q.events - p.events);
    placeLabels(labels, 1, { charWidth: 6.6, within: [0, 0, W, H] });
  }

  // Pan and zoom.
  let pending = false;
  const redraw = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; draw(); });
  };
  const toSvg = (cx, cy) => {
    const m = root.getScreenCTM();
    if (!m) return { x: cx, y: cy };
    const inv = m.inverse();
    return { x: inv.a * cx + inv.c * cy + inv.e, y: inv.b * cx + inv.d * cy + inv.f };
  };
  const zoomAt = (factor, px, py) => {
    const k = Math.max(0.5, Math.min(12, view.k * factor));
    const bx = (px - view.tx) / view.k; const by = (py - view.ty) / view.k;
    view.k = k; view.tx = px - bx * k; view.ty = py - by * k;
    redraw();
  };
  root.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const p = toSvg(ev.clientX, ev.clientY);
    zoomAt(ev.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, { passive: false });
  let drag = null;
  root.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    drag = { ...toSvg(ev.clientX, ev.clientY), tx: view.tx, ty: view.ty };
    moved = 0;
  });
  root.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const p = toSvg(ev.clientX, ev.clientY);
    moved = Math.max(moved, Math.hypot(p.x - drag.x, p.y - drag.y));
    if (moved < 3) return;
    view.tx = drag.tx + (p.x - drag.x); view.ty = drag.ty + (p.y - drag.y);
    redraw();
  });
  const stop = () => { drag = null; };
  root.addEventListener('pointerup', stop);
  root.addEventListener('pointerleave', stop);
  draw();
  const controls = {
    zoomIn: () => zoomAt(1.4, W / 2, H / 2),
    zoomOut: () => zoomAt(1 / 1.4, W / 2, H / 2),
    reset: () => { view.k = 1; view.tx = 0; view.ty = 0; redraw(); },
  };
  return { root, haveLayout, nNodes: nodes.length, nLinks: links.length, controls };
}

export async function renderNetwork(root, params) {
  const since = params.get('since') || '';
  const until = params.get('until') || '';
  const sinceInput = el('input', { type: 'date', testid: 'network-since', value: since, 'aria-label': 'since' });
  const untilInput = el('input', { type: 'date', testid: 'network-until', value: until, 'aria-label': 'until' });
  const zoomBox = el('span', { class: 'map-zoom' });
  const form = el('form', { class: 'filters', testid: 'network-filter' },
    el('label', {}, 'Since ', sinceInput), el('label', {}, 'Until ', untilInput),
    el('button', { type: 'submit', testid: 'network-apply', class: 'primary', text: 'Show' }), zoomBox);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('network', { since: sinceInput.value, until: untilInput.value });
  });
  const canvas = el('div', { class: 'network-canvas' }, loading());
  const info = el('aside', { class: 'edge-info panel', testid: 'edge-info' },
    el('p', { class: 'hint', text: 'Hover an edge for its counts; click it (or an actor) for details.' }));
  const legendBox = el('div', { class: 'chart-legend' },
    el('span', { class: 'legend-item' }, el('span', { class: 'swatch edge-coop' }), 'cooperation (coop > conflict)'),
    el('span', { class: 'legend-item' }, el('span', { class: 'swatch edge-conflict' }), 'conflict'),
    el('span', { class: 'legend-item muted', text: 'node size: events · edge width: weight · drag to pan, scroll to zoom' }));
  root.appendChild(section('view-network', 'Network', form, el('div', { class: 'network-layout' },
    el('div', { class: 'panel' }, canvas, legendBox), info)));

  const data = await tryGet('/api/network', { since, until });
  if (!data) {
    canvas.replaceChildren(el('p', { class: 'muted', text: 'The network could not be loaded.' }),
      svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'network-svg', testid: 'network-svg' }));
    return;
  }
  const drawn = graph(data, info);
  canvas.replaceChildren(drawn.root);
  zoomBox.append(
    el('button', { type: 'button', testid: 'network-zoom-in', title: 'zoom in', text: '+', onclick: drawn.controls.zoomIn }),
    el('button', { type: 'button', testid: 'network-zoom-out', title: 'zoom out', text: '−', onclick: drawn.controls.zoomOut }),
    el('button', { type: 'button', testid: 'network-zoom-reset', title: 'reset view', text: 'reset', onclick: drawn.controls.reset }));
  if (!drawn.nNodes) canvas.appendChild(el('p', { class: 'muted', text: 'No actors in this period.' }));
  if (drawn.nNodes && !drawn.haveLayout) {
    canvas.appendChild(el('p', { class: 'hint', text: 'The server sent no layout; actors are placed on a circle.' }));
  }
}
