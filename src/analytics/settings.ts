// Analytics settings: read and validated in src/config.ts with every other variable.
export { loadAnalyticsSettings, type AnalyticsSettings } from '../config';
