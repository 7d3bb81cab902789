import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { describeRun, formatDuration, formatPercent, formatResponse, formatTime, KIND_LABEL } from './format';
import {
  WINDOWS,
  type FlowStatusModel,
  type IncidentRecord,
  type OpenIncident,
  type RunKind,
  type StatusModel,
  type TrendPoint,
} from './model';

/** hono's html`` is synchronous as long as no value is a promise, and none here is. */
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Badge text of a flow's current state. */
const STATE_LABEL: Record<RunKind, string> = {
  passed: 'Operational',
  flaky: 'Operational (flaky)',
  degraded: 'Degraded',
  down: 'Down',
  blocked: 'Down',
  skipped: 'Not run',
  error: 'Not judged',
};

/** The page's styles; `cells` is the longest strip, so cells line up across flows. */
const style = (cells: number) => `
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--skip:#8c959f;--err:#8250df;--focus:#0969da;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--skip:#6e7681;--err:#a371f7;--focus:#4493f8}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header.page,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header.page{padding-top:1rem}
.freshness.overdue{color:#fff;background:#b42318;padding:.25rem .5rem;border-radius:.25rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:0}
.meta,.flow-meta,figcaption,footer,.note{color:var(--muted);font-size:.875rem}
.overall{font-size:1.1rem;font-weight:600;padding:.6rem .8rem;border-radius:6px;border-left:6px solid var(--ok);background:var(--card)}
.overall.bad{border-left-color:var(--bad)}.target.missed{color:var(--bad);font-weight:600}.target.met{color:var(--ok);font-weight:600}
.flows{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,21rem),1fr));gap:1rem}
.flow,.incident{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem}
.flow>header{display:flex;justify-content:space-between;align-items:center;gap:.5rem}
.badge{font-size:.8rem;font-weight:600;padding:.1rem .5rem;border-radius:999px;color:#fff;white-space:nowrap}
.k-passed,.k-flaky{background:var(--ok)}.k-degraded{background:var(--warn)}.k-down,.k-blocked{background:var(--bad)}.k-skipped{background:var(--skip)}.k-error{background:var(--err)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid var(--line)}
.avail td{font-variant-numeric:tabular-nums;font-weight:600}
.strip{display:grid;grid-template-columns:repeat(${cells},1fr);gap:1px;margin:.6rem 0;height:1.6rem}
.run{display:block;border-radius:1px;min-width:2px}.run.k-flaky{background:repeating-linear-gradient(45deg,var(--ok) 0 3px,var(--warn) 3px 5px)}
.run.k-skipped,.run.k-error{opacity:.55}
.run:focus{outline:3px solid var(--focus);outline-offset:1px}
.trend svg{width:100%;height:4rem;display:block}.trend .median{fill:none;stroke:var(--focus);stroke-width:1.5}.trend .max{fill:none;stroke:var(--skip);stroke-width:1;stroke-dasharray:3 2}
figure{margin:.4rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.5rem 0 0}dt{color:var(--muted)}dd{margin:0}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;list-style:none;font-size:.875rem}.legend span{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-.1rem}
#tip{position:absolute;z-index:10;max-width:min(22rem,90vw);background:var(--fg);color:var(--bg);padding:.35rem .55rem;border-radius:4px;font-size:.8rem;pointer-events:none}
.table-wrap{overflow-x:auto}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:30rem){.strip{height:1.3rem}.past td:nth-child(3),.past th:nth-child(3){display:none}}
`;

/**
 * The page's only script: one shared tooltip that shows a run cell's description on hover and on focus (Escape hides
 * it), and arrow keys, Home and End moving between the cells of a strip (one Tab stop per strip).
 */
