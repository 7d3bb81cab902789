import { fileURLToPath } from 'node:url';
import { ALLURE_CATEGORIES } from './allure-categories';

/**
 * Allure 3 configuration for `npm run report`: the Awesome report from reports/allure-results into
 * reports/allure-report, with firewatch's failure categories, as one `index.html` that opens from disk (file://, a CI
 * artifact, a mail attachment) and requests nothing from anyone: the plugin in incident/allure-offline.mjs is Awesome
 * with `singleFile` on and its Google Analytics taken out (Allure 3 has no setting for that). `output` is relative to the working
 * directory.
 */
export default {
  name: 'firewatch critical flows',
  output: 'reports/allure-report',
  categories: ALLURE_CATEGORIES,
  plugins: {
    awesome: {
      // Allure resolves a plugin by package name or absolute path, never relative to this file.
      import: fileURLToPath(new URL('allure-offline.mjs', import.meta.url)),
      options: { singleFile: true, reportName: 'firewatch critical flows' },
    },
  },
};
