import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { PortalDeps, PortalEnv } from '../context';
import { priceList } from '../pricing';
import { MESSAGES } from '../validation';
import { homePage } from '../views/pages';
import { weatherErrorPage, weatherPage } from '../views/weather';
import { ingestHealth, WEATHER_UNAVAILABLE, weatherFor, weatherJson } from '../weatherService';
import { viewerOf } from './helpers';

const STATIC_DIR = new URL('../static/', import.meta.url);
const PORTAL_CSS = readFileSync(new URL('portal.css', STATIC_DIR), 'utf8');
const DIESEL_JS = readFileSync(new URL('diesel.js', STATIC_DIR), 'utf8');
// Stryker disable next-line all: fault injection (diesel-js-error): the broken prefix served only with that fault on
const BROKEN_DIESEL_JS_PREFIX = "const rollout = document.getElementById('diesel-form-v2').dataset.rollout;\n";

/** The /healthz body and status; `instanceDown` reports the whole instance as down. */
export function health(deps: PortalDeps, instanceDown: boolean): { body: Record<string, unknown>; status: 200 | 503 } {
  const weatherIngest = ingestHealth(deps.weather, deps.faults);
  const status = instanceDown ? 'down' : weatherIngest.status === 'ok' ? 'ok' : 'degraded';
  return {
    // Stryker disable next-line all: fault injection (instance-down): only a down instance answers 503
    status: status === 'down' ? 503 : 200,
    body: {
      status,
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      checks: {
        store: { status: instanceDown ? 'down' : 'ok', members: deps.store.memberCount() },
        weatherIngest,
      },
    },
  };
}

/** Home, health, price list, weather and static files. */
export function registerPublicRoutes(app: Hono<PortalEnv>, deps: PortalDeps): void {
  app.get('/', (c) => c.html(homePage(viewerOf(c))));

  app.get('/healthz', (c) => {
    const { body, status } = health(deps, false);
    c.header('Cache-Control', 'no-store');
    return c.json(body, status);
  });

  app.get('/api/preise', (c) => c.json(priceList(deps.faults.has('diesel-price-list-wrong'))));

  app.get('/wetter', (c) => {
    const postcode = (c.req.query('plz') ?? c.get('member')?.postcode ?? '01067').trim();
    // Stryker disable next-line all: fault injection (weather-member-region-wrong): decides only whether that fault applies
    const memberDefault = c.req.query('plz') === undefined && c.get('member') !== null;
    const wrongRegion = memberDefault && deps.faults.has('weather-member-region-wrong');
    // A region no seeded member lives in, so the wrong weather is always another region's.
    const result = weatherFor(wrongRegion ? '10115' : postcode, deps.weather, deps.faults);
    if (result.kind === 'invalid-postcode') return c.html(weatherErrorPage(viewerOf(c), postcode, MESSAGES.postcode), 400);
    // Stryker disable next-line all: fault injection (weather-down): only that fault makes the weather unavailable (weatherService.ts)
    if (result.kind === 'unavailable') return c.html(weatherErrorPage(viewerOf(c), postcode, WEATHER_UNAVAILABLE), 503);
    return c.html(weatherPage(viewerOf(c), postcode, result.snapshot));
  });

  app.get('/api/weather', (c) => {
    const postcode = (c.req.query('postcode') ?? '').trim();
    const result = weatherFor(postcode, deps.weather, deps.faults);
    if (result.kind === 'invalid-postcode') {
      return c.json({ error: `Invalid postcode "${postcode}": expected five digits, e.g. 01067.` }, 400);
    }
    // Stryker disable next-line all: fault injection (weather-down): only that fault makes the weather unavailable (weatherService.ts)
    if (result.kind === 'unavailable') return c.json({ error: WEATHER_UNAVAILABLE }, 503);
    return c.json(weatherJson(postcode, result.snapshot));
  });

  app.get('/static/portal.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(PORTAL_CSS);
  });

  app.get('/static/diesel.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-store');
    return c.body(deps.faults.has('diesel-js-error') ? BROKEN_DIESEL_JS_PREFIX + DIESEL_JS : DIESEL_JS);
  });
}
