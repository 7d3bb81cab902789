import { plantedConfig } from '../planted-run';

/** A check whose failure carries what a hostile target answered, as Playwright's list reporter prints it. */
export default { ...plantedConfig(), reporter: [['list']] };