const SCRIPT = `
(() => {
  // How old the page is when it is read: a page opened long after the probe stopped must not look current.
  const fresh = document.getElementById('freshness');
  if (fresh) {
    const ageMs = Date.now() - Date.parse(fresh.dataset.lastRun);
    const interval = Number(fresh.dataset.intervalMs) || 0;
    const minutes = Math.max(0, Math.round(ageMs / 60000));
    const age = minutes < 120 ? minutes + ' min ago' : Math.round(minutes / 60) + ' h ago';
    const overdue = interval > 0 && ageMs > 2 * interval;
    fresh.querySelector('[data-age]').textContent = overdue
      ? ', ' + age + ': over two probe intervals; the probe may have stopped, and this page is out of date.'
      : ', ' + age + '.';
    if (overdue) fresh.classList.add('overdue');
  }
})();
(() => {
  const tip = document.getElementById('tip');
  let owner = null;
  const show = (cell) => {
    owner = cell;
    tip.textContent = cell.getAttribute('aria-label');
    tip.hidden = false;
    const box = cell.getBoundingClientRect();
    const left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(window.scrollX + 8, left) + 'px';
    tip.style.top = window.scrollY + box.bottom + 6 + 'px';
  };
  const hide = (cell) => { if (!cell || cell === owner) { tip.hidden = true; owner = null; } };
  const cellOf = (target) => (target instanceof Element ? target.closest('.run') : null);
  document.addEventListener('mouseover', (event) => { const cell = cellOf(event.target); if (cell) show(cell); });
  document.addEventListener('mouseout', (event) => { const cell = cellOf(event.target); if (cell && cell !== document.activeElement) hide(cell); });
  document.addEventListener('focusin', (event) => { const cell = cellOf(event.target); if (cell) show(cell); });
  document.addEventListener('focusout', (event) => hide(cellOf(event.target)));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { hide(); return; }
    const cell = cellOf(event.target);
    if (!cell) return;
    const cells = [...cell.parentElement.querySelectorAll('.run')];
    const index = cells.indexOf(cell);
    const next = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: cells.length - 1 }[event.key];
    if (next === undefined || !cells[next]) return;
    event.preventDefault();
    cell.tabIndex = -1;
    cells[next].tabIndex = 0;
    cells[next].focus();
  });
})();
`;

/** The response-time trend as an inline SVG: median per bucket (line) and slowest per bucket (dashed). */
function trendSvg(points: readonly TrendPoint[], title: string): Html {
  if (!points.length) return html`<p class="note">No completed runs yet.</p>`;
  const width = 300;
  const height = 60;
  const top = Math.max(...points.map((point) => point.maxMs), 1);
  const start = Date.parse(points[0]?.from ?? '');
  const span = Math.max(1, Date.parse(points[points.length - 1]?.to ?? '') - start);
  const x = (point: TrendPoint) => ((((Date.parse(point.from) + Date.parse(point.to)) / 2 - start) / span) * width).toFixed(1);
  const y = (ms: number) => (height - 2 - (ms / top) * (height - 4)).toFixed(1);
  const line = (key: 'medianMs' | 'maxMs') => points.map((point) => `${x(point)},${y(point[key])}`).join(' ');
  const latest = points[points.length - 1];
  const medians = points.map((point) => point.medianMs).sort((a, b) => a - b);
  const label = `${title}: response time from ${formatTime(points[0]?.from ?? '')} to ${formatTime(latest?.to ?? '')}, median between ${formatResponse(medians[0] ?? 0)} and ${formatResponse(medians[medians.length - 1] ?? 0)}, slowest ${formatResponse(top)}.`;
  return html`<figure class="trend">
<svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="${label}"><polyline class="max" points="${line('maxMs')}"/><polyline class="median" points="${line('medianMs')}"/></svg>
<figcaption>Response time, ${points.length} points: latest median <strong data-testid="trend-latest">${formatResponse(latest?.medianMs ?? 0)}</strong> · slowest ${formatResponse(top)}</figcaption>
</figure>`;
}

function availabilityTable(flow: FlowStatusModel): Html {
  return html`<table class="avail"><caption class="visually-hidden">Availability of ${flow.title}</caption>
<thead><tr>${WINDOWS.map((window) => html`<th scope="col">${window.label}</th>`)}</tr></thead>
<tbody><tr>${WINDOWS.map((window) => {
    const value = flow.availability[window.key];
    return html`<td data-window="${window.key}" title="${value.up} of ${value.judged} judged runs not down">${formatPercent(value.percent)}</td>`;
  })}</tr></tbody></table>`;
}

