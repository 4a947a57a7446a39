import { cacheParses, type ExpressionParser, type ParseContext } from './expression-cache';

// Fresh copies of dynalite's parsers: one cached, one not, compared on the same requests. Jest keeps
// its own module registry (require.cache is not it), so each copy is loaded in isolation.
function load(name: string): ExpressionParser {
  let parser: ExpressionParser | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parser = require(`dynalite/db/${name}`) as ExpressionParser;
  });
  return parser!;
}

function parsers(name: string): { cached: ExpressionParser; plain: ExpressionParser } {
  const cached = load(name);
  cacheParses(cached);
  return { cached, plain: load(name) };
}

function context(names: Record<string, string>, vals: Record<string, Record<string, unknown>>): ParseContext {
  return {
    attrNames: names,
    attrVals: vals,
    unusedAttrNames: Object.fromEntries(Object.keys(names).map((k) => [k, true])),
    unusedAttrVals: Object.fromEntries(Object.keys(vals).map((k) => [k, true])),
    isReserved: () => false,
    compare: () => false,
  };
}

function both(
  p: { cached: ExpressionParser; plain: ExpressionParser },
  expr: string,
  make: () => ParseContext,
) {
  const a = make();
  const b = make();
  const cached = p.cached.parse(expr, { context: a });
  const plain = p.plain.parse(expr, { context: b });
  return { cached, plain, a, b };
}

describe('cacheParses', () => {
  const update = parsers('updateParser');
  const condition = parsers('conditionParser');
  const expr = 'SET #o = :owner, lease_until = :lease ADD fence :one';
  const names = { '#o': 'run_owner' };

  it('gives the same tree and unused sets as a fresh parse, with each request’s own values', () => {
    for (const owner of ['w1', 'w2', 'w3']) {
      const r = both(update, expr, () =>
        context(names, {
          ':owner': { S: owner },
          ':lease': { N: '5' },
          ':one': { N: '1' },
          ':x': { S: 'u' },
        }),
      );
      expect(r.cached).toEqual(r.plain);
      expect(JSON.stringify(r.cached)).toContain(owner);
      expect(r.a.unusedAttrVals).toEqual({ ':x': true });
      expect(r.a.unusedAttrNames).toEqual(r.b.unusedAttrNames);
    }
  });

  it('parses again when a value changes type, so type errors are still reported', () => {
    const ok = () => context({}, { ':one': { N: '1' } });
    const bad = () => context({}, { ':one': { S: 'x' } });
    update.cached.parse('ADD fence :one', { context: ok() });
    expect(update.cached.parse('ADD fence :one', { context: bad() })).toMatch(/operand type/);
  });

  it('never caches BETWEEN, whose check reads the values', () => {
    const make = (lo: string, hi: string) => () => ({
      ...context({}, { ':lo': { N: lo }, ':hi': { N: hi } }),
      compare: (_op: string, x: { N: string }, y: { N: string }) => Number(x.N) > Number(y.N),
    });
    condition.cached.parse('a BETWEEN :lo AND :hi', { context: make('1', '2')() });
    expect(condition.cached.parse('a BETWEEN :lo AND :hi', { context: make('3', '2')() })).toMatch(
      /upper bound/,
    );
  });

  it('keeps conditions with functions and IN lists equal to a fresh parse', () => {
    const e = '(attribute_not_exists(#s) OR #s IN (:a, :b)) AND NOT contains(#e, :id)';
    for (const id of ['e1', 'e2']) {
      const r = both(condition, e, () =>
        context(
          { '#s': 'status', '#e': 'event_ids' },
          { ':a': { S: 'running' }, ':b': { S: 'starting' }, ':id': { S: id } },
        ),
      );
      expect(r.cached).toEqual(r.plain);
    }
  });

  it('parses an expression once and then serves its later requests from the cache', () => {
    const parser = load('updateParser');
    const parse = jest.spyOn(parser, 'parse');
    cacheParses(parser);
    const values = (owner: string) =>
      context(names, { ':owner': { S: owner }, ':lease': { N: '5' }, ':one': { N: '1' } });
    parser.parse(expr, { context: values('w1') });
    const second = parser.parse(expr, { context: values('w2') });
    expect(parse).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(second)).toContain('w2');
    expect(JSON.stringify(second)).not.toContain('w1');
  });

  it('keeps apart expressions that differ only in their text or in a name', () => {
    const make = (n: Record<string, string>) => () =>
      context(n, { ':owner': { S: 'w' }, ':lease': { N: '5' }, ':one': { N: '1' } });
    const other = 'SET #o = :lease, lease_until = :owner ADD fence :one';
    for (const [e, n] of [
      [expr, names],
      [other, names],
      [expr, { '#o': 'run_owner_2' }],
      [expr, names],
    ] as const) {
      const r = both(update, e, make(n));
      expect(r.cached).toEqual(r.plain);
    }
  });

  it('hands each request a tree of its own, so changes dynalite makes to one do not reach the next', () => {
    const make = () => context(names, { ':owner': { S: 'w' }, ':lease': { N: '5' }, ':one': { N: '1' } });
    const first = update.cached.parse(expr, { context: make() }) as { sections: Array<{ val: unknown }> };
    first.sections[0]!.val = 'changed';
    const second = update.cached.parse(expr, { context: make() }) as { sections: Array<{ val: unknown }> };
    expect(second.sections[0]!.val).not.toBe('changed');
    expect(second).toEqual(update.plain.parse(expr, { context: make() }));
  });
});
