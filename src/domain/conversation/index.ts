// The outreach conversation's pure logic: settings, reply classification, templates, decisions.
export * from './settings';
export * from './classify';
export * from './templates';
export * from './machine';
export * from './queue';