function strip(flow: FlowStatusModel): Html {
  if (!flow.recent.length) return html`<p class="note">No runs yet.</p>`;
  const lastIndex = flow.recent.length - 1;
  return html`<div class="strip" role="group" aria-label="${flow.title}: last ${flow.recent.length} runs, oldest first (arrow keys move)">${flow.recent.map(
    (cell, index) =>
      html`<span class="run k-${cell.kind}" role="img" tabindex="${index === lastIndex ? 0 : -1}" aria-label="${describeRun(cell)}"></span>`,
  )}</div>`;
}

function detection(flow: FlowStatusModel): Html {
  if (!flow.incidents) return html`<p class="ttd">No incidents in the history.</p>`;
  const part = (name: string, value: FlowStatusModel['detect']) =>
    value
      ? html`${name}: mean <strong>${formatDuration(value.meanMs)}</strong>, longest ${formatDuration(value.maxMs)}`
      : html`${name}: none resolved yet`;
  return html`<p class="ttd">${flow.incidents} incident${flow.incidents === 1 ? '' : 's'} · ${part('time to detect', flow.detect)} · ${part('time to resolve', flow.resolve)}</p>`;
}

function flowCard(flow: FlowStatusModel): Html {
  const kind = flow.current?.kind ?? 'skipped';
  const state = flow.current ? STATE_LABEL[kind] : 'No data';
  const last = flow.current
    ? html` · last judged ${formatTime(flow.current.at)}${flow.current.errorClass ? html` · ${flow.current.errorClass}` : ''}`
    : '';
  return html`<article class="flow" id="flow-${flow.id}" aria-labelledby="flow-${flow.id}-title" data-flow="${flow.id}">
<header><h3 id="flow-${flow.id}-title">${flow.title}</h3><span class="badge k-${kind}" data-testid="state">${state}</span></header>
<p class="flow-meta">${flow.severity}${last}${flow.consecutiveFailures ? html` · ${flow.consecutiveFailures} failed runs in a row` : ''}</p>
${availabilityTable(flow)}
${strip(flow)}
${trendSvg(flow.trend, flow.title)}
${detection(flow)}
</article>`;
}

function titleOf(id: string, model: StatusModel): string {
  return model.flows.find((flow) => flow.id === id)?.title ?? id;
}

function openIncident(incident: OpenIncident, model: StatusModel): Html {
  const affected = incident.affected.map((id) => titleOf(id, model));
  return html`<li class="incident" data-flow="${incident.flowId}">
<h3>[${incident.severity ?? '?'}] ${incident.title}</h3>
<dl>
<dt>Root cause</dt><dd>${titleOf(incident.flowId, model)}${incident.errorClass ? ` (${incident.errorClass})` : ''}</dd>
${incident.failingStep ? html`<dt>Failing step</dt><dd>${incident.failingStep}</dd>` : ''}
${affected.length ? html`<dt>Also down</dt><dd>${affected.join(', ')}</dd>` : ''}
<dt>Open for</dt><dd data-testid="open-for">${formatDuration(incident.openForMs)} (since ${formatTime(incident.triggeredAt)})</dd>
<dt>Failing since</dt><dd>${formatTime(incident.firstFailedAt)} (detected after ${formatDuration(incident.detectMs)})</dd>
</dl></li>`;
}

function pastIncidentRow(incident: IncidentRecord, model: StatusModel): Html {
  return html`<tr><td>${titleOf(incident.flowId, model)}</td><td>${formatTime(incident.triggeredAt)}</td><td>${incident.errorClass ?? ''}</td><td>${formatDuration(incident.detectMs)}</td><td>${formatDuration(incident.resolveMs ?? 0)}</td></tr>`;
}

const LEGEND: RunKind[] = ['passed', 'flaky', 'degraded', 'down', 'skipped', 'error'];

