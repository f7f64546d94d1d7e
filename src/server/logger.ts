import { pino, type Logger } from 'pino';
import type { Config } from '../core/index.js';

export type { Logger };

/** Structured JSON logs on stdout; secrets are redacted by path as a second line of defence. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: undefined,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["x-switchyard-cli-token"]', 'req.headers.cookie', 'password', '*.password', 'apiKey', '*.apiKey'],
      censor: '[redacted]',
    },
  });
}
