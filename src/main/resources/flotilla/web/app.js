// Flotilla dashboard. No build step, no network assets. Every piece of data from the API is put
// into the page with textContent / createTextNode, never parsed as HTML: log lines and service output
// are untrusted.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const main = document.getElementById('main');
  const projectSelect = document.getElementById('project');
  const live = document.getElementById('live');
  const state = { project: sessionStorage.getItem('flotilla.project') || '', page: null, refresh: null, feed: [] };

  // ---------- DOM helpers (text only) ----------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }
  function setAttrs(el, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.setAttribute('class', v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function cls(text) { return String(text || 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-'); }
  function badge(text, prefix) { return h('span', { class: 'badge ' + (prefix || 'st-') + cls(text) }, text || 'unknown'); }
  function when(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function ms(v) {
    if (v === null || v === undefined) return '—';
    if (v < 1000) return v + ' ms';
    if (v < 60000) return (v / 1000).toFixed(1) + ' s';
    return Math.floor(v / 60000) + ' m ' + Math.round((v % 60000) / 1000) + ' s';
  }
  function link(href, text) { return h('a', { href }, text); }

  // ---------- API ----------
  function token() { return sessionStorage.getItem('flotilla.token'); }
  function headers(extra) {
    const hd = Object.assign({ Accept: 'application/json' }, extra || {});
    const t = token();
    if (t) hd.Authorization = 'Bearer ' + t;
    return hd;
  }
  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }
  async function api(path, options) {
    const opts = Object.assign({ headers: headers(options && options.json ? { 'Content-Type': 'application/json' } : {}) }, options || {});
    if (opts.json) { opts.body = JSON.stringify(opts.json); delete opts.json; }
    const res = await fetch(path, opts);
    if (res.status === 401) {
      await askToken('This needs the access token.');
      if (token()) return api(path, options);
    }
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch (e) { /* not JSON */ }
      const err = body && body.error ? body.error : { code: 'http_' + res.status, message: res.statusText };
      throw new ApiError(res.status, err.code, err.message);
    }
    return res.json();
  }
  function q(params) {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) u.set(k, v);
    const t = u.toString();
    return t ? '?' + t : '';
  }

  // ---------- token dialog ----------
  const dialog = document.getElementById('token-dialog');
  let tokenWaiters = [];
  function askToken(reason) {
    document.getElementById('token-error').textContent = reason || '';
    document.getElementById('token-input').value = '';
    if (!dialog.open) dialog.showModal();
    document.getElementById('token-input').focus();
    return new Promise((resolve) => tokenWaiters.push(resolve));
  }
  function closeToken() {
    if (dialog.open) dialog.close();
    const w = tokenWaiters; tokenWaiters = [];
    w.forEach((r) => r());
  }
  document.getElementById('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = document.getElementById('token-input').value.trim();
    if (!v) return;
    sessionStorage.setItem('flotilla.token', v);
    closeToken();
    events.restart();
  });
  document.getElementById('token-forget').addEventListener('click', () => { sessionStorage.removeItem('flotilla.token'); closeToken(); });
  document.getElementById('token-cancel').addEventListener('click', closeToken);
  dialog.addEventListener('cancel', () => setTimeout(closeToken, 0));
  document.getElementById('token-button').addEventListener('click', () => askToken(''));

  // ---------- live events (fetch-streamed SSE so the token can travel in a header) ----------
  const events = (function () {
    let lastId = null, controller = null, retry = 1000, stopped = false;
    const handlers = [];
    function status(on, text) { live.className = 'live ' + (on ? 'on' : 'off'); live.textContent = text; }
    async function connect() {
      controller = new AbortController();
      const hd = headers({ Accept: 'text/event-stream' });
      if (lastId) hd['Last-Event-ID'] = lastId;
      try {
        const res = await fetch('/api/events', { headers: hd, signal: controller.signal, cache: 'no-store' });
        if (res.status === 401) { status(false, 'live: token needed'); return; }
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        status(true, 'live');
        retry = 1000;
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let i;
          while ((i = buf.search(/\r?\n\r?\n/)) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(buf[i] === '\r' ? i + 4 : i + 2);
            dispatch(block);
          }
        }
      } catch (e) {
        if (e.name === 'AbortError') return;
      }
      if (stopped) return;
      status(false, 'reconnecting…');
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    }
    function dispatch(block) {
      let type = 'message', data = '', id = null;
      for (const line of block.split(/\r?\n/)) {
        if (!line || line.startsWith(':')) continue;
        const c = line.indexOf(':');
        const field = c < 0 ? line : line.slice(0, c);
        const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
        if (field === 'event') type = value;
        else if (field === 'data') data += (data ? '\n' : '') + value;
        else if (field === 'id') id = value;
      }
      if (id) lastId = id;
      if (!data) return;
      let payload;
      try { payload = JSON.parse(data); } catch (e) { return; }
      handlers.forEach((fn) => fn(type, payload, id));
    }
    return {
      start() { stopped = false; connect(); },
      restart() { if (controller) controller.abort(); connect(); },
      on(fn) { handlers.push(fn); },
    };
  })();

  let refreshTimer = null;
  events.on((type, data) => {
    if (state.project && data.project && data.project !== state.project) return;
    state.feed.unshift({ type, data, at: new Date() });
    state.feed.length = Math.min(state.feed.length, 50);
    const feed = document.getElementById('feed');
    if (feed) feed.prepend(feedItem(state.feed[0], true));
    // Re-read the page's data soon (one request for a burst of events; ETags make it cheap).
    if (state.refresh && !refreshTimer) refreshTimer = setTimeout(() => { refreshTimer = null; if (state.refresh) state.refresh(); }, 300);
  });
  function feedItem(e, fresh) {
    const d = e.data;
    const what = e.type === 'error' ? [badge(d.severity, 'sev-'), ' ', d.code || '', ' ', d.service || '', ': ', d.message || '']
      : e.type === 'health' ? [badge(d.ok ? 'healthy' : 'unhealthy'), ' ', d.service || '', d.latencyMs !== undefined && d.latencyMs !== null ? ' ' + d.latencyMs + ' ms' : '', d.detail ? ' — ' + d.detail : '']
        : [badge(d.outcome || d.action), ' ', d.action || '', d.service ? ' ' + d.service : '', d.deploymentId ? ' (deployment #' + d.deploymentId + ')' : ''];
    return h('li', { class: fresh ? 'flash' : null, 'data-type': e.type }, h('span', { class: 'muted' }, e.at.toLocaleTimeString(), ' '), what);
  }

  // ---------- projects ----------
  async function loadProjects() {
    try {
      const res = await api('/api/projects');
      clear(projectSelect);
      const names = res.items.map((p) => p.name);
      if (!state.project || !names.includes(state.project)) state.project = names[0] || '';
      for (const n of names) projectSelect.appendChild(h('option', { value: n, selected: n === state.project }, n));
      if (!names.length) projectSelect.appendChild(h('option', { value: '' }, '(none yet)'));
    } catch (e) { /* shown by the page */ }
  }
  projectSelect.addEventListener('change', () => {
    state.project = projectSelect.value;
    sessionStorage.setItem('flotilla.project', state.project);
    route();
  });

  // ---------- pages ----------
  function page(title, ...content) {
    clear(main);
    document.title = title + ' · Flotilla';
    main.appendChild(h('h1', null, title));
    append(main, content);
  }
  function failure(e) {
    return h('p', { class: 'bad', role: 'alert' }, e instanceof ApiError ? e.message + ' (' + e.code + ')' : 'Could not reach the server: ' + e.message);
  }
  function empty(text) { return h('div', { class: 'empty' }, text); }

  async function overview() {
    const data = await api('/api/overview' + q({ project: state.project }));
    const d = data.lastDeployment;
    const cards = h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('div', { class: 'muted' }, 'Last deployment'),
        d ? [h('div', { class: 'stat' }, link('#/deployments/' + d.id, '#' + d.id), ' ', badge(d.outcome)), h('div', { class: 'muted' }, when(d.startedAt), ' · ', ms(d.durationMs))] : h('div', { class: 'stat' }, '—')),
      h('div', { class: 'card' }, h('div', { class: 'muted' }, 'Services healthy'),
        h('div', { class: 'stat', id: 'healthy-count' }, data.services.filter((x) => x.health && x.health.ok).length + ' / ' + data.services.length),
        h('div', { class: 'muted' }, 'status from ', data.source)),
      h('div', { class: 'card' }, h('div', { class: 'muted' }, 'Open errors'),
        h('div', { class: 'stat' }, link('#/errors', String(data.openErrors.total))),
        h('div', { class: 'row' }, Object.entries(data.openErrors.bySeverity).map(([k, v]) => [h('span', { class: 'badge sev-' + cls(k) }, k + ' ' + v), ' ']))),
      h('div', { class: 'card' }, h('div', { class: 'muted' }, 'Latest check'),
        data.latestCheck ? [h('div', { class: 'stat' }, String(data.latestCheck.total), ' findings'), h('div', { class: 'muted' }, when(data.latestCheck.at))] : h('div', { class: 'stat' }, '—')));
    const byPhase = new Map();
    for (const sv of data.services) {
      const k = sv.phase === null || sv.phase === undefined ? '—' : sv.phase;
      if (!byPhase.has(k)) byPhase.set(k, []);
      byPhase.get(k).push(sv);
    }
    const rows = [];
    for (const [phase, list] of [...byPhase.entries()].sort((a, b) => (a[0] === '—') - (b[0] === '—') || a[0] - b[0])) {
      for (const sv of list) {
        rows.push(h('tr', { 'data-service': sv.name },
          h('td', null, phase === '—' ? '—' : 'phase ' + (phase + 1)),
          h('td', null, h('strong', null, sv.name)),
          h('td', null, badge(sv.state)),
          h('td', { class: 'health' }, sv.health ? [badge(sv.health.ok ? 'healthy' : 'unhealthy'), ' ', h('span', { class: 'muted' }, ms(sv.health.latencyMs), ' · ', when(sv.health.at))] : h('span', { class: 'muted' }, 'no sample')),
          h('td', { class: 'muted' }, sv.health && sv.health.detail ? sv.health.detail : '')));
      }
    }
    page('Overview' + (data.project ? ' — ' + data.project : ''),
      cards,
      h('h2', null, 'Dependency graph'),
      data.services.length ? h('div', { class: 'chart' }, graph(data.services, data.edges)) : empty('No services recorded yet. Run flotilla up to deploy, or flotilla plan.'),
      h('h2', null, 'Services by phase'),
      data.services.length ? h('table', { id: 'services' }, h('thead', null, h('tr', null, ['Phase', 'Service', 'State', 'Health', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', null, rows)) : null,
      h('h2', null, 'Live activity'),
      h('ul', { class: 'feed', id: 'feed', 'aria-live': 'polite' }, state.feed.map((e) => feedItem(e, false))));
  }

  function graph(services, edges) {
    const phases = new Map();
    for (const sv of services) {
      const p = sv.phase === null || sv.phase === undefined ? 0 : sv.phase;
      if (!phases.has(p)) phases.set(p, []);
      phases.get(p).push(sv);
    }
    const cols = [...phases.keys()].sort((a, b) => a - b);
    const W = 170, H = 44, GX = 70, GY = 18, PAD = 24;
    const pos = new Map();
    let maxRows = 0;
    cols.forEach((p, ci) => {
      const list = phases.get(p).sort((a, b) => a.name.localeCompare(b.name));
      maxRows = Math.max(maxRows, list.length);
      list.forEach((sv, ri) => pos.set(sv.name, { x: PAD + ci * (W + GX), y: PAD + 16 + ri * (H + GY), sv }));
    });
    const width = PAD * 2 + cols.length * W + (cols.length - 1) * GX;
    const height = PAD * 2 + 16 + maxRows * (H + GY);
    const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Dependency graph: ' + services.length + ' services in ' + cols.length + ' phases', id: 'graph' });
    svg.appendChild(s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }))));
    cols.forEach((p, ci) => svg.appendChild(s('text', { x: PAD + ci * (W + GX), y: PAD, class: 'phase-label' }, 'phase ' + (p + 1))));
    for (const e of edges || []) {
      const a = pos.get(e.from), b = pos.get(e.to);
      if (!a || !b) continue;
      // from depends on to: draw the arrow from the dependency to the dependant
      const x1 = b.x + W, y1 = b.y + H / 2, x2 = a.x, y2 = a.y + H / 2;
      const mx = (x1 + x2) / 2;
      svg.appendChild(s('path', { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, class: 'edge' + (e.inferred ? ' inferred' : ''), 'marker-end': 'url(#arrow)' },
        s('title', null, e.from + ' depends on ' + e.to + (e.inferred ? ' (inferred: ' + (e.reason || 'from its configuration') + ')' : ''))));
    }
    for (const { x, y, sv } of pos.values()) {
      const st = sv.health ? (sv.health.ok ? 'healthy' : 'unhealthy') : sv.state;
      svg.appendChild(s('g', { class: 'node st-' + cls(st), transform: `translate(${x},${y})`, tabindex: 0, 'aria-label': sv.name + ': ' + (sv.state || 'unknown') },
        s('title', null, sv.name + ' — ' + (sv.state || 'unknown') + (sv.health ? ', ' + (sv.health.ok ? 'healthy' : 'unhealthy') : '')),
        s('rect', { width: W, height: H, rx: 8 }),
        s('text', { x: 10, y: 18, 'font-weight': 600 }, sv.name.length > 22 ? sv.name.slice(0, 21) + '…' : sv.name),
        s('text', { x: 10, y: 35, class: 'phase-label' }, (sv.state || 'unknown') + (sv.health ? ' · ' + (sv.health.ok ? 'healthy' : 'unhealthy') : ''))));
    }
    return svg;
  }

  async function deployments(params) {
    const offset = Number(params.get('offset') || 0);
    const outcome = params.get('outcome') || '';
    const data = await api('/api/deployments' + q({ project: state.project, outcome, limit: 50, offset }));
    const form = h('form', { class: 'filters', onsubmit: (ev) => { ev.preventDefault(); location.hash = '#/deployments' + q({ outcome: form.outcome.value }); } },
      h('label', null, 'Outcome', h('select', { name: 'outcome' }, ['', 'running', 'succeeded', 'failed', 'rolled-back', 'cancelled'].map((o) => h('option', { value: o, selected: o === outcome }, o || 'any')))),
      h('button', { type: 'submit' }, 'Filter'));
    page('Deployments', form,
      data.items.length ? h('table', { id: 'deployments' },
        h('thead', null, h('tr', null, ['#', 'Started', 'Environment', 'By', 'Runtime', 'Outcome', 'Duration'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, data.items.map((d) => h('tr', { 'data-deployment': d.id }, h('td', null, link('#/deployments/' + d.id, '#' + d.id)), h('td', null, when(d.startedAt)), h('td', null, d.environment), h('td', null, d.user), h('td', null, d.runtime), h('td', null, badge(d.outcome)), h('td', null, ms(d.durationMs)))))) : empty('No deployments recorded.'),
      pager('#/deployments', params, data));
  }

  function pager(base, params, data) {
    const offset = data.offset, limit = data.limit;
    const mk = (o) => { const p = new URLSearchParams(params); p.set('offset', o); return base + '?' + p.toString(); };
    return h('div', { class: 'pager' },
      offset > 0 ? link(mk(Math.max(0, offset - limit)), '← Newer') : null,
      h('span', { class: 'muted' }, data.total ? `${offset + 1}–${offset + data.items.length} of ${data.total}` : ''),
      data.next ? link(mk(offset + limit), 'Older →') : null);
  }

  async function deployment(id) {
    const data = await api('/api/deployments/' + encodeURIComponent(id));
    const d = data.deployment;
    page('Deployment #' + d.id,
      h('div', { class: 'grid' },
        h('div', { class: 'card' }, h('div', { class: 'muted' }, 'Outcome'), h('div', { class: 'stat' }, badge(d.outcome))),
        h('div', { class: 'card' }, h('div', { class: 'muted' }, 'Started'), h('div', null, when(d.startedAt)), h('div', { class: 'muted' }, 'by ', d.user, ' on ', d.runtime, ' · ', d.environment)),
        h('div', { class: 'card' }, h('div', { class: 'muted' }, 'Duration'), h('div', { class: 'stat' }, ms(d.durationMs))),
        d.rolledBackTo ? h('div', { class: 'card' }, h('div', { class: 'muted' }, 'Rolled back to'), link('#/deployments/' + d.rolledBackTo, '#' + d.rolledBackTo)) : null),
      h('h2', null, 'Phases'),
      data.phases.length ? h('div', { class: 'chart' }, phaseChart(data.phases, d)) : empty('No phases recorded.'),
      data.phases.length ? h('table', null, h('thead', null, h('tr', null, ['Phase', 'Services', 'Outcome', 'Duration', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, data.phases.map((p) => h('tr', null, h('td', null, String(p.index + 1)), h('td', null, p.services.join(', ')), h('td', null, badge(p.outcome)), h('td', null, ms(p.durationMs)), h('td', { class: 'muted' }, p.detail || ''))))) : null,
      h('h2', null, 'Timeline'),
      data.events.length ? h('ol', { class: 'timeline', id: 'timeline' }, data.events.map((e) => h('li', { class: 'st-' + cls(e.outcome) },
        h('span', { class: 'muted' }, when(e.at), ' '), h('strong', null, e.action), e.service ? ' ' + e.service : '', ' ', e.outcome ? badge(e.outcome) : null,
        e.details ? h('pre', null, e.details) : null))) : empty('No events recorded.'),
      data.errors && data.errors.length ? [h('h2', null, 'Errors in this deployment'), errorTable(data.errors)] : null);
  }

  function phaseChart(phases, d) {
    const start = Date.parse(d.startedAt);
    const end = Math.max(...phases.map((p) => Date.parse(p.endedAt || d.finishedAt || new Date().toISOString())), start + 1);
    const W = 760, row = 26, left = 80;
    const svg = s('svg', { width: W, height: phases.length * row + 24, role: 'img', 'aria-label': 'Phase durations' });
    phases.forEach((p, i) => {
      const a = Date.parse(p.startedAt), b = Date.parse(p.endedAt || d.finishedAt || new Date().toISOString());
      const x = left + (a - start) / (end - start) * (W - left - 10), w = Math.max(2, (b - a) / (end - start) * (W - left - 10));
      svg.appendChild(s('text', { x: 0, y: i * row + 17 }, 'phase ' + (p.index + 1)));
      svg.appendChild(s('rect', { x, y: i * row + 4, width: w, height: row - 8, rx: 3, class: 'bar' + (p.outcome === 'failed' ? ' bad' : '') }, s('title', null, p.services.join(', ') + ': ' + ms(b - a))));
    });
    return svg;
  }

  function errorTable(items) {
    return h('table', { id: 'errors' },
      h('thead', null, h('tr', null, ['Severity', 'Code', 'Service', 'Message', 'Seen', 'Last seen', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, items.map((e) => h('tr', { 'data-error': e.id },
        h('td', null, badge(e.severity, 'sev-')), h('td', null, link('#/errors/' + e.id, e.code)), h('td', null, e.service || '—'),
        h('td', { class: 'message' }, e.message), h('td', null, String(e.occurrences)), h('td', null, when(e.lastSeen)), h('td', null, badge(e.status))))));
  }

  async function errors(params) {
    const f = {
      status: params.get('status') === null ? 'unresolved' : params.get('status'),
      severity: params.get('severity') || '', category: params.get('category') || '', service: params.get('service') || '',
      code: params.get('code') || '', q: params.get('q') || '',
    };
    const offset = Number(params.get('offset') || 0);
    const data = await api('/api/errors' + q(Object.assign({ project: state.project, limit: 50, offset }, f)));
    const form = h('form', { class: 'filters', role: 'search', onsubmit: (ev) => {
      ev.preventDefault();
      const p = {};
      for (const k of Object.keys(f)) p[k] = form.elements[k].value;
      location.hash = '#/errors' + q(p);
    } },
    h('label', null, 'Status', h('select', { name: 'status' }, [['unresolved', 'unresolved'], ['open', 'open'], ['regression', 'regression'], ['resolved', 'resolved'], ['', 'any']].map(([v, t]) => h('option', { value: v, selected: v === f.status }, t)))),
    h('label', null, 'Severity', h('select', { name: 'severity' }, ['', 'critical', 'high', 'medium', 'low'].map((v) => h('option', { value: v, selected: v === f.severity }, v || 'any')))),
    h('label', null, 'Category', h('select', { name: 'category' }, ['', 'configuration', 'dependency', 'resource', 'network', 'security', 'performance', 'build', 'code'].map((v) => h('option', { value: v, selected: v === f.category }, v || 'any')))),
    h('label', null, 'Service', h('input', { name: 'service', value: f.service, size: 12 })),
    h('label', null, 'Code', h('input', { name: 'code', value: f.code, size: 8 })),
    h('label', null, 'Text', h('input', { name: 'q', value: f.q, type: 'search', size: 16 })),
    h('button', { type: 'submit' }, 'Filter'));
    page('Errors', form, data.items.length ? errorTable(data.items) : empty('No errors match.'), pager('#/errors', params, data));
  }

  async function errorDetail(id) {
    const e = await api('/api/errors/' + encodeURIComponent(id));
    const notes = h('textarea', { id: 'resolve-notes', 'aria-label': 'Resolution notes', placeholder: 'What fixed it?' });
    const msg = h('p', { role: 'status', id: 'resolve-status' });
    const act = async (verb) => {
      try {
        await api('/api/errors/' + e.id + '/' + verb, { method: 'POST', json: { notes: notes.value } });
        await errorDetail(id);
        document.getElementById('resolve-status').textContent = verb === 'resolve' ? 'Resolved.' : 'Reopened.';
      } catch (err) { msg.textContent = err.message; msg.className = 'bad'; }
    };
    const section = (title, text) => text ? [h('h2', null, title), h('pre', null, text)] : null;
    page(e.code + ' — ' + (e.service || 'platform'),
      h('div', { class: 'row' }, badge(e.severity, 'sev-'), badge(e.category, 'cat-'), badge(e.status), h('span', { class: 'muted' }, e.occurrences + ' occurrences · first ', when(e.firstSeen), ' · last ', when(e.lastSeen), e.regressions ? ' · ' + e.regressions + ' regressions' : '')),
      h('h2', null, 'Message'), h('pre', { id: 'error-message' }, e.message),
      h('h2', null, 'Diagnosis'),
      h('div', { class: 'card' }, h('p', null, h('strong', null, 'Cause: '), e.cause || 'not diagnosed'), h('p', null, h('strong', null, 'Fix: '), e.fix || '—'),
        e.code ? h('p', null, h('span', { class: 'muted' }, 'Rule: '), h('code', null, e.code)) : null),
      section('Stack trace', e.stackTrace),
      e.userImpact || e.businessImpact ? [h('h2', null, 'Impact'), h('p', null, e.userImpact || ''), h('p', null, e.businessImpact || '')] : null,
      h('h2', null, 'Evidence'),
      e.occurrencesList && e.occurrencesList.length ? e.occurrencesList.map((o) => h('div', { class: 'card' },
        h('div', { class: 'muted' }, when(o.at), o.deploymentId ? [' · ', link('#/deployments/' + o.deploymentId, 'deployment #' + o.deploymentId)] : '', o.environment ? ' · ' + o.environment : ''),
        o.evidence ? h('pre', { class: 'evidence' }, o.evidence) : null)) : empty('No evidence kept.'),
      h('h2', null, 'Resolution'),
      e.status === 'resolved'
        ? h('div', { class: 'card', id: 'resolution' }, h('p', null, 'Resolved ', when(e.resolvedAt), ' by ', e.resolvedBy || '—'), h('pre', null, e.resolutionNotes || '(no notes)'),
          h('label', null, 'Notes for reopening', notes), h('button', { type: 'button', id: 'reopen', onclick: () => act('reopen') }, 'Reopen'), msg)
        : h('div', { class: 'card', id: 'resolution' }, h('label', null, 'Resolution notes', notes), h('button', { type: 'button', id: 'resolve', onclick: () => act('resolve') }, 'Resolve'), msg),
      e.transitions && e.transitions.length ? [h('h2', null, 'History'), h('ol', { class: 'timeline' }, e.transitions.map((t) => h('li', { class: 'st-' + cls(t.to) }, h('span', { class: 'muted' }, when(t.at), ' '), (t.from || 'new') + ' → ' + t.to, t.actor ? ' by ' + t.actor : '', t.notes ? h('pre', null, t.notes) : null)))] : null);
  }

  function bars(title, rows, opts) {
    const max = Math.max(1, ...rows.map((r) => r.value));
    const W = 760, row = 22, left = 160;
    const svg = s('svg', { width: W, height: rows.length * row + 8, role: 'img', 'aria-label': title });
    rows.forEach((r, i) => {
      const w = Math.max(1, r.value / max * (W - left - 70));
      svg.appendChild(s('text', { x: 0, y: i * row + 15 }, r.label.length > 24 ? r.label.slice(0, 23) + '…' : r.label));
      svg.appendChild(s('rect', { x: left, y: i * row + 4, width: w, height: row - 8, rx: 2, class: 'bar' + (opts && opts.bad ? ' bad' : '') }, s('title', null, r.label + ': ' + (opts && opts.fmt ? opts.fmt(r.value) : r.value))));
      svg.appendChild(s('text', { x: left + w + 6, y: i * row + 15, class: 'phase-label' }, opts && opts.fmt ? opts.fmt(r.value) : String(r.value)));
    });
    return [h('h2', null, title), rows.length ? h('div', { class: 'chart' }, svg) : empty('Nothing recorded.')];
  }

  function columns(title, days) {
    const max = Math.max(1, ...days.map((d) => d.count));
    const W = Math.max(300, days.length * 22 + 40), H = 160;
    const svg = s('svg', { width: W, height: H + 30, role: 'img', 'aria-label': title });
    svg.appendChild(s('line', { x1: 30, y1: H, x2: W, y2: H, class: 'axis' }));
    svg.appendChild(s('text', { x: 0, y: 12, class: 'phase-label' }, String(max)));
    days.forEach((d, i) => {
      const hgt = d.count / max * (H - 10);
      svg.appendChild(s('rect', { x: 34 + i * 22, y: H - hgt, width: 16, height: Math.max(hgt, 0.5), class: 'bar bad' }, s('title', null, d.day + ': ' + d.count)));
      if (i % Math.ceil(days.length / 8) === 0) svg.appendChild(s('text', { x: 34 + i * 22, y: H + 16, class: 'phase-label' }, d.day.slice(5)));
    });
    return [h('h2', null, title), days.length ? h('div', { class: 'chart' }, svg) : empty('Nothing recorded.')];
  }

  async function trends(params) {
    const days = params.get('days') || '30';
    const t = await api('/api/trends' + q({ project: state.project, days }));
    const form = h('form', { class: 'filters', onsubmit: (ev) => { ev.preventDefault(); location.hash = '#/trends' + q({ days: form.days.value }); } },
      h('label', null, 'Window', h('select', { name: 'days' }, ['7', '30', '90', '365'].map((v) => h('option', { value: v, selected: v === days }, v + ' days')))),
      h('button', { type: 'submit' }, 'Show'));
    page('Trends', form,
      columns('Error occurrences by day', t.errorsByDay),
      bars('Errors by category', t.errorsByCategory.map((r) => ({ label: r.key, value: r.count })), { bad: true }),
      bars('Errors by service', t.errorsByService.map((r) => ({ label: r.key, value: r.count })), { bad: true }),
      bars('Time to healthy (median, per service)', t.timeToHealthy.map((r) => ({ label: r.service, value: r.medianMs })), { fmt: ms }),
      h('p', { class: 'muted' }, 'Mean time to resolve: ', t.meanTimeToResolveMs === null ? '—' : ms(t.meanTimeToResolveMs), ' · deployments: ', String(t.deployments.total), ' (', String(t.deployments.failed), ' failed, ', String(t.deployments.rolledBack), ' rolled back)'));
  }

  async function scores() {
    const data = await api('/api/scores' + q({ project: state.project }));
    const f = await api('/api/findings' + q({ project: state.project, limit: 200 }));
    page('Readiness',
      data.scores.length ? bars('Readiness score per service (0–100)', data.scores.map((x) => ({ label: x.service + (x.grade ? ' (' + x.grade + ')' : ''), value: x.score }))) : empty('No readiness scores recorded. Run flotilla score.'),
      data.scores.length ? h('p', { class: 'muted' }, 'Scored ', when(data.at)) : null,
      h('h2', null, 'Deviations (findings of the latest check', f.run ? ', ' + when(f.run.at) : '', ')'),
      f.items.length ? h('table', { id: 'findings' }, h('thead', null, h('tr', null, ['Severity', 'Code', 'Service', 'Message', 'Where'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, f.items.map((x) => h('tr', null, h('td', null, badge(x.severity, 'sev-')), h('td', null, h('code', null, x.code)), h('td', null, x.service || '—'), h('td', null, x.message), h('td', { class: 'muted' }, x.file ? x.file + (x.line ? ':' + x.line : '') : ''))))) : empty('No findings recorded.'));
  }

  // ---------- router ----------
  async function route() {
    const hash = location.hash || '#/';
    const [path, query] = hash.slice(1).split('?');
    const params = new URLSearchParams(query || '');
    const parts = path.split('/').filter(Boolean);
    const name = parts[0] || 'overview';
    for (const a of document.querySelectorAll('nav a')) {
      if (a.dataset.page === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    const run = async () => {
      if (name === 'overview') return overview();
      if (name === 'deployments') return parts[1] ? deployment(parts[1]) : deployments(params);
      if (name === 'errors') return parts[1] ? errorDetail(parts[1]) : errors(params);
      if (name === 'trends') return trends(params);
      if (name === 'scores') return scores();
      return page('Not found', empty('No such page.'));
    };
    // Pages that follow the store live (not an error's detail: its notes box may be in use).
    const refreshable = name === 'overview' || name === 'deployments' || name === 'trends' || (name === 'errors' && !parts[1]);
    state.refresh = refreshable ? () => run().catch(() => {}) : null;
    try {
      await run();
    } catch (e) {
      page('Error', failure(e));
    }
    if (state.page !== hash) { state.page = hash; main.focus({ preventScroll: true }); }
  }
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', (ev) => {
    if (ev.target.matches('input, textarea, select') || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const keys = { g: '#/', d: '#/deployments', e: '#/errors', t: '#/trends', r: '#/scores' };
    if (keys[ev.key]) { location.hash = keys[ev.key]; }
  });

  loadProjects().then(route);
  events.start();
})();
