import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { configSchema, SwitchyardError, type Config, type ConfigInput } from '../core/index.js';
import { defaultStateDir } from './paths.js';

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SwitchyardError('BAD_REQUEST', `cannot read config file ${file}: ${(err as Error).message}`);
  }
  try {
    return (file.endsWith('.toml') ? parseToml(text) : JSON.parse(text)) as Record<string, unknown>;
  } catch (err) {
    throw new SwitchyardError('BAD_REQUEST', `config file ${file} is not valid: ${(err as Error).message}`);
  }
}

function fromEnv(env: NodeJS.ProcessEnv): Partial<ConfigInput> {
  const out: Partial<ConfigInput> = {};
  if (env.SWITCHYARD_HOST) out.host = env.SWITCHYARD_HOST;
  if (env.SWITCHYARD_PORT) out.port = Number(env.SWITCHYARD_PORT);
  if (env.SWITCHYARD_STATE_DIR) out.stateDir = env.SWITCHYARD_STATE_DIR;
  if (env.SWITCHYARD_INSTANCE_ID) out.instanceId = env.SWITCHYARD_INSTANCE_ID;
  if (env.DATABASE_URL) out.databaseUrl = env.DATABASE_URL;
  if (env.SWITCHYARD_PUBLIC_URL) out.publicUrl = env.SWITCHYARD_PUBLIC_URL;
  if (env.SWITCHYARD_INGRESS_PORT) out.ingressPort = Number(env.SWITCHYARD_INGRESS_PORT);
  if (env.SWITCHYARD_LOG_LEVEL) out.logLevel = env.SWITCHYARD_LOG_LEVEL as ConfigInput['logLevel'];
  return out;
}

/** defaults ← file ← env ← flags, validated once and frozen. */
export function loadConfig(flags: Partial<ConfigInput> & { config?: string }, env = process.env): Config {
  const { config: file, ...flagValues } = flags;
  const defined = Object.fromEntries(Object.entries(flagValues).filter(([, v]) => v !== undefined));
  const merged = {
    stateDir: defaultStateDir(env),
    ...(file ? readConfigFile(file) : {}),
    ...fromEnv(env),
    ...defined,
  };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'config';
    throw new SwitchyardError('VALIDATION_FAILED', `invalid configuration: ${where}: ${issue?.message}`);
  }
  return Object.freeze(parsed.data);
}
