/**
 * Jinja's expression grammar on top of nunjucks' parser (Python-mode environments only; the
 * tokenizer carries the `pythonStrings` flag).
 *
 * nunjucks builds one parser level per operator (`parseAdd` calls `parseSub`, `parseMul`
 * calls `parseDiv`...), so operators of equal precedence group right-to-left
 * (`7 * 3 // 2` is `7 * (3 // 2)`), tests (`is`) sit below comparisons, and a test cannot
 * take an argument without parentheses. These methods replace the expression levels with
 * Jinja's own (jinja2/parser.py, same precedence and left associativity):
 *
 *   condexpr: or ('if' or ('else' condexpr)?)*
 *   or: and ('or' and)*          and: not ('and' not)*          not: 'not' not | compare
 *   compare: math1 (('=='|'!='|'<'|'<='|'>'|'>='|'in'|'not' 'in') math1)*
 *   math1: concat (('+'|'-') concat)*        concat: math2 ('~' math2)*
 *   math2: pow (('*'|'/'|'//'|'%') pow)*     pow: unary ('**' unary)*
 *   unary: ('-'|'+') unary | primary postfix; then filters/tests/calls, left to right
 *
 * The nodes built are nunjucks' own, compiled by the (patched) nunjucks compiler. Python
 * number literals (`1e3`, `1_000`, `0x10`) come from a tokenizer patch.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- nunjucks' parser internals are untyped */
type Node = any;
type Parser = any;

const MATH2: Record<string, string> = { '*': 'Mul', '/': 'Div', '//': 'FloorDiv', '%': 'Mod' };
const MATH1: Record<string, string> = { '+': 'Add', '-': 'Sub' };
const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Jinja's number literals (jinja2/lexer.py), read where nunjucks would read a name. */
const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INT_RE = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;

function intValue(text: string): number {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.startsWith('0b')) return parseInt(t.slice(2), 2);
  if (t.startsWith('0o')) return parseInt(t.slice(2), 8);
  if (t.startsWith('0x')) return parseInt(t.slice(2), 16);
  return Number(t);
}

/** Reads a number at the tokenizer's position, or returns null. */
export function lexNumber(tok: any, lexer: any): unknown {
  const str = tok.str as string;
  const at = tok.index as number;
  const lineno = tok.lineno as number;
  const colno = tok.colno as number;
  // Like Jinja, `a.0.1` is two integer lookups, not the float `0.1`.
  const afterDot = at > 0 && str[at - 1] === '.';
  let m: RegExpExecArray | null = null;
  let float = false;
  if (!afterDot) {
    FLOAT_RE.lastIndex = at;
    m = FLOAT_RE.exec(str);
    float = m !== null;
  }
  if (!m) {
    INT_RE.lastIndex = at;
    m = INT_RE.exec(str);
  }
  if (!m) return null;
  const text = m[0];
  for (let i = 0; i < text.length; i++) tok.forward();
  const value = float ? Number(text.replace(/_/g, '')) : intValue(text);
  return {
    type: float ? lexer.TOKEN_FLOAT : lexer.TOKEN_INT,
    value: float ? value : String(value),
    pyFloat: float,
    lineno,
    colno,
  };
}

