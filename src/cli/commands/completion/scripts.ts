/**
 * Shell completion scripts generated from the live command tree, so a new
 * command or option completes without touching this file. Each script finds
 * the command path typed so far (words that name a subcommand of the path
 * before them; options and their values are skipped), then offers that
 * path's subcommands, or its options plus the global ones after a `-`.
 */
import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Node {
  path: string;
  description: string;
  subcommands: { name: string; description: string }[];
  options: { long: string; takesValue: boolean; description: string }[];
}

function walk(cmd: Command, path: string, out: Node[]): Node[] {
  const subs = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  out.push({
    path,
    description: cmd.description(),
    subcommands: subs.map((c) => ({ name: c.name(), description: c.description() })),
    options: cmd.options.filter((o) => o.long).map((o) => ({ long: o.long as string, takesValue: o.required || o.optional, description: o.description })),
  });
  for (const c of subs) walk(c, path ? `${path} ${c.name()}` : c.name(), out);
  return out;
}

/** A word list for a shell's `case`/`switch`: only [a-z0-9-] survives, so nothing needs quoting. */
const words = (list: string[]) => list.filter((w) => /^[A-Za-z0-9][A-Za-z0-9-]*$/.test(w)).join(' ');
const longs = (list: string[]) => list.filter((w) => /^--[a-z0-9][a-z0-9-]*$/.test(w)).join(' ');

function shCases(nodes: Node[], pick: (n: Node) => string): string {
  return nodes.map((n) => `    "${n.path}") echo "${pick(n)}" ;;`).join('\n');
}

function shFunctions(name: string, nodes: Node[], globals: string[]): string {
  return `_${name}_subs() {
  case "$1" in
${shCases(nodes, (n) => words(n.subcommands.map((s) => s.name)))}
  esac
}
_${name}_opts() {
  case "$1" in
${shCases(nodes, (n) => longs([...n.options.map((o) => o.long), '--help']))}
  esac
  echo "${longs(globals)}"
}
# The command path typed before the word being completed.
_${name}_path() {
  local sy_path="" w subs
  for w in "$@"; do
    case "$w" in -*) continue ;; esac
    subs=" $(_${name}_subs "$sy_path") "
    case "$subs" in *" $w "*) sy_path="\${sy_path:+$sy_path }$w" ;; esac
  done
  echo "$sy_path"
}`;
}

function bash(name: string, nodes: Node[], globals: string[]): string {
  return `# bash completion for ${name}; install: ${name} completion bash > ~/.local/share/bash-completion/completions/${name}
${shFunctions(name, nodes, globals)}
_${name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local sy_path
  sy_path="$(_${name}_path "\${COMP_WORDS[@]:1:COMP_CWORD-1}")"
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_${name}_opts "$sy_path")" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$(_${name}_subs "$sy_path")" -- "$cur")
  fi
}
complete -o default -F _${name} ${name}
`;
}

function zsh(name: string, nodes: Node[], globals: string[]): string {
  // \`path\` is zsh's PATH array: the helpers use sy_path.
  return `#compdef ${name}
# zsh completion for ${name}; install: ${name} completion zsh > "\${fpath[1]}/_${name}" (or source it)
${shFunctions(name, nodes, globals)}
_${name}() {
  local sy_path
  sy_path="$(_${name}_path "\${(@)words[2,CURRENT-1]}")"
  if [[ "\${words[CURRENT]}" == -* ]]; then
    compadd -- \${=$(_${name}_opts "$sy_path")}
  else
    compadd -- \${=$(_${name}_subs "$sy_path")}
  fi
}
if [[ "\${funcstack[1]}" == "_${name}" ]]; then
  _${name} "$@"
else
  compdef _${name} ${name}
fi
`;
}

const fishQuote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fish(name: string, nodes: Node[], globals: { long: string; takesValue: boolean; description: string }[]): string {
  const lines = [
    `# fish completion for ${name}; install: ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    `function __${name}_subs`,
    '    switch "$argv[1]"',
    ...nodes.flatMap((n) => [`        case ${fishQuote(n.path)}`, `            echo ${words(n.subcommands.map((s) => s.name)) || "''"}`]),
    '    end',
    'end',
    `function __${name}_at`,
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    "    set -l p ''",
    '    for w in $words',
    "        string match -q -- '-*' $w; and continue",
    `        if contains -- $w (string split ' ' -- (__${name}_subs "$p"))`,
    '            if test -z "$p"; set p $w; else; set p "$p $w"; end',
    '        end',
    '    end',
    '    test "$p" = "$argv[1]"',
    'end',
    `complete -c ${name} -f`,
  ];
  for (const n of nodes) {
    const at = fishQuote(`__${name}_at ${fishQuote(n.path)}`);
    for (const s of n.subcommands) lines.push(`complete -c ${name} -n ${at} -a ${fishQuote(s.name)} -d ${fishQuote(s.description)}`);
    for (const o of n.options) lines.push(`complete -c ${name} -n ${at} -l ${o.long.slice(2)}${o.takesValue ? ' -r' : ''} -d ${fishQuote(o.description)}`);
  }
  for (const o of globals) lines.push(`complete -c ${name} -l ${o.long.slice(2)}${o.takesValue ? ' -r' : ''} -d ${fishQuote(o.description)}`);
  return lines.join('\n') + '\n';
}

export function completionScript(program: Command, shell: Shell): string {
  const name = program.name();
  const nodes = walk(program, '', []);
  const root = nodes[0] as Node;
  // The program's own options are the global ones (--server, --json, …): offered at every depth.
  const globals = root.options;
  const inner = nodes.map((n) => (n === root ? { ...n, options: [] } : n));
  if (shell === 'bash') return bash(name, inner, globals.map((o) => o.long));
  if (shell === 'zsh') return zsh(name, inner, globals.map((o) => o.long));
  return fish(name, inner, globals);
}
