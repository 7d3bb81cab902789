import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export const ORGANISATION = 'Agrargenossenschaft Elbtal eG';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Who is looking at a page: decides the navigation and carries the CSRF token. */
export interface Viewer {
  signedIn: boolean;
  csrfToken: string | null;
}

/** The hidden CSRF field every form carries. */
export function csrfField(token: string | null): Html {
  return html`<input type="hidden" name="_csrf" value="${token ?? ''}">`;
}

/** The page frame: language, title, navigation and main content. */
export function layout(title: string, viewer: Viewer, body: Html, head: Html = html``): Html {
  const account = viewer.signedIn
    ? html`<li><form method="post" action="/abmelden" class="inline">${csrfField(viewer.csrfToken)}<button type="submit">Abmelden</button></form></li>`
    : html`<li><a href="/anmelden">Anmelden</a></li>`;
  return html`<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${ORGANISATION}</title>
<link rel="stylesheet" href="/static/portal.css">
${head}
</head>
<body>
<header>
<p class="brand">${ORGANISATION}</p>
<nav aria-label="Hauptnavigation">
<ul>
<li><a href="/">Startseite</a></li>
<li><a href="/wetter">Wetter</a></li>
<li><a href="/mitglied">Mitgliederbereich</a></li>
${account}
</ul>
</nav>
</header>
<main>
${body}
</main>
<footer><p>${ORGANISATION} · Genossenschaftsweg 1 · 01067 Dresden</p></footer>
</body>
</html>`;
}

/** A simple page with a heading and one message, used for errors. */
export function messagePage(title: string, viewer: Viewer, message: string, role: 'alert' | 'status' = 'alert'): Html {
  return layout(title, viewer, html`<h1>${title}</h1><p role="${role}">${message}</p><p><a href="/">Zur Startseite</a></p>`);
}
