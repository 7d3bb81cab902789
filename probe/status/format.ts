import { formatDuration as formatDurationFor } from '../../contract';
import type { RunCell, RunKind } from './model';

/** A time as the page shows it: minutes, in UTC, so every reader and location sees the same clock. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A duration on the status page (incident times and their averages): to the minute, e.g. "12 min", "1 h 30 min". */
export const formatDuration = (ms: number): string => formatDurationFor(ms, 'minute');

/** A response time: milliseconds below a second, else seconds with one decimal. */
export function formatResponse(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * An availability percentage cut (not rounded) to two decimals, so a window with any downtime never reads 100 %;
 * null (no judged run in the window) reads "no data".
 */
export function formatPercent(percent: number | null): string {
  if (percent === null) return 'no data';
  return `${(Math.floor(percent * 100 + 1e-9) / 100).toFixed(2)} %`;
}

/** What a run kind means, in words. */
export const KIND_LABEL: Record<RunKind, string> = {
  passed: 'passed',
  flaky: 'passed on retry',
  degraded: 'degraded',
  down: 'down',
  blocked: 'down (depends on a failed flow)',
  skipped: 'not run',
  error: 'not judged (probe error)',
};

/** The one-line description of a strip cell: its time, what happened and the failure class. */
export function describeRun(cell: RunCell): string {
  const parts = [
    formatTime(cell.at),
    cell.kind === 'blocked' && cell.rootCause ? `down (${cell.rootCause} failed)` : KIND_LABEL[cell.kind],
  ];
  if (cell.errorClass) parts.push(cell.errorClass);
  if (cell.failingStep) parts.push(`step "${cell.failingStep}"`);
  if (cell.kind === 'passed' || cell.kind === 'flaky' || cell.kind === 'degraded') parts.push(formatResponse(cell.durationMs));
  return parts.join(' · ');
}

/**
 * A time as members read it, in the team's time zone (TEAM_TIME_ZONE), German style with the zone's abbreviation:
 * "Mo., 23.11.2026, 14:49 Uhr (MEZ)".
 */
export function formatGermanTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('de-DE', {
    timeZone,
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('weekday').replace(/\.?$/, '.')}, ${part('day')}.${part('month')}.${part('year')}, ${part('hour')}:${part('minute')} Uhr (${part('timeZoneName')})`;
}

/** A duration as members read it, to the minute: "unter 1 Min.", "45 Min.", "1 Std. 20 Min.", "2 Tage 3 Std.". */
export function formatGermanDuration(ms: number): string {
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'unter 1 Min.';
  if (minutes < 60) return `${minutes} Min.`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} Std. ${minutes % 60} Min.` : `${hours} Std.`;
  const days = Math.floor(hours / 24);
  const dayWord = days === 1 ? 'Tag' : 'Tage';
  return hours % 24 ? `${days} ${dayWord} ${hours % 24} Std.` : `${days} ${dayWord}`;
}
