/**
 * The CLI's commands, their options and help, and how argv becomes one of them: pure (no
 * database, no files), so the rules are unit-tested (args.spec.ts) and the mistakes fail before
 * anything starts.
 */
import { parseArgs } from 'node:util';

/** A mistake in how the CLI was called: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/** Something the command was pointed at does not exist (a file, a folder): exit code 1, not a usage error. */
export class MissingPath extends Error {
  constructor(readonly path: string) {
    super(`no such file: ${path}`);
  }
}

interface CommandSpec {
  /** Options that take a value (--name value or --name=value). */
  options: readonly string[];
  /** The synopsis line(s) and what it does, as the usage lists them. */
  synopsis: string;
  summary: string;
}

const COMMANDS = {
  'workspace create': { options: ['tz'], synopsis: 'workspace create <name> [--tz <IANA zone>]', summary: 'create a workspace (time zone default UTC)' },
  'workspace list': { options: [], synopsis: 'workspace list', summary: 'list workspaces' },
  'keys create': {
    options: ['workspace', 'scopes', 'name'],
    synopsis: 'keys create --workspace <name> --scopes ingest,read [--name <label>]',
    summary: 'create an API key; the key is the last line printed (audit lines go to stderr before it)',
  },
  'keys list': { options: ['workspace'], synopsis: 'keys list --workspace <name>', summary: "list a workspace's keys (prefixes only)" },
  'keys revoke': { options: ['workspace'], synopsis: 'keys revoke --workspace <name> <key or prefix>', summary: 'revoke a key' },
  'facts rebuild': {
    options: ['workspace', 'jobs'],
    synopsis: 'facts rebuild [--workspace <name>] [--jobs <n>]',
    summary: 'derive conversation facts again from the stored events; every workspace, --jobs at once (default 2, 1 to 16; the embedded database runs one)',
  },
  'users create': {
    options: ['workspace', 'email', 'role', 'password'],
    synopsis: 'users create --workspace <name> --email <email> --role admin|member [--password <password>]',
    summary: 'create a user (asks for the password on a terminal)',
  },
  'users list': { options: ['workspace'], synopsis: 'users list [--workspace <name>]', summary: 'list users: email, role, workspace, created (never passwords)' },
  'users reset-password': {
    options: ['email', 'password'],
    synopsis: 'users reset-password --email <email> [--password <password>]',
    summary: "set a user's password (a generated one is printed when none is given) and end their sessions",
  },
  'demo seed': { options: ['workspace', 'days'], synopsis: 'demo seed --workspace <name> [--days 90]', summary: 'add generated demo data (days up to now)' },
  'import twitter-care': { options: ['workspace'], synopsis: 'import twitter-care <file.json> --workspace <name>', summary: 'import the IBM Twitter customer-care dataset' },
  'import chatwoot': {
    options: ['workspace', 'connection', 'url', 'account', 'token', 'checkpoint'],
    synopsis: 'import chatwoot --workspace <name> --connection <id> --url <https://chatwoot…> --account <id> --token <token>',
    summary:
      "load a Chatwoot account's past conversations through its REST API into a chatwoot connection (same ids as its webhooks); the token may come from CHATWOOT_API_TOKEN; resumable (--checkpoint <file>), idempotent",
  },
  import: {
    options: ['workspace', 'format'],
    synopsis: 'import <file> --workspace <name> [--format ndjson|csv]',
    summary: 'import events (NDJSON, or CSV as /exports/events.csv writes it); resumable, idempotent',
  },
  'connectors replay': {
    options: ['connection', 'url'],
    synopsis: 'connectors replay <dir> --connection <id> [--url <server>]',
    summary: "send every payload file of <dir> (by name) to the connection's webhook, signed as its platform signs; prints each answer (default server: HOST and PORT)",
  },
} as const satisfies Record<string, CommandSpec>;

export type Command = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as Command[];

const FOOTER = 'Uses DATABASE_URL when set, else the embedded database in PARLEY_DATA_DIR (default ./data).';

