import { EventEmitter } from 'node:events';

/** What changed, so in-memory caches (keys, routes, tokens) can drop their copy. */
export type ChangeTopic = 'providers' | 'keys' | 'combos' | 'tokens' | 'settings';
export const CHANGE_TOPICS: readonly ChangeTopic[] = ['providers', 'keys', 'combos', 'tokens', 'settings'];

export interface ChangeBus {
  on(topic: ChangeTopic, fn: () => void): void;
  emit(topic: ChangeTopic): void;
}

export function createChangeBus(): ChangeBus {
  const ee = new EventEmitter();
  ee.setMaxListeners(100);
  return {
    on: (topic, fn) => void ee.on(topic, fn),
    emit: (topic) => void ee.emit(topic),
  };
}
