// Map drawing helpers: an equirectangular projection, GeoJSON to SVG paths, label points, and a
// pan/zoom controller for an SVG whose symbols keep their screen size.

import { svg } from './dom.js';

export const DEFAULT_BOUNDS = { lon0: 30, lon1: 52, lat0: 27, lat1: 40 };

/** Equirectangular projection of `bounds` onto a width-`width` SVG (standard parallel at mid-latitude). */
export function projection(bounds = DEFAULT_BOUNDS, width = 900) {
  const { lon0, lon1, lat0, lat1 } = bounds;
  const k = Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180);
  const scale = width / ((lon1 - lon0) * k);
  const height = (lat1 - lat0) * scale;
  const project = (lon, lat) => [(lon - lon0) * k * scale, (lat1 - lat) * scale];
  return { project, width, height, bounds, scale };
}

function eachPosition(coords, fn) {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') { fn(coords); return; }
  for (const c of coords) eachPosition(c, fn);
}

function geometryBox(geometry) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (g) => {
    if (!g) return;
    if (g.type === 'GeometryCollection') { (g.geometries || []).forEach(visit); return; }
    eachPosition(g.coordinates, ([x, y]) => {
      if (x < box[0]) box[0] = x; if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x; if (y > box[3]) box[3] = y;
    });
  };
  visit(geometry);
  return box;
}

export function intersects(box, bounds, margin = 0) {
  return !(box[2] < bounds.lon0 - margin || box[0] > bounds.lon1 + margin
    || box[3] < bounds.lat0 - margin || box[1] > bounds.lat1 + margin);
}

function ringPath(ring, project, close) {
  let d = '';
  ring.forEach((pos, i) => {
    if (!Array.isArray(pos) || pos.length < 2) return;
    const [x, y] = project(Number(pos[0]), Number(pos[1]));
    d += `${i ? 'L' : 'M'}${x.toFixed(2)} ${y.toFixed(2)}`;
  });
  return d && close ? `${d}Z` : d;
}

/** The SVG path data of a GeoJSON geometry (polygons closed, lines open). */
export function geometryPath(geometry, project) {
  if (!geometry) return '';
  const c = geometry.coordinates;
  switch (geometry.type) {
    case 'Polygon': return (c || []).map((r) => ringPath(r, project, true)).join('');
    case 'MultiPolygon': return (c || []).map((p) => (p || []).map((r) => ringPath(r, project, true)).join('')).join('');
    case 'LineString': return ringPath(c || [], project, false);
    case 'MultiLineString': return (c || []).map((r) => ringPath(r, project, false)).join('');
    case 'GeometryCollection': return (geometry.geometries || []).map((g) => geometryPath(g, project)).join('');
    default: return '';
  }
}

/** Clip a lon/lat ring to the bounds rectangle (Sutherland–Hodgman). */
function clipRing(ring, b) {
  const edges = [
    [(p) => p[0] >= b.lon0, (p, q) => cross(p, q, 0, b.lon0)],
    [(p) => p[0] <= b.lon1, (p, q) => cross(p, q, 0, b.lon1)],
    [(p) => p[1] >= b.lat0, (p, q) => cross(p, q, 1, b.lat0)],
    [(p) => p[1] <= b.lat1, (p, q) => cross(p, q, 1, b.lat1)],
  ];
  function cross(p, q, axis, v) {
    const t = (v - p[axis]) / (q[axis] - p[axis]);
    return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
  }
  let out = ring.map((p) => [Number(p[0]), Number(p[1])]);
  for (const [inside, at] of edges) {
    const input = out; out = [];
    for (let i = 0; i < input.length; i += 1) {
      const cur = input[i]; const prev = input[(i + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) out.push(at(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(at(prev, cur));
    }
    if (!out.length) break;
  }
  return out;
}

/** Area and centroid of a projected ring. */
function ringCentroid(points) {
  let a = 0; let cx = 0; let cy = 0;
  for (let i = 0; i < points.length; i += 1) {
    const [x0, y0] = points[i]; const [x1, y1] = points[(i + 1) % points.length];
    const f = x0 * y1 - x1 * y0;
    a += f; cx += (x0 + x1) * f; cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-9) return null;
  return { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) };
}

/** Where to write a feature's name: the centroid of its largest part inside the view, or null. */
export function labelPoint(geometry, proj, minArea = 250) {
  if (!geometry) return null;
  let polygons = [];
  if (geometry.type === 'Polygon') polygons = [geometry.coordinates];
  else if (geometry.type === 'MultiPolygon') polygons = geometry.coordinates || [];
  let best = null;
  for (const poly of polygons) {
    const outer = poly && poly[0];
    if (!Array.isArray(outer) || outer.length < 3) continue;
    const clipped = clipRing(outer, proj.bounds);
    if (clipped.length < 3) continue;
    const c = ringCentroid(clipped.map(([lon, lat]) => proj.project(lon, lat)));
    if (c && (!best || c.area > best.area)) best = c;
  }
  return best && best.area >= minArea ? best : null;
}

export { geometryBox };

/**
 * Pan (drag) and zoom (wheel, buttons) for `root`: transforms `viewport`, and keeps every element
 * registered with keepSize() at constant screen size by scaling it by 1/k.
 */
export function panZoom(root, viewport, { minK = 1, maxK = 24, onZoom = null } = {}) {
  let k = 1; let tx = 0; let ty = 0;
  const fixed = [];
  const apply = () => {
    viewport.setAttribute('transform', `translate(${tx.toFixed(2)} ${ty.toFixed(2)}) scale(${k.toFixed(4)})`);
    for (const { node, x, y } of fixed) node.setAttribute('transform', `translate(${x.toFixed(2)} ${y.toFixed(2)}) scale(${(1 / k).toFixed(4)})`);
    root.classList.toggle('zoomed', k > 1.001);
    if (onZoom && k !== lastK) { lastK = k; onZoom(k); }
  };
  let lastK = null;
  const toSvg = (clientX, clientY) => {
    const m = root.getScreenCTM();
    if (!m) return { x: 0, y: 0 };
    const inv = m.inverse();
    return { x: inv.a * clientX + inv.c * clientY + inv.e, y: inv.b * clientX + inv.d * clientY + inv.f };
  };
  const zoomAt = (factor, px, py) => {
    const next = Math.max(minK, Math.min(maxK, k * factor));
    const bx = (px - tx) / k; const by = (py - ty) / k;
    k = next; tx = px - bx * k; ty = py - by * k;
    if (k <= minK + 1e-6) { tx = 0; ty = 0; }
    apply();
  };
  root.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const p = toSvg(ev.clientX, ev.clientY);
    zoomAt(ev.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
  }, { passive: false });
  let drag = null;
  let moved = 0;
  root.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    drag = { ...toSvg(ev.clientX, ev.clientY), tx, ty };
    moved = 0;
  });
  root.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const p = toSvg(ev.clientX, ev.clientY);
    const dx = p.x - drag.x; const dy = p.y - drag.y;
    moved = Math.max(moved, Math.hypot(dx, dy));
    if (moved < 3) return;
    if (!root.hasPointerCapture(ev.pointerId)) root.setPointerCapture(ev.pointerId);
    tx = drag.tx + dx; ty = drag.ty + dy;
    apply();
  });
  const end = (ev) => {
    drag = null;
    if (root.hasPointerCapture && ev.pointerId !== undefined && root.hasPointerCapture(ev.pointerId)) root.releasePointerCapture(ev.pointerId);
  };
  root.addEventListener('pointerup', end);
  root.addEventListener('pointercancel', end);
  apply();
  return {
    get k() { return k; },
    keepSize(node, x, y) { fixed.push({ node, x, y }); node.setAttribute('transform', `translate(${x} ${y}) scale(${1 / k})`); },
    zoomIn() { const vb = root.viewBox.baseVal; zoomAt(1.5, vb.width / 2, vb.height / 2); },
    zoomOut() { const vb = root.viewBox.baseVal; zoomAt(1 / 1.5, vb.width / 2, vb.height / 2); },
    reset() { k = 1; tx = 0; ty = 0; apply(); },
    /** True when the last pointer gesture was a drag, so a click should be ignored. */
    wasDrag() { return moved >= 3; },
  };
}

