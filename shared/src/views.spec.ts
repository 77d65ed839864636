import { CreateViewRequestSchema, UpdateViewRequestSchema, VIEW_QUERY_MAX, viewNameProblem, viewQueryProblem } from './views.js';

const problems = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('a view query', () => {
  it('takes what the dashboard writes, empty included', () => {
    for (const q of ['', 'period=7d', 'period=custom&from=2026-01-01&to=2026-01-31&channel=sms&channel=whatsapp', 'groupBy=agent&sla=600&tz=Europe%2FBerlin', 'campaign=spring+sale%20%C3%A9'])
      expect(viewQueryProblem(q)).toBeNull();
  });

  it('refuses unknown parameters, naming them', () => {
    expect(viewQueryProblem('period=7d&utm_source=x')).toBe("has unknown parameter 'utm_source'");
    expect(viewQueryProblem('a=1&b=2&a=3')).toBe("has unknown parameters 'a', 'b'");
    expect(viewQueryProblem('__proto__=1')).toBe("has unknown parameter '__proto__'");
  });

  it("refuses what does not parse as a URL's query", () => {
    expect(viewQueryProblem('?period=7d')).toBe("must not start with '?'");
    expect(viewQueryProblem('period=7d#top')).toMatch(/URL-encoded/);
    expect(viewQueryProblem('period=7 d')).toMatch(/URL-encoded/);
    // Raw characters outside printable ASCII: the dashboard's URLs have them percent-encoded.
    expect(viewQueryProblem('campaign=spring\u00e9')).toMatch(/URL-encoded/);
    expect(viewQueryProblem('period=7d\ud800')).toMatch(/URL-encoded/);
    expect(viewQueryProblem('period=%zz')).toBe("has a '%' that is not a percent-escape");
    expect(viewQueryProblem('period=7d%')).toBe("has a '%' that is not a percent-escape");
    expect(viewQueryProblem('campaign=%C3')).toBe('has an escape that is not UTF-8');
  });

  it(`is at most ${VIEW_QUERY_MAX} characters`, () => {
    const q = `campaign=${'x'.repeat(VIEW_QUERY_MAX - 'campaign='.length)}`;
    expect(viewQueryProblem(q)).toBeNull();
    expect(viewQueryProblem(`${q}x`)).toBe(`must be at most ${VIEW_QUERY_MAX} characters`);
  });
});

describe('a view name', () => {
  it('is 1–80 characters (counted as a person sees them), no control characters, valid Unicode', () => {
    expect(viewNameProblem('')).toBe('must not be empty');
    expect(viewNameProblem('é'.repeat(80))).toBeNull();
    expect(viewNameProblem('😀'.repeat(80))).toBeNull();
    expect(viewNameProblem('x'.repeat(81))).toBe('must be at most 80 characters');
    expect(viewNameProblem('tab\there')).toBe('must not contain control characters');
    expect(viewNameProblem('bad \ud800')).toBe('must not contain unpaired surrogates (invalid Unicode)');
  });
});

describe('the request schemas', () => {
  it('trim the name, default the query and name every wrong field', () => {
    expect(CreateViewRequestSchema.parse({ name: '  Weekly  ', path: '/loyalty' })).toEqual({ name: 'Weekly', path: '/loyalty', query: '' });
    expect(problems(CreateViewRequestSchema.safeParse({ name: ' ', path: '/settings', query: 'x=1', more: true }))).toEqual([
      'name: must not be empty',
      expect.stringMatching(/^path: /),
      "query: has unknown parameter 'x'",
      ': Unrecognized key: "more"',
    ]);
  });

  it('take any one field to change, but not none', () => {
    expect(UpdateViewRequestSchema.parse({ name: 'New' })).toEqual({ name: 'New' });
    expect(UpdateViewRequestSchema.parse({ query: 'period=90d' })).toEqual({ query: 'period=90d' });
    expect(problems(UpdateViewRequestSchema.safeParse({}))).toEqual([': send at least one of name, path, query']);
  });
});
