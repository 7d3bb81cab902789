import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Effect } from '../../contract';
import { formatGermanDuration, formatGermanTime } from './format';
import type { MemberCapability, MemberIncident, MembersModel, MemberState } from './members';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A capability's state, in members' words. */
const STATE_WORD: Record<MemberState, string> = {
  operational: 'Verfügbar',
  down: 'Nicht verfügbar',
  degraded: 'Eingeschränkt',
  wrong: 'Fehlerhafte Angaben',
  maintenance: 'Wartungsarbeiten',
  unknown: 'Keine Angaben',
};

/** The state's colour (class names say nothing internal either). */
const STATE_CLASS: Record<MemberState, string> = {
  operational: 's-operational',
  down: 's-down',
  degraded: 's-degraded',
  wrong: 's-wrong',
  maintenance: 's-maintenance',
  unknown: 's-nodata',
};

/** What an incident was, in members' words. */
const EFFECT_WORD: Record<Effect, string> = {
  down: 'Ausfall',
  degraded: 'Einschränkung',
  wrong: 'Fehlerhafte Angaben',
};

const STYLE = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--info:#0969da;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--info:#4493f8}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg);overflow-wrap:anywhere}
header,main,footer{max-width:48rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.75rem 0 .5rem}h3{font-size:1.05rem;margin:0 0 .3rem}
p{margin:.4rem 0}
.meta,footer,.when{color:var(--muted);font-size:.9rem}
.overall{font-size:1.1rem;font-weight:600;padding:.7rem .9rem;border-radius:6px;border-left:6px solid var(--ok);background:var(--card)}
.overall.bad{border-left-color:var(--bad)}
.notice{padding:.7rem .9rem;border-radius:6px;border-left:6px solid var(--info);background:var(--card)}
ul.plain{list-style:none;padding:0;margin:0}
.capabilities li{display:flex;justify-content:space-between;align-items:center;gap:.75rem;padding:.6rem .2rem;border-bottom:1px solid var(--line)}
.capabilities .name{font-weight:600}
.state{font-size:.9rem;font-weight:600;padding:.1rem .6rem;border-radius:999px;color:#fff;text-align:right}
.s-operational{background:var(--ok)}.s-down{background:var(--bad)}.s-degraded,.s-wrong{background:var(--warn)}.s-maintenance{background:var(--info)}.s-nodata{background:var(--muted)}
.cause{display:block;font-weight:400;font-size:.85rem;color:var(--muted)}
.stoerung{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--bad);border-radius:6px;padding:.8rem;margin:.6rem 0}
.stoerung.e-degraded,.stoerung.e-wrong{border-left-color:var(--warn)}
.past li{padding:.6rem 0;border-bottom:1px solid var(--line)}
`;

function capabilityLine(capability: MemberCapability): Html {
  return html`<li><span class="name">${capability.name}</span><span class="state ${STATE_CLASS[capability.state]}">${STATE_WORD[capability.state]}${
    capability.cause ? html`<span class="cause">wegen der Störung: ${capability.cause}</span>` : ''
  }</span></li>`;
}

function openIncident(incident: MemberIncident, model: MembersModel): Html {
  return html`<article class="stoerung e-${incident.effect}" aria-label="Störung: ${incident.name}">
<h3>${incident.name}: ${EFFECT_WORD[incident.effect]}</h3>
<p>${incident.message}</p>
${incident.affected.length ? html`<p>Ebenfalls betroffen: ${incident.affected.join(', ')}</p>` : ''}
<p class="when">Seit ${formatGermanTime(incident.since, model.timeZone)} · bisher ${formatGermanDuration(incident.durationMs)}</p>
</article>`;
}

function pastIncident(incident: MemberIncident, model: MembersModel): Html {
  const duration = incident.resolvedAt ? `Dauer ${formatGermanDuration(incident.durationMs)}` : 'andauernd';
  return html`<li><strong>${incident.name}: ${EFFECT_WORD[incident.effect]}</strong>${
    incident.affected.length ? ` (ebenfalls betroffen: ${incident.affected.join(', ')})` : ''
  }<br><span class="when">${formatGermanTime(incident.since, model.timeZone)} · ${duration}</span></li>`;
}

function maintenanceNotice(model: MembersModel): Html {
  const window = model.maintenance;
  if (!window) return html``;
  const until = formatGermanTime(window.until, model.timeZone);
  const text = window.current
    ? html`<strong>Wartungsarbeiten</strong> bis ${until}. In dieser Zeit kann das Mitgliederportal zeitweise nicht oder nur eingeschränkt erreichbar sein.`
    : html`<strong>Geplante Wartungsarbeiten</strong> von ${formatGermanTime(window.from ?? window.until, model.timeZone)} bis ${until}. In dieser Zeit kann das Mitgliederportal zeitweise nicht oder nur eingeschränkt erreichbar sein.`;
  return html`<section aria-label="Wartungsarbeiten"><p class="notice" id="maintenance">${text}</p></section>`;
}

/**
 * The members' status page (reports/probe/members.html): German, one self-contained file (inline CSS, no script, nothing
 * fetched), with the capabilities' state in members' words, open incidents with the registry's message for members,
 * an announced or running maintenance window, and the incidents of the last 90 days. Every value is escaped.
 */
export function renderMembersHtml(model: MembersModel): string {
  const open = model.open.length;
  const overall = open
    ? open === 1
      ? 'Zurzeit liegt eine Störung vor.'
      : `Zurzeit liegen ${open} Störungen vor.`
    : model.capabilities.every((capability) => capability.state === 'operational')
      ? 'Alle Dienste sind verfügbar.'
      : model.capabilities.some((capability) => capability.state === 'maintenance')
        ? 'Es finden Wartungsarbeiten statt.'
        : 'Keine bekannte Störung.';
  const page = html`<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Status des Mitgliederportals</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header>
<h1>Status des Mitgliederportals</h1>
<p class="meta">${model.lastCheckAt ? html`Zuletzt geprüft: <time datetime="${model.lastCheckAt}">${formatGermanTime(model.lastCheckAt, model.timeZone)}</time>` : 'Noch keine Prüfung.'}</p>
</header>
<main>
<p class="overall${open ? ' bad' : ''}" id="overall" role="status">${overall}</p>
${maintenanceNotice(model)}
${open ? html`<section aria-labelledby="open-title"><h2 id="open-title">Aktuelle Störungen</h2>${model.open.map((incident) => openIncident(incident, model))}</section>` : ''}
<section aria-labelledby="services-title">
<h2 id="services-title">Dienste</h2>
<ul class="plain capabilities">${model.capabilities.map(capabilityLine)}</ul>
</section>
<section aria-labelledby="past-title">
<h2 id="past-title">Störungen der letzten 90 Tage</h2>
${model.past.length ? html`<ul class="plain past">${model.past.map((incident) => pastIncident(incident, model))}</ul>` : html`<p>Keine Störungen in den letzten 90 Tagen.</p>`}
</section>
</main>
<footer>
<p>Diese Seite wird nach jeder automatischen Prüfung des Mitgliederportals aktualisiert. Bei Fragen erreichen Sie Ihre Geschäftsstelle telefonisch.</p>
</footer>
</body>
</html>
`;
  if (page instanceof Promise) throw new Error('members status page template produced a promise');
  return String(page);
}
