// #/map: countries and admin1 basemap, events coloured by PLOVER type, marked places as symbols.

import { el, svg, section, loading, safeLink, docHref, fmtDate, fmtNumber, classToken } from '../dom.js';
import { tryGet, get, PLOVER_TYPES, MODES } from '../api.js';
import { navigate } from '../router.js';
import { DEFAULT_BOUNDS, projection, geometryPath, geometryBox, intersects, labelPoint, panZoom, placeLabels, symbolNode } from '../map.js';

// One colour per PLOVER type: cooperation in greens/blues, conflict in oranges/reds/purples.
export const TYPE_COLOURS = {
  AGREE: '#1b9e77', CONSULT: '#66c2a5', SUPPORT: '#8cbf3f', CONCEDE: '#3f9b3a', COOPERATE: '#00582a', AID: '#2c7fb8',
  RETREAT: '#41b6c4', REQUEST: '#7b8fc7', ACCUSE: '#f5a04a', REJECT: '#d4a000', THREATEN: '#f46d43', PROTEST: '#de77ae',
  MOBILIZE: '#a0522d', SANCTION: '#8e44ad', COERCE: '#d7301f', ASSAULT: '#7f0000',
};
const OTHER_COLOUR = '#777777';
const knownType = (t) => typeof t === 'string' && Object.prototype.hasOwnProperty.call(TYPE_COLOURS, t);
export const colourOf = (t) => (knownType(t) ? TYPE_COLOURS[t] : OTHER_COLOUR);
const PLACE_KINDS = ['camp', 'crossing', 'prison', 'site'];

// Basemap layers are static files; load each once per page.
const basemapCache = new Map();
function loadBasemap(name) {
  if (!basemapCache.has(name)) {
    basemapCache.set(name, fetch(`/static/basemap/${name}.geojson`, { credentials: 'same-origin' })
      .then((res) => {
        if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
        return res.json();
      })
      .then((data) => {
        if (!data || !Array.isArray(data.features)) throw new Error('not a FeatureCollection');
        return data;
      })
      .catch((err) => {
        basemapCache.delete(name); // try again next time
        throw err;
      }));
  }
  return basemapCache.get(name);
}

function featureName(f) {
  const p = (f && f.properties) || {};
  return p.name ?? p.NAME ?? p.iso3 ?? '';
}

function drawBasemap(layer, labels, zoom, countries, admin1, proj) {
  const region = DEFAULT_BOUNDS;
  if (countries) {
    const g = svg('g', { class: 'countries' });
    for (const f of countries.features) {
      if (!f || !f.geometry || !intersects(geometryBox(f.geometry), region, 12)) continue;
      const d = geometryPath(f.geometry, proj.project);
      if (!d) continue;
      g.appendChild(svg('path', { d, class: 'country', 'fill-rule': 'evenodd', dataset: { iso3: (f.properties || {}).iso3 } },
        svg('title', { text: String(featureName(f)) })));
      const at = labelPoint(f.geometry, proj);
      const name = featureName(f);
      if (at && name) {
        const t = svg('g', { class: 'country-label-g' }, svg('text', { class: 'country-label', 'text-anchor': 'middle', y: 4, text: String(name) }));
        labels.appendChild(t);
        zoom.keepSize(t, at.x, at.y);
      }
    }
    layer.appendChild(g);
  }
  if (admin1) {
    const g = svg('g', { class: 'admin1' });
    for (const f of admin1.features) {
      if (!f || !f.geometry || !intersects(geometryBox(f.geometry), region, 12)) continue;
      const d = geometryPath(f.geometry, proj.project);
      if (d) g.appendChild(svg('path', { d, class: 'admin1-line' }, svg('title', { text: String(featureName(f)) })));
    }
    layer.appendChild(g);
  }
}

