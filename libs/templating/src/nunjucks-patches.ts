/**
 * Source-level compatibility patches for nunjucks (applied once, idempotently).
 *
 * nunjucks has no operator overloading, so `start - utils.timedelta(days=1)` would compile
 * to JS `-` and produce a number. Instead of `valueOf` tricks (which cannot tell `+` from
 * string concatenation and lose the result type), the compiler is patched so operators,
 * `==`/`!=`, conditions and tuples call `runtime.py*` helpers. Each emitted expression
 * falls back to the stock JS operator when the runtime has no such helper, so templates
 * rendered through an unpatched runtime (any other nunjucks user in the process) behave
 * exactly as before. The lexer patch (Python string-literal escapes) only applies when the
 * environment sets `opts.pythonStrings`.
 */
// Default imports give the modules' real export objects (a namespace import would be a copy,
// and `lexer.lex` must be replaced on the object the parser reads it from).
import compiler from 'nunjucks/src/compiler';
import lexerModule from 'nunjucks/src/lexer';
import nodesModule from 'nunjucks/src/nodes';
import parserModule from 'nunjucks/src/parser';

/* eslint-disable @typescript-eslint/no-explicit-any -- nunjucks' compiler internals are untyped */
type Node = any;
type CompilerProto = Record<string, any>;

const PATCHED = Symbol.for('lava.templating.nunjucksPatched');

