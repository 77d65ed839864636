import { USAGE, UsageError, commandHelp, parseCommand, required } from './args.js';

const usageError = (argv: string[]) => {
  try {
    parseCommand(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`no UsageError for ${argv.join(' ')}`);
};

describe('parseCommand', () => {
  it('reads a command with its options and positionals', () => {
    expect(parseCommand(['keys', 'create', '--workspace', 'acme', '--scopes=ingest,read'])).toEqual({
      kind: 'run',
      command: 'keys create',
      positionals: [],
      values: { workspace: 'acme', scopes: 'ingest,read' },
    });
    expect(parseCommand(['import', 'events.ndjson', '--workspace', 'acme'])).toMatchObject({ command: 'import', positionals: ['events.ndjson'] });
    expect(parseCommand(['import', 'twitter-care', 'dev.json', '--workspace', 'a'])).toMatchObject({ command: 'import twitter-care', positionals: ['dev.json'] });
    expect(parseCommand(['users', 'list'])).toMatchObject({ command: 'users list', values: {} });
    expect(parseCommand(['users', 'reset-password', '--email', 'a@b.c'])).toMatchObject({ command: 'users reset-password', values: { email: 'a@b.c' } });
  });

  it('names a mistyped option and its command in one line', () => {
    expect(usageError(['keys', 'create', '--workspace', 'acme', '--foo'])).toBe('unknown option --foo for `keys create` (see parley keys create --help)');
    expect(usageError(['keys', 'create', '--scope=read'])).toBe('unknown option --scope for `keys create` (see parley keys create --help)');
    expect(usageError(['users', 'list', '-w', 'x'])).toBe('unknown option -w for `users list` (see parley users list --help)');
    expect(usageError(['keys', 'list', '--workspace'])).toBe('--workspace needs a value (see parley keys list --help)');
    expect(usageError(['keys', 'list', '--workspace', '--name', 'x'])).toMatch(/^--workspace needs a value/);
    for (const argv of [['keys', 'create', '--foo'], ['users', 'list', '--bar']]) expect(usageError(argv)).not.toMatch(/\n|Usage|positional/);
  });

  it('names an unknown command and what its group takes', () => {
    expect(usageError(['keys', 'make'])).toBe('unknown command `keys make`; keys takes create, list, revoke (see parley --help)');
    expect(usageError(['users'])).toBe('`users` needs one of: create, list, reset-password (see parley --help)');
    expect(usageError(['frobnicate'])).toBe('unknown command `frobnicate` (see parley --help)');
    expect(usageError(['--foo'])).toBe('unknown option --foo (see parley --help)');
  });

  it('no arguments: the usage with exit code 2; help: the usage (or one command) with 0', () => {
    expect(parseCommand([])).toEqual({ kind: 'usage', text: USAGE, exitCode: 2 });
    expect(parseCommand(['--help'])).toEqual({ kind: 'usage', text: USAGE, exitCode: 0 });
    expect(parseCommand(['help'])).toEqual({ kind: 'usage', text: USAGE, exitCode: 0 });
    const help = parseCommand(['keys', 'create', '--help']);
    expect(help).toEqual({ kind: 'usage', text: commandHelp('keys create'), exitCode: 0 });
    expect(commandHelp('keys create')).toMatch(/^Usage: npm run parley -- keys create --workspace <name> --scopes ingest,read/);
    expect(commandHelp('keys create')).toMatch(/the key is the last line printed/);
    // --help wins over a mistake in the same line.
    expect(parseCommand(['users', 'reset-password', '--nope', '-h'])).toMatchObject({ kind: 'usage', exitCode: 0 });
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' });
  });

  it('the usage lists every command, lines within 100 characters', () => {
    for (const c of ['users list', 'users reset-password', 'keys create', 'import chatwoot', 'connectors replay']) expect(USAGE).toContain(`  ${c}`);
    for (const line of USAGE.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });

  it('required names the missing option and where to read about it', () => {
    expect(() => required({}, 'workspace', 'keys list')).toThrow('--workspace is required for `keys list` (see parley keys list --help)');
    expect(required({ workspace: 'a' }, 'workspace', 'keys list')).toBe('a');
  });
});
