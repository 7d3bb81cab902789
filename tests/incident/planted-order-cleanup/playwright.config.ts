import { plantedConfig } from '../planted-run';

/** A passing order check whose order cannot be cancelled afterwards: the incident reporter must warn, not fail a flow. */
export default plantedConfig({ baseURL: 'http://portal.invalid' });
