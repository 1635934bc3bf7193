// The campaign domain: settings, X rules, qualification, running averages, variants, stats.
export * from './schema';
export * from './rules';
export * from './qualify';
export * from './running';
export * from './profile';
export * from './stats';
export * from './decide';
