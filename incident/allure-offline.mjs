// @ts-check
import AwesomePlugin from '@allurereport/plugin-awesome';

/**
 * Allure 3's Awesome report as one file that opens from disk and sends nothing anywhere (incident/allurerc.ts uses it
 * in place of the plain `awesome` plugin; README: Reports).
 *  - `singleFile: true` always: scripts, styles and the report data are inlined in `index.html`. The default multi-file
 *    report fetches its data at view time, which a browser refuses for file:// pages, so it shows only a spinner.
 *  - Google Analytics removed: Awesome 3.18 writes a googletagmanager.com script into every report and has no setting to
 *    leave it out (allure-framework/allure3#476; Allure 2's ALLURE_NO_ANALYTICS only reaches the allure2 plugin).
 *    The page is rewritten on its way to disk; when anything remote is left in it (a changed Allure template), no
 *    index.html is written and Allure prints the error naming this file, rather than ship a report that calls out.
 * Allure loads plugins with Node's plain `import`, so this one is JavaScript.
 */

/** Awesome's analytics block: the gtag.js loader and the inline script that configures it. */
const ANALYTICS =
  /\s*<script\b[^>]*\bsrc="https:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*>\s*<\/script>\s*<script>(?:(?!<\/script>)[\s\S])*?\bgtag\((?:(?!<\/script>)[\s\S])*<\/script>/g;

/** What may not remain in the page: analytics, or a script, style sheet, font or image loaded from the network. */
const REMOTE = [
  /googletagmanager|google-analytics|\bgtag\(/,
  /<(?:script|img|iframe|source)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//i,
  /<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\//i,
];

/**
 * The report page without Allure's analytics; throws when something remote is still in it.
 * @param {string} html
 * @returns {string}
 */
export function withoutAnalytics(html) {
  const cleaned = html.replace(ANALYTICS, '');
  // Only the page's own markup: the inlined report data (base64 and JSON) may quote URLs, which nothing loads.
  const markup = cleaned.replace(/<script>(?:(?!<\/script>)[\s\S])*<\/script>/g, '').replace(/"data:[^"]*"/g, '""');
  const remote = REMOTE.find((pattern) => pattern.test(markup));
  if (remote) {
    const at = markup.search(remote);
    throw new Error(
      `Allure report: index.html would still load something from the network (${JSON.stringify(markup.slice(at, at + 120))}); ` +
        'the Awesome template has changed, see incident/allure-offline.mjs.',
    );
  }
  return cleaned;
}

/**
 * The plugin context with a report-files writer that cleans `index.html` on its way to disk.
 * @param {import('@allurereport/plugin-api').PluginContext} context
 * @returns {import('@allurereport/plugin-api').PluginContext}
 */
function offline(context) {
  const files = context.reportFiles;
  return {
    ...context,
    reportFiles: {
      addFile: (key, data) =>
        files.addFile(key, key === 'index.html' ? Buffer.from(withoutAnalytics(data.toString('utf8')), 'utf8') : data),
    },
  };
}

export default class OfflineAwesomePlugin extends AwesomePlugin {
  /** @param {import('@allurereport/plugin-awesome/dist/model.js').AwesomeOptions} [options] */
  constructor(options = {}) {
    super({ ...options, singleFile: true });
    // Awesome's lifecycle methods are instance fields, so they are wrapped here rather than overridden.
    const { start, update, done } = this;
    this.start = (context) => start(offline(context));
    this.update = (context, store) => update(offline(context), store);
    this.done = (context, store) => done(offline(context), store);
  }
}