/** Installs the Jinja expression levels on nunjucks' Parser (each falls back outside Python mode). */
export function installJinjaParser(parserModule: any, lexer: any, nodes: any): void {
  const proto = parserModule.Parser.prototype;
  const py = (p: Parser): boolean => p.tokens?.pythonStrings === true;
  const override = (name: string, fn: (this: Parser, ...a: any[]) => Node) => {
    const orig = proto[name];
    proto[name] = function (this: Parser, ...args: any[]) {
      return py(this) ? fn.apply(this, args) : orig.apply(this, args);
    };
  };
  const nunjucksPrimary = proto.parsePrimary as (this: Parser, noPostfix?: boolean) => Node;
  const isOp = (t: any, v: string) => t && t.type === lexer.TOKEN_OPERATOR && t.value === v;
  const isName = (t: any, v: string) => t && t.type === lexer.TOKEN_SYMBOL && t.value === v;

  // condexpr: `a if c else b`, chained; the else branch is itself a condexpr.
  override('parseInlineIf', function () {
    let node = this.parseOr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOr();
      const out = new nodes.InlineIf(node.lineno, node.colno);
      out.body = node;
      out.cond = cond;
      out.else_ = this.skipSymbol('else') ? this.parseInlineIf() : null;
      node = out;
    }
    return node;
  });

  override('parseNot', function () {
    const tok = this.peekToken();
    if (this.skipSymbol('not')) return new nodes.Not(tok.lineno, tok.colno, this.parseNot());
    return this.parseCompare();
  });

  // Comparisons chain like Python: `a < b < c` is `a < b and b < c`.
  override('parseCompare', function () {
    const first = this.parseAdd();
    const pairs: Node[] = [];
    let left = first;
    for (;;) {
      const tok = this.peekToken();
      let make: ((l: Node, r: Node) => Node) | null = null;
      if (tok && COMPARE.has(tok.value) && tok.type === lexer.TOKEN_OPERATOR) {
        this.nextToken();
        const op = tok.value as string;
        make = (l, r) =>
          new nodes.Compare(tok.lineno, tok.colno, l, [
            new nodes.CompareOperand(tok.lineno, tok.colno, r, op),
          ]);
      } else if (isName(tok, 'in')) {
        this.nextToken();
        make = (l, r) => new nodes.In(tok.lineno, tok.colno, l, r);
      } else if (isName(tok, 'not')) {
        this.nextToken();
        const next = this.peekToken();
        if (!isName(next, 'in')) {
          this.pushToken(tok);
          break;
        }
        this.nextToken();
        make = (l, r) => new nodes.Not(tok.lineno, tok.colno, new nodes.In(tok.lineno, tok.colno, l, r));
      }
      if (!make) break;
      const right = this.parseAdd();
      pairs.push(make(left, right));
      left = right;
    }
    return (
      pairs.reduce(
        (acc: Node | null, cmp: Node) => (acc ? new nodes.And(acc.lineno, acc.colno, acc, cmp) : cmp),
        null,
      ) ?? first
    );
  });

  // Levels nunjucks has but Jinja folds into compare/unary: keep them as pass-throughs.
  override('parseIn', function () {
    return this.parseNot();
  });
  override('parseIs', function () {
    return this.parseCompare();
  });

  /** One left-associative level: `next (op next)*` for the operators in `table`. */
  const level = (p: Parser, table: Record<string, string>, next: () => Node): Node => {
    let node = next();
    for (;;) {
      const tok = p.peekToken();
      const kind = tok && tok.type === lexer.TOKEN_OPERATOR ? table[tok.value] : undefined;
      if (!kind) return node;
      p.nextToken();
      node = new nodes[kind](tok.lineno, tok.colno, node, next());
    }
  };

  // math1: `+`/`-`, left to right, over concat.
  override('parseAdd', function () {
    return level(this, MATH1, () => this.parseConcat());
  });

  override('parseConcat', function () {
    let node = this.parseMul();
    while (this.skipValue(lexer.TOKEN_TILDE, '~')) {
      node = new nodes.Concat(node.lineno, node.colno, node, this.parseMul());
    }
    return node;
  });

  // math2: `*`, `/`, `//`, `%`, left to right, over pow.
  override('parseMul', function () {
    return level(this, MATH2, () => this.parsePow());
  });

  override('parsePow', function () {
    let node = this.parseUnary();
    while (this.skipValue(lexer.TOKEN_OPERATOR, '**')) {
      node = new nodes.Pow(node.lineno, node.colno, node, this.parseUnary());
    }
    return node;
  });

  override('parseUnary', function (noFilters?: boolean) {
    const tok = this.peekToken();
    let node: Node;
    if (isOp(tok, '-')) {
      this.nextToken();
      node = new nodes.Neg(tok.lineno, tok.colno, this.parseUnary(true));
    } else if (isOp(tok, '+')) {
      this.nextToken();
      node = new nodes.Pos(tok.lineno, tok.colno, this.parseUnary(true));
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    return noFilters ? node : parseFilterExpr(this, node);
  });

  // Filters, tests and calls on their results, left to right (jinja2 `parse_filter_expr`).
  const parseFilterExpr = (p: Parser, start: Node): Node => {
    let node = start;
    for (;;) {
      const tok = p.peekToken();
      if (tok && tok.type === lexer.TOKEN_PIPE) {
        p.nextToken();
        const name = p.parseFilterName();
        node = new nodes.Filter(
          name.lineno,
          name.colno,
          name,
          new nodes.NodeList(name.lineno, name.colno, [node].concat(p.parseFilterArgs(name))),
        );
      } else if (isName(tok, 'is')) {
        p.nextToken();
        node = parseTest(p, node, tok);
      } else if (tok && tok.type === lexer.TOKEN_LEFT_PAREN) {
        node = new nodes.FunCall(tok.lineno, tok.colno, node, p.parseSignature());
      } else return node;
    }
  };

  const ARG_START = new Set([
    lexer.TOKEN_SYMBOL,
    lexer.TOKEN_STRING,
    lexer.TOKEN_INT,
    lexer.TOKEN_FLOAT,
    lexer.TOKEN_BOOLEAN,
    lexer.TOKEN_NONE,
    lexer.TOKEN_LEFT_PAREN,
    lexer.TOKEN_LEFT_BRACKET,
    lexer.TOKEN_LEFT_CURLY,
  ]);

  // `x is name`, `x is name(args)`, `x is name arg` (one primary with postfix, as Jinja).
  const parseTest = (p: Parser, node: Node, isTok: any): Node => {
    const negated = p.skipSymbol('not');
    const nameTok = p.nextToken();
    let name: string;
    if (
      nameTok?.type === lexer.TOKEN_SYMBOL ||
      nameTok?.type === lexer.TOKEN_NONE ||
      nameTok?.type === lexer.TOKEN_BOOLEAN
    )
      name = nameTok.value;
    else return p.fail('expected a test name after "is"', isTok.lineno, isTok.colno);
    while (p.skipValue(lexer.TOKEN_OPERATOR, '.')) name += `.${p.expect(lexer.TOKEN_SYMBOL).value}`;
    const sym = new nodes.Symbol(nameTok.lineno, nameTok.colno, name);
    const next = p.peekToken();
    let right: Node = sym;
    if (next && next.type === lexer.TOKEN_LEFT_PAREN) {
      right = new nodes.FunCall(next.lineno, next.colno, sym, p.parseSignature());
    } else if (
      next &&
      ARG_START.has(next.type) &&
      !(next.type === lexer.TOKEN_SYMBOL && ['else', 'or', 'and', 'if'].includes(next.value))
    ) {
      if (isName(next, 'is')) p.fail('You cannot chain multiple tests with is', next.lineno, next.colno);
      const arg = p.parsePostfix(p.parsePrimary(true));
      right = new nodes.FunCall(
        next.lineno,
        next.colno,
        sym,
        new nodes.NodeList(next.lineno, next.colno, [arg]),
      );
    }
    const test = new nodes.Is(isTok.lineno, isTok.colno, node, right);
    return negated ? new nodes.Not(isTok.lineno, isTok.colno, test) : test;
  };

  // Literals: Python `True`/`None` stay names (globals); floats remember they are floats.
  override('parsePrimary', function (noPostfix?: boolean) {
    const tok = this.peekToken();
    if (tok && (tok.type === lexer.TOKEN_INT || tok.type === lexer.TOKEN_FLOAT)) {
      this.nextToken();
      const lit = new nodes.Literal(tok.lineno, tok.colno, Number(tok.value));
      if (tok.type === lexer.TOKEN_FLOAT) lit.pyFloat = true;
      return noPostfix ? lit : this.parsePostfix(lit);
    }
    if (
      tok &&
      (tok.type === lexer.TOKEN_LEFT_PAREN ||
        tok.type === lexer.TOKEN_LEFT_BRACKET ||
        tok.type === lexer.TOKEN_LEFT_CURLY)
    ) {
      const agg = parseAggregate(this);
      return noPostfix ? agg : this.parsePostfix(agg);
    }
    return nunjucksPrimary.call(this, noPostfix);
  });

  // `(a)`, `(a,)`, `()`, `[a, b,]`, `{k: v,}` with expression keys (Python literals).
  const parseAggregate = (p: Parser): Node => {
    const open = p.nextToken();
    const close =
      open.type === lexer.TOKEN_LEFT_PAREN
        ? lexer.TOKEN_RIGHT_PAREN
        : open.type === lexer.TOKEN_LEFT_BRACKET
          ? lexer.TOKEN_RIGHT_BRACKET
          : lexer.TOKEN_RIGHT_CURLY;
    const items: Node[] = [];
    let sawComma = false;
    for (;;) {
      const t = p.peekToken();
      if (!t) p.fail('unexpected end of template inside a literal', open.lineno, open.colno);
      if (t.type === close) {
        p.nextToken();
        break;
      }
      if (items.length > 0) {
        if (!p.skip(lexer.TOKEN_COMMA))
          p.fail(`expected ',' or '${closeText(close, lexer)}'`, t.lineno, t.colno);
        sawComma = true;
        if (p.peekToken()?.type === close) continue;
      }
      if (open.type === lexer.TOKEN_LEFT_CURLY) {
        const key = p.parseExpression();
        if (!p.skip(lexer.TOKEN_COLON)) p.fail("expected ':' after a dict key", t.lineno, t.colno);
        items.push(key, p.parseExpression());
      } else items.push(p.parseExpression());
    }
    const call = (fn: string) =>
      new nodes.FunCall(
        open.lineno,
        open.colno,
        new nodes.Symbol(open.lineno, open.colno, fn),
        new nodes.NodeList(open.lineno, open.colno, items),
      );
    if (open.type === lexer.TOKEN_LEFT_CURLY) return call('__pydict__');
    if (open.type === lexer.TOKEN_LEFT_BRACKET) return new nodes.Array(open.lineno, open.colno, items);
    if (items.length === 1 && !sawComma) return items[0];
    return call('__pytuple__');
  };
}

function closeText(type: string, lexer: any): string {
  return type === lexer.TOKEN_RIGHT_PAREN ? ')' : type === lexer.TOKEN_RIGHT_BRACKET ? ']' : '}';
}