/** Symbol path (screen units, centred at 0,0) for a marked place kind. */
export function placeSymbol(kind) {
  switch (kind) {
    case 'camp': return 'M0 -7 L6.5 5 L-6.5 5 Z';
    case 'crossing': return 'M-5 -5 H5 V5 H-5 Z';
    case 'prison': return 'M0 -7 L7 0 L0 7 L-7 0 Z';
    default: return 'M-2 -7 H2 V-2 H7 V2 H2 V7 H-2 V2 H-7 V-2 H-2 Z'; // a plus sign for other sites
  }
}

export function symbolNode(kind, cls) {
  return svg('path', { d: placeSymbol(kind), class: cls });
}

/**
 * Place point labels without overlaps at zoom k: each label tries right, left, above and below
 * its symbol and is hidden (its tooltip remains) when all four collide with what is placed.
 * items: [{x, y, text: SVGTextElement, label: string, r?: symbol radius}] in base (unzoomed)
 * units; the label's x/y are set relative to the point. `within` ([x0, y0, x1, y1], zoomed units)
 * keeps labels inside the drawing.
 */
export function placeLabels(items, k, { charWidth = 6.3, height = 13, symbol = 8, within = null } = {}) {
  const boxes = items.map(({ x, y, r }) => {
    const h = r ?? symbol;
    return [x * k - h, y * k - h, x * k + h, y * k + h];
  });
  const outside = (b) => within && (b[0] < within[0] || b[1] < within[1] || b[2] > within[2] || b[3] > within[3]);
  const hit = (b) => outside(b) || boxes.some((o) => b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]);
  for (const item of items) {
    const r = (item.r ?? symbol) + 2;
    const w = Math.max(10, item.label.length * charWidth); const sx = item.x * k; const sy = item.y * k;
    const options = [
      { x: r, y: 4, anchor: 'start', box: [sx + r, sy - height / 2, sx + r + 2 + w, sy + height / 2] },
      { x: -r, y: 4, anchor: 'end', box: [sx - r - 2 - w, sy - height / 2, sx - r, sy + height / 2] },
      { x: 0, y: -r - 3, anchor: 'middle', box: [sx - w / 2, sy - r - 1 - height, sx + w / 2, sy - r - 1] },
      { x: 0, y: r + 12, anchor: 'middle', box: [sx - w / 2, sy + r + 1, sx + w / 2, sy + r + 1 + height] },
    ];
    const fit = options.find((o) => !hit(o.box));
    if (fit) {
      item.text.setAttribute('x', fit.x);
      item.text.setAttribute('y', fit.y);
      item.text.setAttribute('text-anchor', fit.anchor);
      item.text.removeAttribute('visibility');
      boxes.push(fit.box);
    } else {
      item.text.setAttribute('visibility', 'hidden');
    }
  }
}
