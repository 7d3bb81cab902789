import { bodyExcerpt } from '../contract';
/** A browser storage state holding the portal's session cookie (the shape `browser.newContext({ storageState })` takes). */
export interface SessionState {
  cookies: {
    name: string;
    value: string;
    domain: string;
    path: string;
    expires: number;
    httpOnly: boolean;
    secure: boolean;
    sameSite: 'Strict' | 'Lax' | 'None';
  }[];
  origins: [];
}

/** The cookies a response sets, by name (attributes other than the value are the portal's fixed ones). */
function cookiesOf(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const index = pair?.indexOf('=') ?? -1;
    if (pair && index > 0) cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
  }
  return cookies;
}

/** The statuses by which a portal refuses credentials: wrong (401), forbidden (403), locked (423). */
const REFUSED_STATUSES = [401, 403, 423];

/**
 * Why a sign-in failed, naming the step and what the server answered; `timedOut` when the step ran out of budget;
 * `refused` when the portal refused the credentials, with its own words (its alert text on the login page).
 */
export class SignInError extends Error {
  readonly timedOut: boolean;
  constructor(
    message: string,
    cause?: Error,
    readonly refused?: { readonly status: number; readonly message: string },
  ) {
    super(message);
    this.timedOut = cause?.name === 'TimeoutError';
  }
}

/** The portal's own words on a refused sign-in: the login page's alert, else an excerpt of what it sent. */
function portalMessage(html: string): string {
  const alert = /<[^>]+role="alert"[^>]*>([\s\S]*?)<\//i.exec(html)?.[1];
  return bodyExcerpt(alert ?? html, 200);
}

/**
 * Signs a member in through the login form's own HTTP endpoint (the POST the page makes, with its CSRF token), checks
 * that the member then reaches member services (where the sign-in sends them), and returns the signed-in browser
 * state. Plain fetch on purpose: the password stays out of Playwright traces. Throws a `SignInError`.
 */
export async function signInOverHttp(
  baseURL: string,
  email: string,
  password: string,
  headers: Readonly<Record<string, string>>,
): Promise<SessionState> {
  const failed = (what: string) => `Sign-in for the signed-in flows failed: ${what}`;
  /** One step of the sign-in, with the budget a member would wait (a slower step counts as failed). */
  const send = (method: 'GET' | 'POST', url: string, init: RequestInit = {}) =>
    fetch(url, {
      ...init,
      method,
      headers: { ...headers, ...(init.headers as Record<string, string>) },
      signal: AbortSignal.timeout(10_000),
    }).catch((error: Error) => {
      throw new SignInError(failed(`${method} ${url} did not answer (${error.message}).`), error);
    });
  const cookieHeader = (cookies: Map<string, string>) => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');

  const loginUrl = `${baseURL}/anmelden`;
  const form = await send('GET', loginUrl);
  const html = await form.text();
  if (!form.ok) throw new SignInError(failed(`GET ${loginUrl} answered ${form.status}.`));
  // Credentials go to the target's own origin only: a login page served from elsewhere gets nothing filled in.
  if (new URL(form.url).origin !== new URL(baseURL).origin) {
    throw new SignInError(
      failed(`GET ${loginUrl} was redirected to another origin (${new URL(form.url).origin}); nothing was sent there.`),
    );
  }
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const anonymous = cookiesOf(form);
  if (!csrf || anonymous.size === 0) throw new SignInError(failed(`${loginUrl} has no login form with a CSRF token.`));

  const answer = await send('POST', loginUrl, {
    headers: { cookie: cookieHeader(anonymous), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
    redirect: 'manual',
  });
  if (REFUSED_STATUSES.includes(answer.status)) {
    const refused = { status: answer.status, message: portalMessage(await answer.text()) };
    throw new SignInError(
      failed(`POST ${loginUrl} answered ${answer.status}: the portal refused the credentials ("${refused.message}").`),
      undefined,
      refused,
    );
  }
  await answer.body?.cancel();
  const location = answer.headers.get('location') ?? '';
  if (answer.status !== 303 || !/\/mitglied$/.test(location)) {
    throw new SignInError(
      failed(`POST ${loginUrl} answered ${answer.status}${location ? ` → ${location}` : ''}, expected 303 → /mitglied.`),
    );
  }
  const signedIn = new Map([...anonymous, ...cookiesOf(answer)]);
  // A sign-in counts once the member reaches member services, where it sends them, within the same budget.
  const servicesUrl = `${baseURL}/mitglied`;
  const services = await send('GET', servicesUrl, { headers: { cookie: cookieHeader(signedIn) }, redirect: 'manual' });
  await services.body?.cancel();
  if (services.status !== 200) {
    const sentTo = services.headers.get('location');
    throw new SignInError(
      failed(
        `GET ${servicesUrl} right after signing in answered ${services.status}${sentTo ? ` → ${sentTo}: the portal does not recognise the session` : ''}.`,
      ),
    );
  }
  const { hostname, protocol } = new URL(baseURL);
  return {
    cookies: [...signedIn].map(([name, value]) => ({
      name,
      value,
      domain: hostname,
      path: '/',
      expires: -1,
      httpOnly: true,
      secure: protocol === 'https:',
      sameSite: 'Lax' as const,
    })),
    origins: [],
  };
}
