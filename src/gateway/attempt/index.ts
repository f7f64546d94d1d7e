import type { WireApi } from '../../core/index.js';
import type { Target } from '../routing/index.js';
import { nativeMessages } from './native-messages.js';
import { nativeResponses } from './native-responses.js';
import { passthroughChat } from './passthrough-chat.js';
import { translatedChat } from './translated-chat.js';
import type { AttemptFn } from './types.js';

export type { AttemptDeps, AttemptFn, AttemptResult } from './types.js';

/**
 * The seam where a request meets a target: which way of talking to it.
 * Native pass-throughs go first (one line each); translation is the default.
 */
export function chooseAttempt(api: WireApi, target: Target): AttemptFn {
  if (api === 'chat' && target.provider.type === 'openai-compatible') return passthroughChat;
  if (api === 'messages' && target.provider.type === 'anthropic') return nativeMessages;
  if (api === 'responses' && target.provider.type === 'openai-compatible' && target.provider.supportsResponses) return nativeResponses;
  return translatedChat;
}
