import { plantedConfig } from '../planted-run';

/** Two checks that meet the same 5xx behind passing assertions: one with the guard on, one with it switched off. */
export default plantedConfig();
