import { ALLURE_CATEGORIES } from './allure-categories';

/**
 * Allure 3 configuration for `npm run report`: the Awesome report from reports/allure-results into
 * reports/allure-report, with firewatch's failure categories. Paths are relative to the working directory.
 */
export default {
  name: 'firewatch critical flows',
  output: 'reports/allure-report',
  categories: ALLURE_CATEGORIES,
};