/** Renders the status model to one self-contained HTML page: inline CSS, SVG and script, nothing fetched at view time. */
export function renderStatusHtml(model: StatusModel): string {
  const open = model.openIncidents.length;
  const overall = open
    ? `${open} open incident${open === 1 ? '' : 's'}`
    : model.flows.every((flow) => !flow.current || flow.current.kind === 'passed' || flow.current.kind === 'flaky')
      ? 'All flows operational'
      : 'No open incident; some flows are failing (not yet confirmed)';
  const { count, target, met } = model.incidents90d;
  const cells = Math.max(1, ...model.flows.map((flow) => flow.recent.length));
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="firewatch">
<title>Status${model.target ? ` · ${model.target}` : ''}</title>
<style>${raw(style(cells))}</style>
</head>
<body>
<header class="page">
<h1>Member portal status</h1>
<p class="meta">${model.target ?? 'no target yet'}${model.locations.length ? ` · probed from ${model.locations.join(', ')}` : ''} · updated <time datetime="${model.generatedAt}">${formatTime(model.generatedAt)}</time></p>
</header>
<main>
${model.runs.last ? html`<p id="freshness" class="freshness" role="status" data-last-run="${model.runs.last}" data-interval-ms="${model.runs.intervalMs ?? ''}">Last probe run: <time datetime="${model.runs.last}">${formatTime(model.runs.last)}</time><span data-age></span></p>` : ''}
<section aria-label="Summary">
<p class="overall${open ? ' bad' : ''}" id="overall" role="status">${overall}</p>
<p id="incident-target">Incidents in the last 90 days: <strong data-testid="incidents-90d">${count}</strong> · target: at most ${target} per three months · <span class="target ${met ? 'met' : 'missed'}">${met ? 'target met' : 'target missed'}</span></p>
${model.probeBroken ? html`<p class="note" role="alert">The probe itself is failing${model.probeBroken.since ? ` since ${formatTime(model.probeBroken.since)}` : ''}: ${model.probeBroken.message ?? 'see the probe log'}. Its runs are not counted as outages.</p>` : ''}
</section>
<section aria-labelledby="open-title">
<h2 id="open-title">Open incidents</h2>
${open ? html`<ul class="incidents" style="list-style:none;padding:0">${model.openIncidents.map((incident) => openIncident(incident, model))}</ul>` : html`<p>None.</p>`}
</section>
<section aria-labelledby="flows-title">
<h2 id="flows-title">Critical flows</h2>
<ul class="legend" aria-label="Run colours">${LEGEND.map((kind) => html`<li><span class="k-${kind}"></span>${KIND_LABEL[kind]}</li>`)}</ul>
<div class="flows">${model.flows.map(flowCard)}</div>
</section>
<section aria-labelledby="past-title">
<h2 id="past-title">Past incidents</h2>
${
  model.pastIncidents.length
    ? html`<div class="table-wrap"><table class="past"><thead><tr><th scope="col">Flow</th><th scope="col">Triggered</th><th scope="col">Failure class</th><th scope="col">Time to detect</th><th scope="col">Time to resolve</th></tr></thead><tbody>${model.pastIncidents.map((incident) => pastIncidentRow(incident, model))}</tbody></table></div>`
    : html`<p>None resolved in the history.</p>`
}
</section>
</main>
<footer>
<p>${model.runs.total} probe runs${model.runs.first && model.runs.last ? ` from ${formatTime(model.runs.first)} to ${formatTime(model.runs.last)}` : ''}${model.runs.suiteErrors ? `; ${model.runs.suiteErrors} could not judge the portal (probe errors, not outages)` : ''}${model.runs.maintenance ? `; ${model.runs.maintenance} in maintenance windows` : ''}${model.runs.unreadable ? `; ${model.runs.unreadable} unreadable history lines skipped` : ''}.</p>
<p>Availability is the share of judged runs in which members could use the flow (passed, passed on retry or degraded). Time to detect runs from the first failed run to the alert; time to resolve from the alert to the all-clear.</p>
</footer>
<div id="tip" role="tooltip" hidden></div>
<script>${raw(SCRIPT)}</script>
</body>
</html>
`;
  if (page instanceof Promise) throw new Error('status page template produced a promise');
  return String(page);
}
