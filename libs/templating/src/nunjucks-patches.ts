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
import { installJinjaParser, lexNumber } from './jinja-parser';
import { installJinjaStatements } from './jinja-statements';

/* eslint-disable @typescript-eslint/no-explicit-any -- nunjucks' compiler internals are untyped */
type Node = any;
type CompilerProto = Record<string, any>;

const PATCHED = Symbol.for('lava.templating.nunjucksPatched');

/**
 * Replaces a compile method for Python-mode templates only (the root node carries `pyMode`,
 * set by the Python-mode parser); other nunjucks users in the process keep stock output.
 */
function pyOnly(
  proto: CompilerProto,
  method: string,
  impl: (this: any, node: Node, frame: any) => void,
): void {
  const orig = proto[method] as (this: any, ...a: unknown[]) => void;
  proto[method] = function (this: any, node: Node, frame: unknown, ...rest: unknown[]) {
    return this.pyMode ? impl.call(this, node, frame) : orig.call(this, node, frame, ...rest);
  };
}

/** `runtime.helper(A, B)`: each operand evaluated once, in order. */
function binary(proto: CompilerProto, method: string, helper: string): void {
  pyOnly(proto, method, function (node, frame) {
    this._emit(`runtime.${helper}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  });
}

function unary(proto: CompilerProto, method: string, helper: string): void {
  pyOnly(proto, method, function (node, frame) {
    this._emit(`runtime.${helper}(`);
    this.compile(node.target, frame);
    this._emit(')');
  });
}

function truthy(self: any, node: Node, frame: unknown): void {
  self._emit('runtime.pyTruthy(');
  self.compile(node, frame);
  self._emit(')');
}

function patchLogic(proto: CompilerProto, nodes: any): void {
  pyOnly(proto, 'compileNot', function (node, frame) {
    this._emit('!');
    truthy(this, node.target, frame);
  });
  const origIf = proto.compileIf as (...a: unknown[]) => void;
  proto.compileIf = function (this: any, node: Node, frame: unknown, async: unknown) {
    if (this.pyMode && !node.pyCond) {
      node.pyCond = true;
      node.cond = new nodes.Not(node.lineno, node.colno, new nodes.Not(node.lineno, node.colno, node.cond));
    }
    origIf.call(this, node, frame, async);
  };
  pyOnly(proto, 'compileInlineIf', function (node, frame) {
    this._emit('(');
    truthy(this, node.cond, frame);
    this._emit('?');
    this.compile(node.body, frame);
    this._emit(':');
    if (node.else_ !== null) this.compile(node.else_, frame);
    else this._emit('undefined');
    this._emit(')');
  });
  // Python `a or b` / `a and b` return an operand, chosen by Python truthiness; `b` stays lazy.
  const logic = (isOr: boolean) =>
    function (this: any, node: Node, frame: unknown) {
      const l = this._tmpid();
      this._emit(`(function(${l}){ return runtime.pyTruthy(${l}) ? `);
      if (isOr) this._emit(`${l} : `);
      this.compile(node.right, frame);
      if (!isOr) this._emit(` : ${l}`);
      this._emit('; })(');
      this.compile(node.left, frame);
      this._emit(')');
    };
  pyOnly(proto, 'compileOr', logic(true));
  pyOnly(proto, 'compileAnd', logic(false));
}

/** Every comparison (one operator per node: the parser expands chains) goes through `pyCompare`. */
function patchCompare(proto: CompilerProto): void {
  pyOnly(proto, 'compileCompare', function (node, frame) {
    const op = node.ops[0];
    this._emit(`runtime.pyCompare(${JSON.stringify(op.type)}, `);
    this.compile(node.expr, frame);
    this._emit(', ');
    this.compile(op.expr, frame);
    this._emit(')');
  });
}

function patchGroup(proto: CompilerProto): void {
  // The parser makes tuples `__pytuple__` calls; a group left is a parenthesised expression.
  pyOnly(proto, 'compileGroup', function (node, frame) {
    this._emit('(');
    this.compile(node.children[0], frame);
    this._emit(')');
  });
  // Float literals keep their type (`2.0` prints `2.0`).
  pyOnly(proto, 'compileLiteral', function (node, frame) {
    if (node.pyFloat && typeof node.value === 'number' && Number.isInteger(node.value))
      this._emit(`runtime.pyFloat(${node.value})`);
    else compilerLiteral.call(this, node, frame);
  });
}

let compilerLiteral: (this: any, node: Node, frame: unknown) => void;

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
  // Python number literals (`1e3`, `1_000`, `0x10`) where nunjucks would read a name.
  const origNext = proto.nextToken as () => unknown;
  proto.nextToken = function (this: any) {
    if (!this.pythonStrings || !this.in_code) return origNext.call(this);
    const c = this.str.charCodeAt(this.index) as number;
    if (c >= 48 && c <= 57) {
      const tok = lexNumber(this, lexer);
      if (tok) return tok;
    }
    // Inside a dict literal `}}` closes the dict, not the tag (Jinja balances braces).
    if (c === 125 && this.pyBraces > 0) {
      const tok = { type: lexer.TOKEN_RIGHT_CURLY, value: '}', lineno: this.lineno, colno: this.colno };
      this.forward();
      this.pyBraces -= 1;
      return tok;
    }
    const tok = origNext.call(this) as { type: string } | null;
    if (tok?.type === lexer.TOKEN_LEFT_CURLY) this.pyBraces = (this.pyBraces ?? 0) + 1;
    else if (tok?.type === lexer.TOKEN_RIGHT_CURLY && this.pyBraces > 0) this.pyBraces -= 1;
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

/** `a.b`, and Jinja's `a.0` / `a.0.b` (the lexer reads `0.` as a float, so the dot is put back). */
function parseDotKey(p: any, nodes: any, lexer: any): Node {
  const val = p.nextToken();
  // Jinja's `none`/`true`/`false` are names after a dot (`x.none`).
  if (val.type === lexer.TOKEN_SYMBOL || val.type === lexer.TOKEN_NONE || val.type === lexer.TOKEN_BOOLEAN)
    return new nodes.Literal(val.lineno, val.colno, val.value);
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

/**
 * The render budget's hooks: each output append goes through `runtime.pyAppend` (size
 * check) and each loop iteration of stock nunjucks loops ticks (Python-mode `for` ticks in
 * jinja-statements.ts); calls tick in the runtime's `callWrap`.
 */
function patchBudget(proto: CompilerProto, nodes: any): void {
  pyOnly(proto, 'compileOutput', function (node, frame) {
    for (const child of node.children as Node[]) {
      if (child instanceof nodes.TemplateData) {
        if (!child.value) continue;
        this._emit(`${this.buffer} = runtime.pyAppend(${this.buffer}, `);
        this.compileLiteral(child, frame);
        this._emitLine(');');
      } else {
        this._emit(`${this.buffer} = runtime.pyAppend(${this.buffer}, runtime.suppressValue(`);
        this.compile(child, frame);
        this._emitLine(', env.opts.autoescape));');
      }
    }
  });
  const origBindings = proto._emitLoopBindings as (this: any, ...a: unknown[]) => void;
  proto._emitLoopBindings = function (this: any, ...args: unknown[]) {
    if (this.pyMode) this._emitLine('runtime.pyTick();');
    origBindings.apply(this, args);
  };
}

/** Applies the patches once per process. */
export function applyNunjucksPatches(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[PATCHED]) return;
  g[PATCHED] = true;
  const nodes = nodesModule;
  const proto = compiler.Compiler.prototype as CompilerProto;
  compilerLiteral = proto.compileLiteral as typeof compilerLiteral;
  binary(proto, 'compileAdd', 'pyAdd');
  binary(proto, 'compileSub', 'pySub');
  binary(proto, 'compileMul', 'pyMul');
  binary(proto, 'compileMod', 'pyMod');
  binary(proto, 'compileDiv', 'pyDiv');
  binary(proto, 'compileFloorDiv', 'pyFloorDiv');
  binary(proto, 'compilePow', 'pyPow');
  unary(proto, 'compileNeg', 'pyNeg');
  unary(proto, 'compilePos', 'pyPos');
  // `~` converts with Python `str()` (`'a' ~ none` is `aNone`).
  binary(proto, 'compileConcat', 'pyConcat');
  patchBudget(proto, nodes);
  patchLogic(proto, nodes);
  patchCompare(proto);
  patchGroup(proto);
  patchNodeName(proto);
  patchLexer();
  patchParser(lexerModule, nodes);
  installJinjaParser(parserModule, lexerModule, nodes);
  installJinjaStatements(parserModule, compiler, lexerModule, nodes);
}
