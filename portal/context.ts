import type { FaultController } from './faults';
import type { Session, SessionStore } from './session';
import type { Member, Store } from './store';
import type { WeatherIngest } from './weather';

/** Everything the route modules share. */
export interface PortalDeps {
  mode: 'development' | 'production';
  store: Store;
  sessions: SessionStore;
  faults: FaultController;
  weather: WeatherIngest;
  seedToken: string | undefined;
  /** scrypt's cost (N) for the passwords the portal stores, and the hash an unknown e-mail is checked against. */
  passwords: { cost: number; unknownHash: string };
  version: string;
  startedAt: number;
}

/** Hono environment: per-request session and signed-in member. */
export interface PortalEnv {
  Variables: {
    session: Session;
    member: Member | null;
  };
}
