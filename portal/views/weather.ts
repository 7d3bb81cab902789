import { html } from 'hono/html';
import { formatCelsius, formatDate, formatDateTime, formatKmh, formatMillimetres } from '../format';
import type { WeatherSnapshot } from '../weather';
import { layout, type Html, type Viewer } from './layout';

function postcodeForm(postcode: string): Html {
  return html`<form method="get" action="/wetter">
<div class="field"><label for="plz">Postleitzahl</label><input id="plz" name="plz" inputmode="numeric" value="${postcode}"></div>
<button type="submit">Anzeigen</button>
</form>`;
}

/** Weather page: current values and a five-day forecast for one postcode. */
export function weatherPage(viewer: Viewer, postcode: string, weather: WeatherSnapshot): Html {
  const rows = weather.forecast.map(
    (day) =>
      html`<tr><td>${formatDate(day.date)}</td><td>${formatCelsius(day.minC)}</td><td>${formatCelsius(day.maxC)}</td><td>${formatMillimetres(day.precipitationMm)}</td></tr>`,
  );
  return layout(
    'Wetter',
    viewer,
    html`<h1>Wetter</h1>
${postcodeForm(postcode)}
<h2>Wetter für ${postcode} (${weather.regionName})</h2>
<dl>
<dt>Temperatur</dt><dd data-testid="weather-temperature">${formatCelsius(weather.current.temperatureC)}</dd>
<dt>Wind</dt><dd data-testid="weather-wind">${formatKmh(weather.current.windKmh)}</dd>
<dt>Niederschlag</dt><dd data-testid="weather-precipitation">${formatMillimetres(weather.current.precipitationMm)}</dd>
</dl>
<p>Stand: <time data-testid="weather-as-of" datetime="${weather.asOf.toISOString()}">${formatDateTime(weather.asOf)}</time></p>
<table aria-label="5-Tage-Vorhersage">
<thead><tr><th scope="col">Tag</th><th scope="col">Tiefstwert</th><th scope="col">Höchstwert</th><th scope="col">Niederschlag</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
  );
}

/** Weather page variant with an alert instead of data (bad postcode, feed down). */
export function weatherErrorPage(viewer: Viewer, postcode: string, message: string): Html {
  return layout(
    'Wetter',
    viewer,
    html`<h1>Wetter</h1>
${postcodeForm(postcode)}
<p role="alert">${message}</p>`,
  );
}
