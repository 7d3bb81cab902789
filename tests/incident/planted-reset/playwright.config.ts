import { plantedConfig } from '../planted-run';

/** Server calls to a target (`BASE_URL`) that drops the first connection of every call it sees. */
export default plantedConfig({ baseURL: process.env.BASE_URL });
