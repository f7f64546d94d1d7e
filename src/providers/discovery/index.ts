export { discoverModels, type Discovery, type DiscoverTarget } from './discover-models.js';
export { parseModelPage, type ModelPage } from './parse-model-list.js';