function graticule(proj) {
  const g = svg('g', { class: 'graticule' });
  const { lon0, lon1, lat0, lat1 } = proj.bounds;
  for (let lon = Math.ceil(lon0 / 2) * 2; lon <= lon1; lon += 2) {
    const [x0, y0] = proj.project(lon, lat1 + 20); const [x1, y1] = proj.project(lon, lat0 - 20);
    g.appendChild(svg('line', { x1: x0, y1: y0, x2: x1, y2: y1 }));
  }
  for (let lat = Math.ceil(lat0 / 2) * 2; lat <= lat1; lat += 2) {
    const [x0, y0] = proj.project(lon0 - 20, lat); const [x1, y1] = proj.project(lon1 + 20, lat);
    g.appendChild(svg('line', { x1: x0, y1: y0, x2: x1, y2: y1 }));
  }
  return g;
}

function popupFor(props, close) {
  const box = el('div', { class: 'map-popup', testid: 'map-popup', role: 'dialog' });
  const docSlot = el('span');
  const fillDoc = (docId) => docSlot.replaceChildren(docId
    ? el('a', { href: docHref(docId), testid: 'popup-document', text: 'open document' })
    : el('span', { class: 'muted', text: '(document unknown)' }));
  fillDoc(props.doc_id);
  if (!props.doc_id && props.event_id) {
    get(`/api/events/${encodeURIComponent(props.event_id)}`, undefined, { quiet: true })
      .then((d) => fillDoc(d && d.event ? d.event.doc_id : null))
      .catch(() => fillDoc(null));
  }
  const actors = `${props.source_name ?? props.source_id ?? '—'} → ${props.target_name ?? props.target_id ?? '—'}`;
  box.append(
    el('button', { type: 'button', class: 'popup-close', 'aria-label': 'close', text: '×', onclick: close }),
    el('div', { class: 'popup-head' },
      el('span', { class: 'swatch-dot', style: { background: colourOf(props.type) } }),
      el('strong', { text: `${props.type ?? '?'}` }), el('span', { class: 'muted', text: ` (${props.mode ?? 'mode?'})` }),
      el('span', { class: 'popup-date', text: ` ${fmtDate(props.date)}` })),
    el('div', { class: 'popup-actors', text: actors }),
    props.place_name ? el('div', { class: 'muted small', text: [props.place_name, props.admin1, props.place_country].filter(Boolean).join(', ') }) : null,
    el('p', { class: 'popup-sentence', text: String(props.sentence ?? '') }),
    el('div', { class: 'popup-links' }, docSlot, ' · ', safeLink(props.url, props.title || 'source')));
  return box;
}