function binary(proto: CompilerProto, method: string, helper: string, jsOp: string): void {
  proto[method] = function (this: any, node: Node, frame: unknown) {
    // `(function(l, r){...})(A, B)` evaluates each operand once, in order.
    this._emit(`(function(l, r){ return runtime.${helper} ? runtime.${helper}(l, r) : l ${jsOp} r; })(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
}

function truthy(self: any, node: Node, frame: unknown): void {
  self._emit('(runtime.pyTruthy || Boolean)(');
  self.compile(node, frame);
  self._emit(')');
}

function patchLogic(proto: CompilerProto, nodes: any): void {
  proto.compileNot = function (this: any, node: Node, frame: unknown) {
    this._emit('!');
    truthy(this, node.target, frame);
  };
  const origIf = proto.compileIf as (...a: unknown[]) => void;
  proto.compileIf = function (this: any, node: Node, frame: unknown, async: unknown) {
    node.cond = new nodes.Not(node.lineno, node.colno, new nodes.Not(node.lineno, node.colno, node.cond));
    origIf.call(this, node, frame, async);
  };
  proto.compileInlineIf = function (this: any, node: Node, frame: unknown) {
    this._emit('(');
    truthy(this, node.cond, frame);
    this._emit('?');
    this.compile(node.body, frame);
    this._emit(':');
    if (node.else_ !== null) this.compile(node.else_, frame);
    else this._emit('undefined');
    this._emit(')');
  };
  // Python `a or b` / `a and b` return an operand, chosen by Python truthiness; `b` stays lazy.
  const logic = (isOr: boolean) =>
    function (this: any, node: Node, frame: unknown) {
      this._emit('(function(l){ return (runtime.pyTruthy || Boolean)(l) ? ');
      if (isOr) this._emit('l : ');
      this._emit('(function(){ return ');
      this.compile(node.right, frame);
      this._emit('; })()');
      if (!isOr) this._emit(' : l');
      this._emit('; })(');
      this.compile(node.left, frame);
      this._emit(')');
    };
  proto.compileOr = logic(true);
  proto.compileAnd = logic(false);
}

function patchCompare(proto: CompilerProto): void {
  const orig = proto.compileCompare as (...a: unknown[]) => void;
  proto.compileCompare = function (this: any, node: Node, frame: unknown) {
    const op = node.ops.length === 1 ? (node.ops[0].type as string) : '';
    if (op !== '==' && op !== '!=') return orig.call(this, node, frame);
    this._emit(
      `(function(l, r){ return ${op === '!=' ? '!' : ''}(runtime.pyEq ? runtime.pyEq(l, r) : l == r); })(`,
    );
    this.compile(node.expr, frame);
    this._emit(', ');
    this.compile(node.ops[0].expr, frame);
    this._emit(')');
  };
}

function patchGroup(proto: CompilerProto): void {
  const orig = proto.compileGroup as (...a: unknown[]) => void;
  // `(a, b)` is a Python tuple; nunjucks would compile it to the JS comma operator.
  proto.compileGroup = function (this: any, node: Node, frame: unknown) {
    if (node.children.length === 0) return this._emit('(runtime.pyTruthy ? [] : undefined)');
    if (node.children.length < 2) return orig.call(this, node, frame);
    this._emit('(runtime.pyTruthy ? ');
    this._compileAggregate(node, frame, '[', ']');
    this._emit(' : ');
    orig.call(this, node, frame);
    this._emit(')');
  };
}

const PY_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  '\n': '',
};

/** Reads one escape after a backslash (the tokenizer is positioned on the escaped char). */
function pyEscape(tok: any): string {
  const next = tok.current() as string;
  tok.forward();
  const hexLen = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  if (hexLen) {
    let hex = '';
    for (let i = 0; i < hexLen && /[0-9a-fA-F]/.test(tok.current() as string); i++, tok.forward())
      hex += tok.current();
    return hex.length === hexLen ? String.fromCodePoint(parseInt(hex, 16)) : `\\${next}${hex}`;
  }
  return next in PY_ESCAPES ? (PY_ESCAPES[next] ?? '') : `\\${next}`;
}

function patchLexer(): void {
  const lexer = lexerModule;
  const origLex = lexer.lex as (src: string, opts?: Record<string, unknown>) => any;
  const proto = Object.getPrototypeOf(origLex('', {}));
  const origParse = proto._parseString as (delim: string) => string;
  lexer.lex = (src: string, opts?: Record<string, unknown>) => {
    const tok = origLex(src, opts);
    if (opts?.pythonStrings) tok.pythonStrings = true;
    return tok;
  };
  // Python keeps unknown escapes (`'\d'` stays backslash-d), which regex templates rely on.
  proto._parseString = function (this: any, delim: string) {
    if (!this.pythonStrings) return origParse.call(this, delim);
    this.forward();
    let str = '';
    while (!this.isFinished() && this.current() !== delim) {
      const cur = this.current() as string;
      this.forward();
      if (cur !== '\\') {
        str += cur;
        continue;
      }
      str += pyEscape(this);
    }
    this.forward();
    return str;
  };
}

/**
 * Python subscripts with slices (`key[:10]`, `parts[1:-1]`, `s[::-1]`) become calls to the
 * `__pyslice__` global. Only for Python-mode environments (flag carried by the tokenizer).
 */
function patchParser(lexer: any, nodes: any): void {
  const proto = parserModule.Parser.prototype;
  const orig = proto.parsePostfix as (node: Node) => Node;
  proto.parsePostfix = function (this: any, node: Node) {
    if (!this.tokens?.pythonStrings) return orig.call(this, node);
    let tok = this.peekToken();
    while (tok) {
      if (tok.type === lexer.TOKEN_LEFT_PAREN)
        node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      else if (tok.type === lexer.TOKEN_LEFT_BRACKET) node = parseSubscript(this, nodes, lexer, node, tok);
      else if (tok.type === lexer.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        node = new nodes.LookupVal(tok.lineno, tok.colno, node, parseDotKey(this, nodes, lexer));
      } else break;
      tok = this.peekToken();
    }
    return node;
  };
}

/**
 * Jinja's loop filter (`for x in xs if cond`) would parse in nunjucks as an inline `if` on
 * the iterable and silently iterate everything; refuse it with a clear message instead.
 */
function patchFor(nodes: any): void {
  const proto = parserModule.Parser.prototype;
  const orig = proto.parseFor as () => Node;
  proto.parseFor = function (this: any) {
    const node = orig.call(this);
    if (this.tokens?.pythonStrings && node.arr instanceof nodes.InlineIf && node.arr.else_ === null) {
      this.fail(
        "loop filtering ('for x in items if cond') is not supported; use 'items | select(...)' or an inner if",
        node.lineno,
        node.colno,
      );
    }
    return node;
  };
}

/** `a.b`, and Jinja's `a.0` / `a.0.b` (the lexer reads `0.` as a float, so the dot is put back). */
function parseDotKey(p: any, nodes: any, lexer: any): Node {
  const val = p.nextToken();
  if (val.type === lexer.TOKEN_SYMBOL) return new nodes.Literal(val.lineno, val.colno, val.value);
  const m = typeof val.value === 'string' ? /^(\d+)(\.?)$/.exec(val.value) : null;
  const digits = m?.[1];
  if ((val.type !== lexer.TOKEN_INT && val.type !== lexer.TOKEN_FLOAT) || digits === undefined) {
    // `fail` always throws.
    return p.fail(`expected name as lookup value, got ${val.value}`, val.lineno, val.colno);
  }
  if (m?.[2])
    p.pushToken({
      type: lexer.TOKEN_OPERATOR,
      value: '.',
      lineno: val.lineno,
      colno: val.colno + digits.length,
    });
  return new nodes.Literal(val.lineno, val.colno, Number(digits));
}

function parseSubscript(p: any, nodes: any, lexer: any, node: Node, tok: any): Node {
  p.nextToken();
  const parts: (Node | null)[] = [null];
  for (;;) {
    const t = p.peekToken();
    if (!t) p.fail('unexpected end of subscript', tok.lineno, tok.colno);
    if (t.type === lexer.TOKEN_RIGHT_BRACKET) break;
    if (t.type === lexer.TOKEN_COLON) {
      p.nextToken();
      parts.push(null);
      continue;
    }
    if (parts[parts.length - 1] !== null) p.fail('invalid index', t.lineno, t.colno);
    parts[parts.length - 1] = p.parseExpression();
  }
  p.nextToken();
  if (parts.length === 1) {
    if (parts[0] === null) p.fail('invalid index', tok.lineno, tok.colno);
    return new nodes.LookupVal(tok.lineno, tok.colno, node, parts[0]);
  }
  if (parts.length > 3) p.fail('invalid slice', tok.lineno, tok.colno);
  const arg = (x: Node | null | undefined) => x ?? new nodes.Literal(tok.lineno, tok.colno, null);
  const args = new nodes.NodeList(tok.lineno, tok.colno, [node, arg(parts[0]), arg(parts[1]), arg(parts[2])]);
  return new nodes.FunCall(
    tok.lineno,
    tok.colno,
    new nodes.Symbol(tok.lineno, tok.colno, '__pyslice__'),
    args,
  );
}

/** The callee name nunjucks embeds in error messages is emitted unescaped; keep it on one line. */
function patchNodeName(proto: CompilerProto): void {
  const orig = proto._getNodeName as (node: Node) => string;
  proto._getNodeName = function (this: any, node: Node) {
    return orig.call(this, node).replace(/[\\\r\n\u2028\u2029]/g, ' ');
  };
}

/** Applies the patches once per process. */
export function applyNunjucksPatches(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[PATCHED]) return;
  g[PATCHED] = true;
  const nodes = nodesModule;
  const proto = compiler.Compiler.prototype as CompilerProto;
  binary(proto, 'compileAdd', 'pyAdd', '+');
  binary(proto, 'compileSub', 'pySub', '-');
  binary(proto, 'compileMul', 'pyMul', '*');
  binary(proto, 'compileMod', 'pyMod', '%');
  // `~` converts with Python `str()` (`'a' ~ none` is `aNone`).
  proto.compileConcat = function (this: any, node: Node, frame: unknown) {
    this._emit(
      '(function(l, r){ return runtime.pyStr ? runtime.pyStr(l) + runtime.pyStr(r) : l + "" + r; })(',
    );
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
  patchLogic(proto, nodes);
  patchCompare(proto);
  patchGroup(proto);
  patchNodeName(proto);
  patchLexer();
  patchParser(lexerModule, nodes);
  patchFor(nodes);
}
