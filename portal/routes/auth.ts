import type { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { PortalDeps, PortalEnv } from '../context';
import { verifyPassword } from '../password';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../session';
import { LOCK_AFTER_FAILURES, LOCK_DURATION_MS } from '../store';
import { loginPage } from '../views/pages';
import { csrfRejected, csrfValid, formFields, internalError, safeReturnPath, viewerOf, type PortalContext } from './helpers';

export const WRONG_CREDENTIALS = 'E-Mail oder Passwort ist falsch.';
export const LOCKED = `Ihr Zugang ist nach ${LOCK_AFTER_FAILURES} Fehlversuchen für 15 Minuten gesperrt.`;

/** Sets the session cookie: HttpOnly, SameSite=Lax, whole site. */
export function setSessionCookie(c: PortalContext, id: string): void {
  setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_MS / 1000 });
}

/** Login, logout and lockout. */
export function registerAuthRoutes(app: Hono<PortalEnv>, deps: PortalDeps): void {
  app.get('/anmelden', (c) => {
    const next = safeReturnPath(c.req.query('weiter')) ?? '';
    return c.html(loginPage(viewerOf(c), { next, signedOut: c.req.query('abgemeldet') === '1' }));
  });

  app.post('/anmelden', async (c) => {
    if (deps.faults.has('login-broken')) return internalError(c);
    const fields = await formFields(c);
    if (!csrfValid(c, fields._csrf)) return csrfRejected(c);
    const email = (fields.email ?? '').trim();
    const password = fields.password ?? '';
    const next = safeReturnPath(fields.weiter);
    const member = deps.store.memberByEmail(email);
    const now = Date.now();

    if (member?.lockedUntil && member.lockedUntil <= now) {
      member.lockedUntil = null;
      member.failedLogins = 0;
    }
    const valid = await verifyPassword(password, member?.passwordHash ?? null, deps.passwords.unknownHash);
    if (member?.lockedUntil) {
      return c.html(loginPage(viewerOf(c), { email, next: next ?? '', error: LOCKED }), 423);
    }
    if (!member || !valid) {
      if (member) {
        member.failedLogins += 1;
        if (member.failedLogins >= LOCK_AFTER_FAILURES) member.lockedUntil = now + LOCK_DURATION_MS;
      }
      const error = deps.faults.has('login-error-message-missing') ? '' : WRONG_CREDENTIALS;
      return c.html(loginPage(viewerOf(c), { email, next: next ?? '', error }), 401);
    }

    member.failedLogins = 0;
    member.lockedUntil = null;
    deps.sessions.delete(c.get('session').id);
    const session = deps.sessions.create(member.id);
    setSessionCookie(c, session.id);
    return c.redirect(next ?? '/mitglied', 303);
  });

  app.post('/abmelden', async (c) => {
    const fields = await formFields(c);
    if (!csrfValid(c, fields._csrf)) return csrfRejected(c);
    deps.sessions.delete(c.get('session').id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/anmelden?abgemeldet=1', 303);
  });
}
