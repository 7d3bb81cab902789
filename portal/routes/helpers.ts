import type { Context } from 'hono';
import { html } from 'hono/html';
import type { PortalEnv } from '../context';
import { ORGANISATION, messagePage, type Viewer } from '../views/layout';
import { safeEqual } from '../session';

export type PortalContext = Context<PortalEnv>;

export const CSRF_MESSAGE = 'Sicherheitstoken ungültig. Bitte laden Sie die Seite neu.';
export const INTERNAL_ERROR = 'Interner Fehler';

/** Navigation state and CSRF token of the current visitor (works on routes without a session too). */
export function viewerOf(c: PortalContext): Viewer {
  const session = c.get('session') as PortalEnv['Variables']['session'] | undefined;
  const member = c.get('member') as PortalEnv['Variables']['member'] | undefined;
  return { signedIn: Boolean(member), csrfToken: session?.csrfToken ?? null };
}

/** True when the submitted token matches the session's CSRF token. */
export function csrfValid(c: PortalContext, submitted: unknown): boolean {
  const session = c.get('session') as PortalEnv['Variables']['session'] | undefined;
  return Boolean(session) && typeof submitted === 'string' && submitted !== '' && safeEqual(submitted, session!.csrfToken);
}

/** The 403 page for a missing or wrong CSRF token. */
export function csrfRejected(c: PortalContext): Response | Promise<Response> {
  return c.html(messagePage('Sicherheitstoken ungültig', viewerOf(c), CSRF_MESSAGE), 403);
}

/** The 500 page. */
export function internalError(c: PortalContext): Response | Promise<Response> {
  return c.html(
    messagePage(
      INTERNAL_ERROR,
      viewerOf(c),
      'Interner Fehler: Ihre Anfrage konnte nicht bearbeitet werden. Bitte versuchen Sie es später erneut.',
    ),
    500,
  );
}

/** The 404 page. */
export function notFoundPage(c: PortalContext): Response | Promise<Response> {
  return c.html(messagePage('Seite nicht gefunden', viewerOf(c), 'Die angeforderte Seite gibt es nicht.'), 404);
}

/** The bare 503 answer of a down instance. */
// Stryker disable all: fault injection (instance-down): served only with that fault on
export function serviceUnavailable(c: PortalContext): Response | Promise<Response> {
  return c.html(
    html`<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Service Unavailable – ${ORGANISATION}</title></head>
<body><h1>Service Unavailable</h1></body></html>`,
    503,
  );
}

// Stryker restore all
/** Redirects a signed-out visitor to the login page with a return path. */
export function toLogin(c: PortalContext, returnPath: string): Response {
  return c.redirect(`/anmelden?weiter=${encodeURIComponent(returnPath)}`, 303);
}

/** Accepts only local return paths ("/x", not "//host" or "/\\host"). */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/')) return null;
  // eslint-disable-next-line no-control-regex -- a return path with control characters (header injection) is refused.
  if (value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f]/.test(value)) return null;
  return value;
}

/** Form fields as strings (files and repeated fields reduced to their first string value). */
export async function formFields(c: PortalContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[key] = first;
  }
  return fields;
}
