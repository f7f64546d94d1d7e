export { createDashboardHandler, DASHBOARD_PREFIX, isDashboardPath } from './serve.js';
export { defaultDashboardDir } from './assets.js';
export { DASHBOARD_CSP, SECURITY_HEADERS } from './headers.js';
