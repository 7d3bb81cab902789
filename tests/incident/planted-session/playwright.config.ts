import { plantedConfig } from '../planted-run';

/** The worker's signed-in member against a target (`BASE_URL`) whose sign-in keeps failing. */
export default plantedConfig({ baseURL: process.env.BASE_URL });
