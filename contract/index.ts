/**
 * The ground floor: what the fixtures, the incident reporter, the runners and the probe exchange. It imports nothing
 * of the project but the flow registry, so every part can depend on it and it depends on none of them.
 */
export * from './annotations';
export * from './errors';
export * from './failures';
export * from './files';
export * from './paths';
export * from './schema';
export * from './secrets';
export * from './severity';
export * from './text';
export * from './traffic';