export async function renderMap(root, params) {
  const type = PLOVER_TYPES.includes((params.get('type') || '').toUpperCase()) ? params.get('type').toUpperCase() : '';
  const mode = MODES.includes(params.get('mode') || '') ? params.get('mode') : '';
  const typeSelect = el('select', { testid: 'map-type', 'aria-label': 'event type' },
    el('option', { value: '', text: 'all types' }),
    PLOVER_TYPES.map((t) => el('option', { value: t, text: t, selected: t === type })));
  const modeSelect = el('select', { testid: 'map-mode', 'aria-label': 'mode' },
    el('option', { value: '', text: 'all modes' }),
    MODES.map((m) => el('option', { value: m, text: m, selected: m === mode })));
  const refilter = () => navigate('map', { type: typeSelect.value, mode: modeSelect.value });
  typeSelect.addEventListener('change', refilter);
  modeSelect.addEventListener('change', refilter);
  const status = el('div', { class: 'map-status', testid: 'map-status', role: 'status' }, loading());
  const basemapStatus = el('div', { class: 'map-basemap-status', testid: 'map-basemap-status', hidden: true });
  const stage = el('div', { class: 'map-stage' });
  const legendBox = el('aside', { class: 'map-legend panel', testid: 'map-legend' });
  const controls = el('div', { class: 'map-zoom' });
  root.appendChild(section('view-map', 'Map',
    el('form', { class: 'filters', testid: 'map-filter', onsubmit: (ev) => ev.preventDefault() },
      el('label', {}, 'Type ', typeSelect), el('label', {}, 'Mode ', modeSelect), controls, status),
    basemapStatus,
    el('div', { class: 'map-layout' }, el('div', { class: 'panel map-panel' }, stage), legendBox)));

  const proj = projection(DEFAULT_BOUNDS, 900);
  const mapSvg = svg('svg', { viewBox: `0 0 ${proj.width.toFixed(1)} ${proj.height.toFixed(1)}`, class: 'map-svg', testid: 'map-svg',
    role: 'img', 'aria-label': 'Map of events' });
  const viewport = svg('g', { class: 'map-viewport' });
  const baseLayer = svg('g', { class: 'basemap' });
  const labelLayer = svg('g', { class: 'labels' });
  const placeLayer = svg('g', { class: 'marked-places' });
  const eventLayer = svg('g', { class: 'events' });
  viewport.append(svg('rect', { x: -5000, y: -5000, width: 10000, height: 10000, class: 'sea' }), graticule(proj), baseLayer, labelLayer, placeLayer, eventLayer);
  mapSvg.append(viewport, svg('rect', { x: 0.5, y: 0.5, width: proj.width - 1, height: proj.height - 1, class: 'map-frame' }));
  stage.appendChild(mapSvg);
  const labelled = [];
  const zoom = panZoom(mapSvg, viewport, { onZoom: (k) => placeLabels(labelled, k) });
  controls.append(
    el('button', { type: 'button', testid: 'map-zoom-in', title: 'zoom in', text: '+', onclick: () => zoom.zoomIn() }),
    el('button', { type: 'button', testid: 'map-zoom-out', title: 'zoom out', text: '−', onclick: () => zoom.zoomOut() }),
    el('button', { type: 'button', testid: 'map-zoom-reset', title: 'reset view', text: 'reset', onclick: () => zoom.reset() }));

  let popup = null;
  const closePopup = () => { if (popup) { popup.remove(); popup = null; } };
  const openPopup = (props, ev) => {
    closePopup();
    popup = popupFor(props, closePopup);
    stage.appendChild(popup);
    const rect = stage.getBoundingClientRect();
    const x = Math.min(Math.max(ev.clientX - rect.left + 12, 4), Math.max(4, rect.width - 330));
    const y = Math.min(Math.max(ev.clientY - rect.top + 12, 4), Math.max(4, rect.height - 180));
    popup.style.left = `${x}px`;
    popup.style.top = `${y}px`;
  };

  const [basemaps, events, places] = await Promise.all([
    Promise.allSettled([loadBasemap('countries'), loadBasemap('admin1')]),
    tryGet('/api/events', { format: 'geojson', limit: 1000, type, mode }),
    tryGet('/api/places/marked'),
  ]);

  // Basemap.
  const countries = basemaps[0].status === 'fulfilled' ? basemaps[0].value : null;
  const admin1 = basemaps[1].status === 'fulfilled' ? basemaps[1].value : null;
  drawBasemap(baseLayer, labelLayer, zoom, countries, admin1, proj);
  const missing = [!countries ? 'countries' : null, !admin1 ? 'admin1' : null].filter(Boolean);
  if (missing.length) {
    basemapStatus.hidden = false;
    basemapStatus.textContent = `Basemap missing: ${missing.map((m) => `${m}.geojson`).join(' and ')} could not be loaded; events are drawn on a bare grid.`;
  }

  // Marked places.
  const placeRows = places && Array.isArray(places.places) ? places.places : [];
  for (const p of placeRows) {
    const lat = Number(p.lat); const lon = Number(p.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || p.lat === null || p.lon === null) continue;
    const kind = classToken(p.kind, PLACE_KINDS, 'site');
    const [x, y] = proj.project(lon, lat);
    const label = svg('text', { class: 'place-label', x: 10, y: 4, text: String(p.name ?? '') });
    const g = svg('g', { class: `marked-place kind-${kind}`, testid: 'marked-place', dataset: { kind } },
      symbolNode(kind, `place-symbol kind-${kind}`), label,
      svg('title', { text: `${p.name ?? ''} (${p.kind ?? 'site'}${p.country ? `, ${p.country}` : ''})` }));
    placeLayer.appendChild(g);
    zoom.keepSize(g, x, y);
    labelled.push({ x, y, text: label, label: String(p.name ?? '') });
  }
  placeLabels(labelled, zoom.k);

  // Events: one circle each; events at the same point fan out in a small spiral.
  const features = events && Array.isArray(events.features) ? events.features : [];
  const seen = new Map(); const typeCounts = new Map();
  let drawn = 0;
  for (const f of features) {
    const c = f && f.geometry && Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : null;
    if (!c || c[0] === null || c[1] === null) continue;
    const lon = Number(c[0]); const lat = Number(c[1]);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const props = (f.properties && typeof f.properties === 'object') ? f.properties : {};
    const key = `${lon.toFixed(4)},${lat.toFixed(4)}`;
    const n = seen.get(key) || 0; seen.set(key, n + 1);
    const [x, y] = proj.project(lon, lat);
    const r = n ? 4.5 * Math.sqrt(n) : 0; const a = n * 2.4;
    const colour = colourOf(props.type);
    const typeKey = knownType(props.type) ? props.type : 'other';
    typeCounts.set(typeKey, (typeCounts.get(typeKey) || 0) + 1);
    const circle = svg('circle', { cx: (r * Math.cos(a)).toFixed(2), cy: (r * Math.sin(a)).toFixed(2), r: 5, fill: colour,
      class: ['event-dot', props.mode && props.mode !== 'actual' ? 'not-actual' : null], testid: 'map-event',
      dataset: { type: props.type, eventId: props.event_id } },
    svg('title', { text: `${fmtDate(props.date)} ${props.type ?? ''} — ${props.source_name ?? props.source_id ?? '?'} → ${props.target_name ?? props.target_id ?? '?'}` }));
    circle.addEventListener('click', (ev) => {
      if (zoom.wasDrag()) return;
      ev.stopPropagation();
      openPopup(props, ev);
    });
    const g = svg('g', { class: 'event-g' }, circle);
    eventLayer.appendChild(g);
    zoom.keepSize(g, x, y);
    drawn += 1;
  }
  mapSvg.addEventListener('click', () => { if (!zoom.wasDrag()) closePopup(); });

  status.replaceChildren(events
    ? el('span', { text: drawn ? `${fmtNumber(drawn)} events with coordinates${features.length >= 1000 ? ' (first 1,000)' : ''}`
      : 'No events with coordinates for this filter.' })
    : el('span', { class: 'muted', text: 'Events could not be loaded.' }));

  // Legend: the types on the map, then the place symbols.
  const legendTypes = [...PLOVER_TYPES.filter((t) => typeCounts.has(t)), ...(typeCounts.has('other') ? ['other'] : [])];
  legendBox.append(el('h3', { text: 'Event types' }),
    legendTypes.length ? el('ul', { class: 'legend-list' }, legendTypes.map((t) => el('li', {},
      el('span', { class: 'swatch-dot', style: { background: colourOf(t) } }),
      el('span', { text: `${t} (${fmtNumber(typeCounts.get(t))})` }))))
      : el('p', { class: 'muted small', text: 'No events drawn.' }),
    el('p', { class: 'muted small', text: 'Hollow rim: not an actual event (negated, planned, threatened, hypothetical).' }),
    el('h3', { text: 'Marked places' }),
    el('ul', { class: 'legend-list' }, ['camp', 'crossing', 'prison', 'site'].map((kind) => el('li', {},
      svg('svg', { viewBox: '-8 -8 16 16', class: 'legend-symbol', width: 16, height: 16 }, symbolNode(kind, `place-symbol kind-${kind}`)),
      el('span', { text: kind })))));
  if (!placeRows.length) legendBox.appendChild(el('p', { class: 'muted small', text: places ? 'No marked places.' : 'Marked places could not be loaded.' }));
  legendBox.appendChild(el('p', { class: 'hint', text: 'Drag to pan, scroll to zoom, click a dot for its event.' }));
}
