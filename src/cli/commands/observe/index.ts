import type { CommandSpec } from '../../command-spec.js';

export const logsCommand: CommandSpec = {
  name: 'logs',
  description: 'recent requests, newest first (--follow to keep watching)',
  options: [
    { flags: '--follow', description: 'keep printing new requests as they arrive' },
    { flags: '--limit <n>', description: 'how many recent requests (default 50)' },
  ],
  load: () => import('./logs.js'),
};

export const usageCommand: CommandSpec = {
  name: 'usage',
  description: 'requests, tokens and cost grouped by key, model or provider',
  options: [
    { flags: '--since <duration>', description: 'e.g. 24h, 7d, 30d or an ISO date (default 7d)' },
    { flags: '--by <group>', description: 'key | model | provider (default model)' },
  ],
  load: () => import('./usage.js'),
};

export const costCommand: CommandSpec = {
  name: 'cost',
  description: 'spend by day and by model',
  options: [{ flags: '--since <duration>', description: 'e.g. 7d, 30d or an ISO date (default 30d)' }],
  load: () => import('./cost.js'),
};
