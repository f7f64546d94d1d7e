export { startServer, type RunningServer } from './start.js';
export { loadConfig } from './load-config.js';
export { defaultStateDir, switchyardHome, instanceDir } from './paths.js';
