export { createUpstreams, type Upstreams, type UpstreamCall } from './pools.js';
export type { BufferedResponse } from './buffered.js';
export type { OpenStream, StreamEnd, StreamSink, StreamStart } from './streamed.js';
export { transportError, isAbort } from './transport-error.js';
