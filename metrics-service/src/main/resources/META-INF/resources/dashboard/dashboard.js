// Hypercare dashboard: the KPIs of one release, from GET /api/v1/kpis, kept live by the
// server-sent events of /api/v1/kpis/stream. Charts are Apache ECharts (aria on); every chart has a
// data table beside it. All data is written with textContent: issue texts come from end users.
// No animation: a live chart redrawn every few hundred ms would never be still (and motion is
// what some users ask their browser to reduce).
(function () {
  'use strict';

  const CATEGORIES = ['BUG', 'FEATURE_REQUEST', 'QUESTION', 'PRAISE', 'OTHER'];
  const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
  const PRIORITY_COLOURS = { P1: '#cf222e', P2: '#bc4c00', P3: '#0969da', P4: '#6e7781' };
  const TIMES = [
    ['time-to-acknowledge-ms', 'Acknowledge'],
    ['first-response-ms', 'First response'],
    ['resolution-ms', 'Resolution']
  ];
  const PERCENTILES = ['p50', 'p90', 'p99'];

  const state = { release: null, kpis: new Map(), readiness: null, issues: [], source: null, renderTimer: null,
                  issuesFetchedAt: 0, issuesTimer: null, renders: 0 };
  const charts = {};
  const $ = (id) => document.getElementById(id);

  function kpi(name, dimension, window) {
    return state.kpis.get([state.release, name, dimension, window || 'period'].join('|'));
  }

  function value(name, dimension, window) {
    const k = kpi(name, dimension, window);
    return k ? k.value : null;
  }

  function setStatus(text) { $('status').textContent = text; }

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init($(id), null, { renderer: 'svg' });
    }
    return charts[id];
  }

  function fillTable(table, headers, rows) {
    table.replaceChildren();
    const thead = table.createTHead().insertRow();
    headers.forEach((h) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = h; thead.appendChild(th); });
    const body = table.createTBody();
    rows.forEach((row) => {
      const tr = body.insertRow();
      row.forEach((cell, i) => {
        const el = i === 0 ? document.createElement('th') : document.createElement('td');
        if (i === 0) { el.scope = 'row'; }
        el.textContent = cell;
        tr.appendChild(el);
      });
    });
  }

  // ---- derived views ----------------------------------------------------------------------

  function windowsOf(granularity) {
    const starts = new Map();
    state.kpis.forEach((k) => {
      if (k && k.kpi === 'volume' && k.window.startsWith(granularity + ':')) {
        starts.set(k.window, k.windowStart);
      }
    });
    return [...starts.entries()].sort((a, b) => (a[1] < b[1] ? -1 : 1)).map((e) => e[0]);
  }

  function windowLabel(window) {
    const at = window.substring(window.indexOf(':') + 1);
    return window.startsWith('hour:') ? at.substring(5, 13).replace('T', ' ') + ':00' : at;
  }

  function volumeOverTime(kind, values) {
    const granularity = $('granularity').value;
    const windows = windowsOf(granularity);
    const series = values.map((v) => ({
      name: v, type: 'bar', stack: 'volume',
      itemStyle: kind === 'priority' ? { color: PRIORITY_COLOURS[v] } : undefined,
      data: windows.map((w) => value('volume', kind + '=' + v, w) || 0)
    })).filter((s) => s.data.some((n) => n > 0));
    return { windows, series };
  }

  function render() {
    state.renderTimer = null;
    if (!state.release || typeof echarts === 'undefined') { return; }
    state.renders++;
    renderTiles();
    renderReadiness();
    renderVolume('category', CATEGORIES, 'chart-volume-category', 'table-volume-category');
    renderVolume('priority', PRIORITIES, 'chart-volume-priority', 'table-volume-priority');
    renderPercentiles();
    renderSla();
    renderCsat();
    renderBacklog();
    renderIssues();
    renderUptime();
    renderSpikes();
    document.body.dataset.renders = String(state.renders);
  }

  function scheduleRender() {
    if (!state.renderTimer) { state.renderTimer = setTimeout(render, 200); }
  }

  function fmt(n, digits) { return n === null || n === undefined ? '–' : Number(n).toFixed(digits); }
  function minutes(ms) { return ms === null || ms === undefined ? null : ms / 60000; }

  function renderTiles() {
    $('tile-volume').textContent = fmt(value('volume', 'all'), 0);
    $('tile-backlog').textContent = fmt(value('open-backlog', 'all') || 0, 0);
    const sla = value('sla-attainment', 'all');
    $('tile-sla').textContent = sla === null ? '–' : fmt(sla, 1) + ' %';
    $('tile-csat').textContent = fmt(value('csat', 'all'), 2);
    const frt = value('first-response-ms-p90', 'all');
    $('tile-frt').textContent = frt === null ? '–' : fmt(minutes(frt), 1) + ' min';
    $('tile-issues').textContent = fmt(value('recurring-issues', 'all') || 0, 0);
    const ready = readiness();
    $('tile-ready').textContent = ready === null ? '–' : (ready.ready ? 'Ready' : 'Not ready');
    $('tile-ready').className = ready === null ? '' : (ready.ready ? 'met' : 'unmet');
  }

  function readiness() {
    const k = kpi('exit-readiness', 'all');
    if (k && k.details) { return { ready: !!k.details.ready, criteria: k.details.criteria || [] }; }
    return state.readiness;
  }

  function renderReadiness() {
    const r = readiness();
    const body = $('readiness-table').tBodies[0];
    body.replaceChildren();
    if (!r) { $('readiness-verdict').textContent = 'Not evaluated yet.'; return; }
    const met = r.criteria.filter((c) => c.met).length;
    $('readiness-verdict').textContent = (r.ready ? 'Ready to leave hypercare' : 'Not ready to leave hypercare')
      + ': ' + met + ' of ' + r.criteria.length + ' criteria met.';
    r.criteria.forEach((c) => {
      const tr = body.insertRow();
      const name = document.createElement('th'); name.scope = 'row'; name.textContent = c.name; tr.appendChild(name);
      const ok = tr.insertCell(); ok.textContent = c.met ? '✔ met' : '✘ not met'; ok.className = c.met ? 'met' : 'unmet';
      tr.insertCell().textContent = c.required;
      tr.insertCell().textContent = c.actual;
      tr.insertCell().textContent = c.evidence;
    });
  }

  function renderVolume(kind, values, chartId, tableId) {
    const { windows, series } = volumeOverTime(kind, values);
    const labels = windows.map(windowLabel);
    chart(chartId).setOption({
      animation: false, aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1, name: 'items' },
      series
    }, { notMerge: true });
    fillTable($(tableId), [kind === 'priority' ? 'Window' : 'Window'].concat(series.map((s) => s.name)),
      labels.map((label, i) => [label].concat(series.map((s) => String(s.data[i])))));
  }

  function renderPercentiles() {
    const series = PERCENTILES.map((p) => ({
      name: p, type: 'bar',
      data: TIMES.map(([name]) => { const v = value(name + '-' + p, 'all'); return v === null ? 0 : Number(minutes(v).toFixed(2)); })
    }));
    chart('chart-percentiles').setOption({
      animation: false, aria: { enabled: true }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 50, right: 10, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: TIMES.map(([, label]) => label) },
      yAxis: { type: 'value', name: 'minutes' }, series
    }, { notMerge: true });
    fillTable($('table-percentiles'), ['Time', 'p50 (min)', 'p90 (min)', 'p99 (min)', 'items'],
      TIMES.map(([name, label]) => [label].concat(PERCENTILES.map((p) => fmt(minutes(value(name + '-' + p, 'all')), 2)),
        [fmt((kpi(name, 'all') || {}).count, 0)])));
  }

  // The exit criterion's threshold, as configured on the server (95 % when not known yet).
  function slaTarget() {
    const r = readiness();
    const c = r && r.criteria.find((x) => x.name === 'sla-attainment');
    const n = c ? parseFloat(String(c.required).replace(/[^0-9.]/g, '')) : NaN;
    return isNaN(n) ? 95 : n;
  }

  function renderSla() {
    const rows = [['all'].concat(PRIORITIES.map((p) => 'priority=' + p))];
    const dims = rows[0];
    const data = dims.map((d) => value('sla-attainment', d));
    chart('chart-sla').setOption({
      animation: false, aria: { enabled: true }, tooltip: {},
      grid: { left: 40, right: 10, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: ['All'].concat(PRIORITIES) },
      yAxis: { type: 'value', min: 0, max: 100, name: '%' },
      series: [{ name: 'SLA attainment', type: 'bar', data: data.map((v) => (v === null ? 0 : Number(v.toFixed(1)))),
                 markLine: { silent: true, symbol: 'none', label: { position: 'insideEndTop', formatter: 'exit target {c} %' },
                             data: [{ yAxis: slaTarget(), name: 'exit target' }] } }]
    }, { notMerge: true });
    fillTable($('table-sla'), ['Priority', 'Attainment (%)', 'Targets decided', 'Breaches'],
      dims.map((d, i) => [i === 0 ? 'All' : PRIORITIES[i - 1], fmt(data[i], 1), fmt((kpi('sla-attainment', d) || {}).count, 0),
        fmt(value('sla-breaches', d) || 0, 0)]));
  }

  function renderCsat() {
    const k = kpi('csat', 'all');
    const dist = k && k.details && k.details.distribution ? k.details.distribution : {};
    const ratings = ['1', '2', '3', '4', '5'];
    chart('chart-csat').setOption({
      animation: false, aria: { enabled: true }, tooltip: {},
      title: { text: k ? 'mean ' + k.value.toFixed(2) + ' over ' + k.count + ' rating(s)' : 'no rating yet', right: 10, textStyle: { fontSize: 12 } },
      grid: { left: 40, right: 10, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: ratings, name: 'rating' },
      yAxis: { type: 'value', minInterval: 1, name: 'ratings' },
      series: [{ name: 'ratings', type: 'bar', data: ratings.map((r) => dist[r] || 0) }]
    }, { notMerge: true });
    fillTable($('table-csat'), ['Rating', 'Ratings'], ratings.map((r) => [r, String(dist[r] || 0)]));
  }

  function renderBacklog() {
    const data = PRIORITIES.map((p) => value('open-backlog', 'priority=' + p) || 0);
    chart('chart-backlog').setOption({
      animation: false, aria: { enabled: true }, tooltip: {},
      grid: { left: 40, right: 10, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: PRIORITIES },
      yAxis: { type: 'value', minInterval: 1, name: 'open items' },
      series: [{ name: 'open', type: 'bar', data: data.map((v, i) => ({ value: v, itemStyle: { color: PRIORITY_COLOURS[PRIORITIES[i]] } })) }]
    }, { notMerge: true });
    fillTable($('table-backlog'), ['Priority', 'Open items'], PRIORITIES.map((p, i) => [p, String(data[i])]));
  }

  function duration(ms) {
    if (ms === null || ms === undefined) { return '–'; }
    if (ms < 60000) { return Math.round(ms / 1000) + ' s'; }
    const minutesTotal = Math.round(ms / 60000);
    const h = Math.floor(minutesTotal / 60);
    return (h > 0 ? h + ' h ' : '') + (minutesTotal % 60) + ' min';
  }

  function time(iso) { return iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : ''; }

  function renderUptime() {
    const k = kpi('uptime', 'all');
    const body = $('uptime-table').tBodies[0];
    body.replaceChildren();
    if (!k || !k.details) {
      $('tile-uptime').textContent = '–';
      $('uptime-summary').textContent = 'No item yet.';
      return;
    }
    const d = k.details;
    const intervals = d.intervals || [];
    $('tile-uptime').textContent = fmt(k.value, 2) + ' %';
    $('tile-uptime').className = d.outageOpen ? 'unmet' : '';
    $('uptime-summary').textContent = fmt(k.value, 2) + ' % of the hypercare period without an open outage (since '
      + time(d.periodStart) + '; down ' + duration(d.downtimeMs) + ' in ' + intervals.length + ' interval(s))'
      + (d.outageOpen ? '. An outage is open now.' : '.');
    if (intervals.length === 0) {
      const cell = body.insertRow().insertCell(); cell.colSpan = 5; cell.textContent = 'No outage reported.';
      return;
    }
    intervals.slice().reverse().forEach((i) => {
      const tr = body.insertRow();
      const from = document.createElement('th'); from.scope = 'row'; from.textContent = time(i.start); tr.appendChild(from);
      const until = tr.insertCell(); until.textContent = i.open ? 'open now' : time(i.end); if (i.open) { until.className = 'unmet'; }
      tr.insertCell().textContent = duration(i.durationMs);
      tr.insertCell().textContent = String((i.reports || []).length);
      tr.insertCell().textContent = (i.groups || []).join(', ');
    });
  }

  function spikes() {
    const list = [];
    state.kpis.forEach((k) => { if (k && k.kpi === 'volume-spike' && k.release === state.release && k.details) { list.push(k); } });
    return list.sort((a, b) => (b.value - a.value) || (a.details.component < b.details.component ? -1 : 1));
  }

  function renderSpikes() {
    const all = spikes();
    const active = all.filter((k) => k.details.active);
    const banner = $('spike-banner');
    const items = active.map((k) => {
      const li = document.createElement('li');
      const d = k.details;
      li.textContent = 'Component ' + d.component + ': ' + d.count + ' reports in the ' + d.window + ' window from '
        + time(d.windowStart) + ', against a baseline of ' + fmt(d.baseline, 2) + ' per window (factor ' + d.factor + '), since '
        + time(d.startedAt) + '.';
      return li;
    });
    $('spike-banner-list').replaceChildren(...items);
    banner.hidden = active.length === 0;
    const body = $('spikes-table').tBodies[0];
    body.replaceChildren();
    if (all.length === 0) {
      const cell = body.insertRow().insertCell(); cell.colSpan = 8; cell.textContent = 'No volume spike yet.';
      return;
    }
    all.forEach((k) => {
      const d = k.details;
      const tr = body.insertRow();
      const name = document.createElement('th'); name.scope = 'row'; name.textContent = d.component; tr.appendChild(name);
      const st = tr.insertCell(); st.textContent = d.active ? 'spike on' : 'ended'; st.className = d.active ? 'unmet' : 'met';
      tr.insertCell().textContent = time(d.windowStart) + ' (' + d.window + ')';
      tr.insertCell().textContent = String(d.count);
      tr.insertCell().textContent = String(d.peak);
      tr.insertCell().textContent = fmt(d.baseline, 2);
      tr.insertCell().textContent = d.endedAt ? time(d.endedAt) : '';
      tr.insertCell().textContent = String(k.count);
    });
  }

  function renderIssues() {
    const body = $('issues-table').tBodies[0];
    body.replaceChildren();
    if (state.issues.length === 0) {
      const cell = body.insertRow().insertCell(); cell.colSpan = 5; cell.textContent = 'No recurring issue yet.';
      return;
    }
    state.issues.forEach((g) => {
      const tr = body.insertRow();
      const count = document.createElement('th'); count.scope = 'row'; count.textContent = String(g.count); tr.appendChild(count);
      tr.insertCell().textContent = g.priority || '';
      tr.insertCell().textContent = g.category || '';
      tr.insertCell().textContent = g.representativeText || '';
      tr.insertCell().textContent = g.lastSeen || '';
    });
  }

  // ---- data -------------------------------------------------------------------------------

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!response.ok) { throw new Error(url + ': HTTP ' + response.status); }
    return response.json();
  }

  async function loadReleases() {
    const releases = await getJson('/api/v1/releases').catch(() => []);
    const select = $('release');
    const wanted = state.release || new URLSearchParams(location.search).get('release') || releases[0] || null;
    const all = wanted && !releases.includes(wanted) ? [wanted].concat(releases) : releases;
    const current = [...select.options].map((o) => o.value);
    if (current.join('\n') !== all.join('\n')) {
      select.replaceChildren(...all.map((r) => new Option(r, r)));
    }
    if (wanted && select.value !== wanted) { select.value = wanted; }
    return wanted;
  }

  // Issue groups are not KPIs: they are fetched again when the recurring-issue count changes, and at
  // most every 3 s (trailing) while other KPIs change, so the list never stays behind the charts.
  function refreshIssues(now) {
    if (now) { loadIssues().then(scheduleRender); return; }
    if (state.issuesTimer) { return; }
    const wait = Math.max(0, 3000 - (Date.now() - state.issuesFetchedAt));
    state.issuesTimer = setTimeout(() => { state.issuesTimer = null; loadIssues().then(scheduleRender); }, wait);
  }

  async function loadIssues() {
    state.issuesFetchedAt = Date.now();
    state.issues = await getJson('/api/v1/releases/' + encodeURIComponent(state.release) + '/issues?limit=10').catch(() => state.issues);
  }

  async function show(release) {
    if (state.source) { state.source.close(); state.source = null; }
    state.release = release;
    state.kpis = new Map();
    state.readiness = null;
    state.issues = [];
    if (!release) { setStatus('No release has KPIs yet: waiting for feedback.'); return; }
    const url = new URL(location.href);
    url.searchParams.set('release', release);
    history.replaceState(null, '', url);
    // The stream first, then the snapshot: nothing committed in between is missed.
    const source = new EventSource('/api/v1/kpis/stream?release=' + encodeURIComponent(release));
    state.source = source;
    source.onopen = () => setStatus('Live: release ' + release);
    source.onerror = () => setStatus('Reconnecting to the live feed…');
    source.onmessage = (message) => {
      const change = JSON.parse(message.data);
      if (change.release !== state.release) { return; }
      if (change.kpi) { state.kpis.set(change.key, change.kpi); } else { state.kpis.delete(change.key); }
      refreshIssues(change.key.indexOf('|recurring-issues|') >= 0);
      setStatus('Live: release ' + release + ', updated ' + new Date().toLocaleTimeString());
      scheduleRender();
    };
    const [kpis, ready] = await Promise.all([
      getJson('/api/v1/kpis?release=' + encodeURIComponent(release)).catch(() => []),
      getJson('/api/v1/releases/' + encodeURIComponent(release) + '/readiness').catch(() => null),
      loadIssues()
    ]);
    if (state.release !== release) { return; }
    // Values that arrived live while the snapshot was on its way are at least as new: keep them.
    kpis.forEach((k) => { if (!state.kpis.has(k.key)) { state.kpis.set(k.key, k); } });
    state.readiness = ready;
    render();
  }

  async function start() {
    $('release').addEventListener('change', (e) => show(e.target.value));
    $('granularity').addEventListener('change', scheduleRender);
    window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
    await show(await loadReleases());
    // New releases appear in the selector without a reload.
    setInterval(() => loadReleases().then((r) => { if (!state.release && r) { show(r); } }), 10000);
    // A group growing from 3 to 4 reports changes no KPI: the list is also refreshed every 10 s.
    setInterval(() => { if (state.release) { refreshIssues(false); } }, 10000);
  }

  window.hypercareDashboard = {
    state,
    chartOption: (id) => (charts[id] ? charts[id].getOption() : null)
  };
  document.addEventListener('DOMContentLoaded', start);
})();
