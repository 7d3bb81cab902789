import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { PortalDeps, PortalEnv } from './context';
import { FaultController, type FaultName } from './faults';
import { hashPasswordSync, PASSWORD_COST } from './password';
import { registerAuthRoutes, setSessionCookie } from './routes/auth';
import { registerDieselRoutes } from './routes/diesel';
import { internalError, notFoundPage, serviceUnavailable, type PortalContext } from './routes/helpers';
import { registerMemberRoutes } from './routes/member';
import { health, registerPublicRoutes } from './routes/public';
import { registerTestDataRoutes } from './routes/testdata';
import { SESSION_COOKIE, SessionStore } from './session';
import { Store } from './store';
import { WeatherIngest } from './weather';

// Stryker disable all: the demo login for people trying the portal by hand; the suite signs in with members it seeds
export const DEMO_MEMBER = {
  email: 'demo@elbtal-agrar.de',
  password: 'Elbtal-Demo-2026',
  firstName: 'Erika',
  lastName: 'Mustermann',
  street: 'Elbstraße 12',
  postcode: '01067',
  town: 'Dresden',
} as const;
// Stryker restore all

export interface PortalOptions {
  mode: 'development' | 'production';
  faults: FaultName[];
  seedToken?: string;
  probeAccount?: { email: string; password: string };
  seed?: number;
  weatherIntervalMs?: number;
  slowMs?: number;
  /** Random extra latency on every response (except the test-data and admin APIs), for soak tests: [min, max] ms. */
  latencyMs?: readonly [number, number];
  version?: string;
  /**
   * scrypt's cost (N) for the passwords the portal stores (default `PASSWORD_COST`). The project's own tests build
   * many in-process portals and sign in hundreds of times; they use a lower cost, which changes nothing they check.
   */
  passwordCost?: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface Portal {
  app: Hono<PortalEnv>;
  faults: FaultController;
  store: Store;
  start(port: number, host?: string): Promise<RunningServer>;
  stop(): Promise<void>;
}

const API_WITHOUT_SESSION = /^\/(api\/(testdata|admin|preise|weather)|static\/|healthz$)/;
// Stryker disable next-line all: fault injection (instance-down) and soak latency: which paths stay untouched
const ALWAYS_AVAILABLE = /^\/api\/(testdata|admin)(\/|$)/;
// Stryker disable next-line all: fault injection (slow-backend): which paths that fault slows down
const SLOW_PATHS = /^\/(mitglied|diesel|wetter|bestellungen)(\/|$)|^\/api\/(weather|diesel)(\/|$)/;

/** Builds the member portal: seeded store, weather ingest (first run now), faults and routes. */
export function createPortal(options: PortalOptions): Portal {
  const faults = new FaultController(options.faults);
  const store = new Store();
  // Stryker disable next-line all: start-up demo data (store.seed); the suite seeds its own members
  store.seed(options.seed ?? 20261123);
  // Stryker disable next-line all: a lower scrypt cost only for the project's own in-process tests
  const passwordCost = options.passwordCost ?? PASSWORD_COST;
  // Set up before the portal serves: hashing may block here.
  // Stryker disable all: start-up accounts (the demo login, the production probe's synthetic account): set-up, not a rule members rely on
  if (options.mode === 'development') {
    const { password, ...demo } = DEMO_MEMBER;
    store.upsertMember({ ...demo, passwordHash: hashPasswordSync(password, passwordCost) });
  }
  if (options.probeAccount) {
    store.upsertMember({
      email: options.probeAccount.email,
      passwordHash: hashPasswordSync(options.probeAccount.password, passwordCost),
      firstName: 'Probe',
      lastName: 'Synthetisch',
      street: 'Teststraße 1',
      postcode: '01067',
      town: 'Dresden',
    });
  }
  // Stryker restore all
  const weather = new WeatherIngest(options.weatherIntervalMs ?? 60_000);
  weather.start();
  // Stryker disable next-line all: fault injection (slow-backend): how slow
  const slowMs = options.slowMs ?? 20_000;

  const deps: PortalDeps = {
    mode: options.mode,
    store,
    sessions: new SessionStore(),
    faults,
    weather,
    seedToken: options.seedToken || undefined,
    passwords: { cost: passwordCost, unknownHash: hashPasswordSync(randomBytes(16).toString('hex'), passwordCost) },
    version: options.version ?? '0.1.0',
    startedAt: Date.now(),
  };

  const app = new Hono<PortalEnv>();

  // Stryker disable all: fault injection (instance-down), soak latency (PORTAL_LATENCY_MS) and fault injection (slow-backend): off in the suite's runs
  app.use('*', async (c: PortalContext, next) => {
    if (!deps.faults.has('instance-down') || ALWAYS_AVAILABLE.test(c.req.path)) return next();
    if (c.req.path === '/healthz') {
      const { body } = health(deps, true);
      return c.json(body, 503);
    }
    return serviceUnavailable(c);
  });

  const [minLatency, maxLatency] = options.latencyMs ?? [0, 0];
  if (maxLatency > 0) {
    app.use('*', async (c, next) => {
      if (!ALWAYS_AVAILABLE.test(c.req.path)) {
        await new Promise((resolve) => setTimeout(resolve, minLatency + Math.random() * (maxLatency - minLatency)));
      }
      return next();
    });
  }

  app.use('*', async (c, next) => {
    if (deps.faults.has('slow-backend') && SLOW_PATHS.test(c.req.path)) {
      await new Promise((resolve) => setTimeout(resolve, slowMs));
    }
    return next();
  });

  // Stryker restore all
  app.use('*', async (c: PortalContext, next) => {
    if (API_WITHOUT_SESSION.test(c.req.path)) return next();
    let session = deps.sessions.get(getCookie(c, SESSION_COOKIE));
    if (session?.memberId && (deps.faults.has('session-lost') || !store.member(session.memberId))) session = undefined;
    if (!session) {
      session = deps.sessions.create();
      setSessionCookie(c, session.id);
    }
    c.set('session', session);
    c.set('member', session.memberId ? (store.member(session.memberId) ?? null) : null);
    return next();
  });

  registerPublicRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerMemberRoutes(app, deps);
  registerDieselRoutes(app, deps);
  registerTestDataRoutes(app, deps);

  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json({ error: `Not found: ${c.req.path}` }, 404) : notFoundPage(c)));
  app.onError((error, c) => {
    // Stryker disable next-line all: a warning on the portal's stderr, which no member sees
    process.emitWarning(`Portal request ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.req.path.startsWith('/api/') ? c.json({ error: 'Interner Fehler' }, 500) : internalError(c);
  });

  // Stryker disable all: starting and stopping the server is the harness's plumbing, not a rule members rely on
  const servers = new Set<RunningServer>();

  return {
    app,
    faults,
    store,
    start(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
          const urlHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
          const running: RunningServer = {
            url: `http://${urlHost}:${info.port}`,
            close: () =>
              new Promise<void>((done) => {
                servers.delete(running);
                server.close(() => done());
                if ('closeAllConnections' in server) server.closeAllConnections();
              }),
          };
          servers.add(running);
          resolve(running);
        });
        server.once('error', reject);
      });
    },
    async stop() {
      weather.stop();
      await Promise.all([...servers].map((server) => server.close()));
    },
  };
}
