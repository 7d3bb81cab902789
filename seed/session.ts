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

/**
 * Signs a member in through the login form's own HTTP endpoint (the POST the page makes, with its CSRF token), checks
 * that the portal then knows the member (the home page offers to sign out), and returns the signed-in browser state. Plain fetch on purpose: the password stays out of Playwright traces.
 * Throws a message naming the step and what the server answered.
 */
export async function signInOverHttp(baseURL: string, email: string, password: string, headers: Record<string, string>): Promise<SessionState> {
  // A sign-in slower than a page budget counts as failed, as it would for a member.
  const timeout = () => AbortSignal.timeout(10_000);
  const loginUrl = `${baseURL}/anmelden`;
  const form = await fetch(loginUrl, { headers, signal: timeout() }).catch((error: Error) => {
    throw new Error(`Sign-in for the signed-in flows failed: GET ${loginUrl} did not answer (${error.message}).`);
  });
  const html = await form.text();
  if (!form.ok) throw new Error(`Sign-in for the signed-in flows failed: GET ${loginUrl} answered ${form.status}.`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const anonymous = cookiesOf(form);
  if (!csrf || anonymous.size === 0) throw new Error(`Sign-in for the signed-in flows failed: ${loginUrl} has no login form with a CSRF token.`);

  const cookie = [...anonymous].map(([name, value]) => `${name}=${value}`).join('; ');
  const answer = await fetch(loginUrl, {
    method: 'POST',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
    redirect: 'manual',
    signal: timeout(),
  }).catch((error: Error) => {
    throw new Error(`Sign-in for the signed-in flows failed: POST ${loginUrl} did not answer (${error.message}).`);
  });
  await answer.body?.cancel();
  const location = answer.headers.get('location') ?? '';
  if (answer.status !== 303 || !/\/mitglied$/.test(location)) {
    throw new Error(`Sign-in for the signed-in flows failed: POST ${loginUrl} answered ${answer.status}${location ? ` → ${location}` : ''}, expected 303 → /mitglied.`);
  }
  const signedIn = new Map([...anonymous, ...cookiesOf(answer)]);
  // A sign-in counts once the portal knows the member on the next page (its sign-out button), as a member would see.
  const homeUrl = `${baseURL}/`;
  const home = await fetch(homeUrl, { headers: { ...headers, cookie: [...signedIn].map(([name, value]) => `${name}=${value}`).join('; ') }, signal: timeout() }).catch((error: Error) => {
    throw new Error(`Sign-in for the signed-in flows failed: GET ${homeUrl} after signing in did not answer (${error.message}).`);
  });
  const homeHtml = await home.text();
  if (!home.ok || !/action="\/abmelden"/.test(homeHtml)) {
    throw new Error(`Sign-in for the signed-in flows failed: GET ${homeUrl} right after signing in answered ${home.status}${home.ok ? ' without the sign-out button: the portal does not recognise the session' : ''}.`);
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