/** `text` wrapped to lines of at most `width` characters (at spaces). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** A command's entry in the usage: the synopsis, then what it does, indented. */
function entry(command: Command): string {
  const { synopsis, summary } = COMMANDS[command] as CommandSpec;
  return [`  ${synopsis}`, ...wrap(summary, 72).map((l) => `      ${l}`)].join('\n');
}

export const USAGE = [`Usage: npm run parley -- <command> (parley <command> --help for one command)`, '', ...COMMAND_NAMES.map(entry), '', FOOTER].join('\n');

/** The help of one command: its synopsis, what it does, and where its database is. */
export const commandHelp = (command: Command) => [`Usage: npm run parley -- ${(COMMANDS[command] as CommandSpec).synopsis}`, '', ...wrap((COMMANDS[command] as CommandSpec).summary, 78), '', FOOTER].join('\n');

export type Parsed =
  | { kind: 'usage'; text: string; exitCode: 0 | 2 }
  | { kind: 'version' }
  | { kind: 'run'; command: Command; positionals: string[]; values: Record<string, string | undefined> };

/** The command argv names: `import <file>` has no action word; `import twitter-care <file>` has one. */
function commandOf(argv: string[]): { command: string; rest: string[] } {
  const [group, action, ...rest] = argv;
  if (group === 'import' && action !== 'twitter-care' && action !== 'chatwoot') return { command: 'import', rest: argv.slice(1) };
  if (action === undefined || action.startsWith('-')) return { command: group, rest: argv.slice(1) };
  return { command: `${group} ${action}`, rest };
}

/**
 * argv → what to do. No arguments: the usage, exit 2 (nothing was done). `--help` anywhere after a
 * known command: that command's help. A mistyped option or command: a UsageError of one line
 * pointing at the help.
 */
export function parseCommand(argv: string[]): Parsed {
  if (argv.length === 0) return { kind: 'usage', text: USAGE, exitCode: 2 };
  const [first] = argv;
  if (first === 'help' || first === '--help' || first === '-h') return { kind: 'usage', text: USAGE, exitCode: 0 };
  if (first === '--version') return { kind: 'version' };
  const { command, rest } = commandOf(argv);
  if (!(command in COMMANDS)) {
    const group = command.split(' ')[0];
    const known = COMMAND_NAMES.filter((c) => c.split(' ')[0] === group);
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first.split('=')[0]} (see parley --help)`);
    const actions = known.map((c) => c.slice(group.length + 1) || '<file>').join(', ');
    if (!known.length) throw new UsageError(`unknown command \`${command}\` (see parley --help)`);
    throw new UsageError(command === group ? `\`${group}\` needs one of: ${actions} (see parley --help)` : `unknown command \`${command}\`; ${group} takes ${actions} (see parley --help)`);
  }
  const name = command as Command;
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'usage', text: commandHelp(name), exitCode: 0 };
  const options = Object.fromEntries((COMMANDS[name] as CommandSpec).options.map((o) => [o, { type: 'string' as const }]));
  try {
    const { positionals, values } = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    return { kind: 'run', command: name, positionals, values: values as Record<string, string | undefined> };
  } catch (err) {
    throw new UsageError(optionProblem(err as Error & { code?: string }, rest, name));
  }
}

/** parseArgs's complaint as one line naming the option and the command. */
function optionProblem(err: Error & { code?: string }, rest: string[], command: Command): string {
  const see = `(see parley ${command} --help)`;
  // parseArgs quotes the option first: 'Unknown option '--foo'…', 'Option '--workspace <value>' argument missing'.
  const option = /'(-[^' =]*)/.exec(err.message)?.[1] ?? rest.find((a) => a.startsWith('-')) ?? '?';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} for \`${command}\` ${see}`;
  // "--workspace" with nothing after it, or another option after it.
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${option} needs a value ${see}`;
  return `${err.message.split(/\.\s/)[0]} ${see}`;
}

/** Fails with a UsageError when an option is missing. */
export function required(values: Record<string, string | undefined>, name: string, command: Command): string {
  const v = values[name];
  if (!v) throw new UsageError(`--${name} is required for \`${command}\` (see parley ${command} --help)`);
  return v;
}
