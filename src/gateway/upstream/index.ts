export { createUpstreams, type Upstreams, type UpstreamCall } from './pools.js';
export { transportError, isAbort } from './transport-error.js';
