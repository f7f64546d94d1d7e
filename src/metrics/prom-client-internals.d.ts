// prom-client's default metrics, one module each (CommonJS, no declarations of their own).
declare module 'prom-client/lib/metrics/*' {
  import type { Registry } from 'prom-client';
  const collect: (register: Registry, config: Record<string, unknown>) => void;
  export default collect;
}
