import { z } from 'zod';

/**
 * The server's configuration: one schema, merged once at start from
 * defaults ← config file ← environment ← flags, then frozen.
 */
export const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(20128),
    stateDir: z.string().min(1),
    instanceId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'instance id: letters, digits, dot, dash, underscore')
      .default('default'),
    databaseUrl: z.string().optional(),
    publicUrl: z.url().optional(),
    /** The tunnel ingress listener's port on 127.0.0.1; absent → kept in the instance directory. */
    ingressPort: z.number().int().min(1).max(65535).optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Largest request body accepted on /v1 and /api, in bytes. */
    bodyLimitBytes: z.number().int().positive().default(8 * 1024 * 1024),
    upstream: z
      .object({
        connectTimeoutMs: z.number().int().positive().default(10_000),
        headersTimeoutMs: z.number().int().positive().default(120_000),
        bodyTimeoutMs: z.number().int().positive().default(300_000),
        /** Largest upstream answer buffered whole (non-stream) or translated (stream); past it, 502. */
        maxResponseBytes: z.number().int().positive().default(32 * 1024 * 1024),
      })
      .prefault({}),
    /** Client-side socket limits (#20 item 4): nothing may hold a socket for ever. */
    server: z
      .object({
        /** Time to receive a request's headers. */
        headersTimeoutMs: z.number().int().positive().default(30_000),
        /** Time to receive a whole request, headers and body (not the answer: streams run as long as they need). */
        requestTimeoutMs: z.number().int().positive().default(60_000),
        /** How long a kept-alive connection may sit idle between requests. */
        idleTimeoutMs: z.number().int().positive().default(65_000),
        /** Connections that have not yet sent one complete request; past it new ones are closed at once. */
        maxPendingConnections: z.number().int().positive().default(512),
      })
      .prefault({}),
    /** Stored Responses API responses (`store: true`, `previous_response_id`, GET/DELETE /v1/responses/{id}). */
    responses: z
      .object({
        /** How long a stored response can be read or continued. */
        storeTtlMs: z.number().int().positive().default(24 * 60 * 60 * 1000),
        /** Largest stored response (input items, output and response object); past it, answered but not kept. */
        storeMaxBytes: z.number().int().positive().default(4 * 1024 * 1024),
      })
      .prefault({}),
    /** How often batched usage rows are written. */
    usageFlushMs: z.number().int().positive().default(1000),
    /** Origins allowed by CORS on /api and /v1; none by default. */
    corsOrigins: z.array(z.string()).default([]),
    /** Allow provider base URLs in link-local ranges (cloud metadata). */
    allowLinkLocalProviders: z.boolean().default(false),
    /** Drain time for in-flight streams on shutdown. */
    shutdownGraceMs: z.number().int().nonnegative().default(10_000),
    /**
     * On SIGTERM, /api/ready answers 503 at once and new requests are still served this long, so a load
     * balancer moves traffic away before the listener closes. Default: 2000 with databaseUrl, else 0.
     */
    drainDelayMs: z.number().int().nonnegative().max(120_000).optional(),
  })
  .strict();

export type Config = Readonly<z.infer<typeof configSchema>>;
export type ConfigInput = z.input<typeof configSchema>;
