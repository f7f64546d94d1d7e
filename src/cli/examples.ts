/**
 * One example (or a few) per command, shown at the end of its `--help`. Kept in
 * one table keyed by the command's path so a test can walk the tree and find
 * any command without one; a group's help shows its commands' first examples.
 */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  '': ['switchyard start', 'switchyard connect gateway.example.com --name work', 'switchyard --server http://10.0.0.5:20128 --json models list'],
  start: ['switchyard start', 'switchyard start --host 0.0.0.0 --port 8080 --state-dir /var/lib/switchyard'],
  connect: [
    'switchyard connect gateway.example.com --name work',
    'switchyard connect https://gw.example.com --key sya_live_… --name ci',
    'echo "$PASSWORD" | switchyard connect 10.0.0.5 --password-stdin --scope read',
  ],
  'contexts list': ['switchyard contexts list'],
  'contexts use': ['switchyard contexts use work'],
  'contexts remove': ['switchyard contexts remove old-laptop'],
  'context current': ['switchyard context current'],
  whoami: ['switchyard whoami', 'switchyard --context work whoami --json'],
  'tokens create': ['switchyard tokens create --name grafana --scope read --expires 90'],
  'tokens list': ['switchyard tokens list'],
  'tokens revoke': ['switchyard tokens revoke sya_live_AbC1'],
  'tokens scopes': ['switchyard tokens scopes'],
  'models list': ['switchyard models list', 'switchyard models list --provider openai --json'],
  'providers list': ['switchyard providers list'],
  'providers add': [
    'switchyard providers add openai --api-key "$OPENAI_API_KEY"',
    'switchyard providers add local --base-url http://127.0.0.1:8000/v1',
  ],
  'providers remove': ['switchyard providers remove local'],
  'providers status': ['switchyard providers status'],
  'providers test': ['switchyard providers test openai'],
  'providers sync': ['switchyard providers sync', 'switchyard providers sync local'],
  'keys list': ['switchyard keys list'],
  'keys add': ['switchyard keys add --name codex --models openai/gpt-4.1,smart --daily-budget 5'],
  'keys revoke': ['switchyard keys revoke sk-sy-AbC1'],
  'combos list': ['switchyard combos list'],
  'combos add': ['switchyard combos add smart --strategy fallback --target anthropic/claude-sonnet-4 --target openai/gpt-4.1'],
  'combos remove': ['switchyard combos remove smart'],
  'config get': ['switchyard config get', 'switchyard config get requireLogin'],
  'config set': ['switchyard config set requireLogin false'],
  logs: ['switchyard logs --limit 20', 'switchyard logs --follow'],
  usage: ['switchyard usage --since 7d --by model'],
  cost: ['switchyard cost --since 30d'],
  'database export': ['switchyard database export --out backup.json'],
  'database import': ['switchyard database import backup.json'],
  'database wipe': ['switchyard database wipe --yes'],
  'configure codex': ['switchyard configure codex', 'switchyard configure codex --model openai/gpt-4.1 --name work'],
  'configure claude': ['switchyard configure claude --model anthropic/claude-sonnet-4'],
  'tunnels status': ['switchyard tunnels status'],
  'tunnels enable': ['switchyard tunnels enable cloudflared'],
  'tunnels disable': ['switchyard tunnels disable cloudflared'],
  'tunnels tailscale': ['switchyard tunnels tailscale install'],
  mcp: ['claude mcp add switchyard -- switchyard mcp', 'switchyard --context work mcp'],
  completion: ['switchyard completion bash > ~/.local/share/bash-completion/completions/switchyard', 'switchyard completion zsh > "${fpath[1]}/_switchyard"', 'switchyard completion fish > ~/.config/fish/completions/switchyard.fish'],
};

/** The help text block for `path`'s examples; for a group, its commands' first examples. */
export function examplesHelp(path: string): string {
  let lines = EXAMPLES[path];
  if (!lines) {
    const prefix = `${path} `;
    lines = Object.entries(EXAMPLES)
      .filter(([p]) => p.startsWith(prefix))
      .map(([, ex]) => ex[0] as string);
  }
  if (!lines.length) return '';
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
