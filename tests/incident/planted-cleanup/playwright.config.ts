import { plantedConfig } from '../planted-run';

/** A passing run whose worker-level clean-up fails: the incident reporter must warn, not fail a flow. */
export default plantedConfig();
