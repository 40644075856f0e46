/**
 * `tuike completion bash|zsh|fish`: a shell completion script made from the command tree itself,
 * so a new command or flag completes without anyone editing a script.
 * @module
 */
import { Command, InvalidArgumentError } from 'commander'

interface Node {
  /** Command path below `tuike`: `orders search`. */
  path: string
  subcommands: { name: string; description: string }[]
  options: { flag: string; description: string }[]
}

function walk(cmd: Command, path: string[] = [], out: Node[] = []): Node[] {
  out.push({
    path: path.join(' '),
    subcommands: cmd.commands.map((c) => ({ name: c.name(), description: c.description() })),
    options: [
      ...cmd.options.map((o) => ({ flag: o.long ?? '', description: o.description })),
      { flag: '--help', description: 'show help' },
    ].filter((o) => o.flag),
  })
  for (const c of cmd.commands) walk(c, [...path, c.name()], out)
  return out
}

/** Words to offer after each command path; a case arm per path. */
function bash(nodes: Node[]): string {
  const arms = nodes
    .map((n) => {
      const words = [...n.subcommands.map((s) => s.name), ...n.options.map((o) => o.flag)]
      return `    "${n.path}") words="${words.join(' ')}" ;;`
    })
    .join('\n')
  return `# tuike completion for bash: eval "$(tuike completion bash)" (e.g. in ~/.bashrc)
_tuike() {
  # $sofar, not $path (zsh ties path to PATH); $((…)) because zsh reads :C as a modifier.
  local cur=\${COMP_WORDS[COMP_CWORD]} sofar="" w words=""
  local paths="|${nodes.map((n) => n.path).join('|')}|"
  # The command path: the words that name a (sub)command; option values and arguments are not.
  for w in "\${COMP_WORDS[@]:1:$((COMP_CWORD - 1))}"; do
    [[ $paths == *"|\${sofar:+$sofar }$w|"* ]] && sofar="\${sofar:+$sofar }$w"
  done
  case "$sofar" in
${arms}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _tuike tuike
`
}

const fishQuote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

function fish(nodes: Node[]): string {
  const lines = [
    '# tuike completion for fish: tuike completion fish > ~/.config/fish/completions/tuike.fish',
    'complete -c tuike -f',
  ]
  for (const n of nodes) {
    const words = n.path ? n.path.split(' ') : []
    const cond = words.length
      ? words.map((w) => `__fish_seen_subcommand_from ${w}`).join('; and ')
      : '__fish_use_subcommand'
    for (const s of n.subcommands)
      lines.push(
        `complete -c tuike -n ${fishQuote(cond)} -a ${s.name} -d ${fishQuote(s.description)}`,
      )
    if (n.subcommands.length === 0 && words.length)
      for (const o of n.options)
        lines.push(
          `complete -c tuike -n ${fishQuote(cond)} -l ${o.flag.slice(2)} -d ${fishQuote(o.description)}`,
        )
  }
  return `${lines.join('\n')}\n`
}

export function completionCommand(program: Command): Command {
  return new Command('completion')
    .description('Print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish', (v: string) => {
      if (!['bash', 'zsh', 'fish'].includes(v))
        throw new InvalidArgumentError(`unknown shell "${v}"; valid: bash, zsh, fish`)
      return v
    })
    .addHelpText(
      'after',
      `
Examples:
  $ eval "$(tuike completion bash)"          # add to ~/.bashrc
  $ eval "$(tuike completion zsh)"           # add to ~/.zshrc
  $ tuike completion fish > ~/.config/fish/completions/tuike.fish`,
    )
    .action((shell: string) => {
      const nodes = walk(program)
      const script =
        shell === 'fish'
          ? fish(nodes)
          : shell === 'zsh'
            ? // zsh runs the bash function through its bash-completion layer.
              `autoload -U +X bashcompinit && bashcompinit\n${bash(nodes)}`
            : bash(nodes)
      process.stdout.write(script)
    })
}
