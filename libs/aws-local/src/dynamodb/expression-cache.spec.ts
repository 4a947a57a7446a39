import { cacheParses, type ExpressionParser, type ParseContext } from './expression-cache';

// Fresh copies of dynalite's parsers: one cached, one not, compared on the same requests.
function parsers(name: string): { cached: ExpressionParser; plain: ExpressionParser } {
  const path = require.resolve(`dynalite/db/${name}`);
  const load = (): ExpressionParser => {
    delete require.cache[path];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path) as ExpressionParser;
  };
  const cached = load();
  cacheParses(cached);
  return { cached, plain: load() };
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
});
