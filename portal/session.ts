import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'portal_session';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** A server-side session; anonymous visitors get one too, so the login form carries a CSRF token. */
export interface Session {
  id: string;
  memberId: string | null;
  csrfToken: string;
  expiresAt: number;
  flash: string | null;
}

/** Server-side session map with expiry. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private created = 0;

  /** Creates a session with a fresh random 32-byte id and CSRF token. */
  create(memberId: string | null = null): Session {
    // Stryker disable next-line all: memory housekeeping (get() refuses an expired session itself)
    this.created += 1;
    // Stryker disable next-line all: memory housekeeping (get() refuses an expired session itself)
    if (this.created % 200 === 0) this.prune();
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      memberId,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: Date.now() + SESSION_TTL_MS,
      flash: null,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, or undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= Date.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** Ends a session. */
  delete(id: string): void {
    this.sessions.delete(id);
  }

  /** Ends every session of a member (when the member is removed). */
  deleteForMember(memberId: string): void {
    for (const session of this.sessions.values()) {
      if (session.memberId === memberId) this.sessions.delete(session.id);
    }
  }

  // Stryker disable all: memory housekeeping (get() refuses an expired session itself)
  private prune(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) if (session.expiresAt <= now) this.sessions.delete(session.id);
  }
}

// Stryker restore all
/** Compares two secrets in constant time (via their SHA-256 digests, so lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
