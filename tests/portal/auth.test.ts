import { DEMO, Visitor, createMember, expect, test } from './portalServer';

const WRONG = '<p role="alert">E-Mail oder Passwort ist falsch.</p>';
const LOCKED = '<p role="alert">Ihr Zugang ist nach 5 Fehlversuchen für 15 Minuten gesperrt.</p>';

test('login form has the contract fields', async ({ running }) => {
  const visitor = new Visitor(running.url);
  const page = await visitor.get('/anmelden?weiter=/diesel');
  expect(page.status).toBe(200);
  expect(page.body_).toContain('<h1>Anmelden</h1>');
  expect(page.body_).toContain('<label for="email">E-Mail</label><input id="email" name="email" type="email" autocomplete="username"');
  expect(page.body_).toContain('<input id="password" name="password" type="password" autocomplete="current-password"');
  expect(page.body_).toContain('<input type="hidden" name="weiter" value="/diesel">');
  expect(page.body_).toContain('<button type="submit">Anmelden</button>');
  expect(page.headers.get('set-cookie')).toMatch(/portal_session=[\w-]{43}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Lax/);
});

test('login rotates the session and returns to the requested page', async ({ running }) => {
  const visitor = new Visitor(running.url);
  const gate = await visitor.get('/diesel');
  expect(gate.status).toBe(303);
  expect(gate.headers.get('location')).toBe('/anmelden?weiter=%2Fdiesel');
  await visitor.get('/anmelden?weiter=/diesel');
  const before = visitor.sessionCookie;
  const answer = await visitor.postForm('/anmelden', { email: DEMO.email, password: DEMO.password, weiter: '/diesel' });
  expect(answer.status).toBe(303);
  expect(answer.headers.get('location')).toBe('/diesel');
  expect(visitor.sessionCookie).not.toBe(before);
  const member = await visitor.get('/mitglied');
  expect(member.body_).toContain('<h1>Willkommen, Erika Mustermann</h1>');
});

test('login ignores a return path to another site', async ({ running }) => {
  const visitor = new Visitor(running.url);
  await visitor.get('/anmelden?weiter=//evil.example');
  expect(visitor.lastHtml).toContain('name="weiter" value=""');
  const answer = await visitor.postForm('/anmelden', { email: DEMO.email, password: DEMO.password, weiter: '//evil.example' });
  expect(answer.headers.get('location')).toBe('/mitglied');
});

test('wrong password answers 401 and keeps only the e-mail', async ({ running }) => {
  const visitor = new Visitor(running.url);
  const answer = await visitor.login(DEMO.email, 'falsch-geraten');
  expect(answer.status).toBe(401);
  expect(answer.body_).toContain(WRONG);
  expect(answer.body_).toContain(`value="${DEMO.email}"`);
  expect(answer.body_).not.toContain('falsch-geraten');
  expect((await new Visitor(running.url).login('niemand@example.test', 'x')).status).toBe(401);
});

test('five failed attempts lock the account, even for the right password', async ({ running }) => {
  const member = await createMember(running.url);
  const visitor = new Visitor(running.url);
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const answer = await visitor.login(member.email, `falsch-${attempt}`);
    expect(answer.status).toBe(401);
    expect(answer.body_).toContain(WRONG);
  }
  const locked = await visitor.login(member.email, member.password);
  expect(locked.status).toBe(423);
  expect(locked.body_).toContain(LOCKED);
});

test('a successful login resets the failure counter', async ({ running }) => {
  const member = await createMember(running.url);
  const visitor = new Visitor(running.url);
  for (let attempt = 1; attempt <= 4; attempt += 1) await visitor.login(member.email, 'falsch');
  expect((await visitor.login(member.email, member.password)).status).toBe(303);
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    expect((await new Visitor(running.url).login(member.email, 'falsch')).status).toBe(401);
  }
  expect((await new Visitor(running.url).login(member.email, member.password)).status).toBe(303);
});

test('form POSTs without or with a wrong CSRF token are refused with 403', async ({ running }) => {
  const visitor = new Visitor(running.url);
  await visitor.get('/anmelden');
  for (const token of [null, 'wrong-token']) {
    const answer = await visitor.postForm('/anmelden', { email: DEMO.email, password: DEMO.password }, token);
    expect(answer.status).toBe(403);
    expect(answer.body_).toContain('Sicherheitstoken ungültig. Bitte laden Sie die Seite neu.');
  }
  expect((await new Visitor(running.url).postForm('/anmelden', { email: DEMO.email, password: DEMO.password }, 'x')).status).toBe(403);

  await visitor.login(DEMO.email, DEMO.password);
  await visitor.get('/diesel');
  expect((await visitor.postForm('/diesel', { product: 'diesel' }, 'wrong-token')).status).toBe(403);
  expect((await visitor.postForm('/abmelden', {}, null)).status).toBe(403);
  expect((await visitor.get('/mitglied')).status).toBe(200);
});

test('logout ends the session on the server', async ({ running }) => {
  const visitor = new Visitor(running.url);
  await visitor.login(DEMO.email, DEMO.password);
  const page = await visitor.get('/mitglied');
  expect(page.body_).toContain('<form method="post" action="/abmelden" class="inline">');
  expect(page.body_).not.toContain('<a href="/anmelden">Anmelden</a>');
  const oldCookie = visitor.sessionCookie!;
  const answer = await visitor.postForm('/abmelden', {});
  expect(answer.status).toBe(303);
  expect(answer.headers.get('location')).toBe('/anmelden?abgemeldet=1');
  const notice = await visitor.get('/anmelden?abgemeldet=1');
  expect(notice.body_).toContain('<p role="status">Sie wurden abgemeldet.</p>');

  const replay = new Visitor(running.url);
  replay.useSessionCookie(oldCookie);
  const gate = await replay.get('/mitglied');
  expect(gate.status).toBe(303);
  expect(gate.headers.get('location')).toBe('/anmelden?weiter=%2Fmitglied');
});

test('signed-out visitors are sent to the login page', async ({ running }) => {
  const visitor = new Visitor(running.url);
  for (const path of ['/mitglied', '/diesel', '/diesel/bestaetigung/D-2026-100001']) {
    const answer = await visitor.get(path);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`/anmelden?weiter=${encodeURIComponent(path)}`);
  }
  await visitor.get('/anmelden');
  const cancel = await visitor.postForm('/bestellungen/D-2026-100001/stornieren', {});
  expect(cancel.status).toBe(303);
});
