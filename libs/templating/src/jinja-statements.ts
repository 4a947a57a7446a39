/**
 * Jinja statement semantics nunjucks does differently (Python-mode templates only):
 *
 * - `{% for %}`: each iteration has its own scope, so a `{% set %}` in the body neither
 *   leaks out of the loop nor carries over to the next iteration (nunjucks writes it to
 *   the enclosing scope); loop filters (`for x in xs if cond`); unpacking of each item
 *   (`for a, b in pairs`); the full `loop` object (`previtem`, `nextitem`, `depth`,
 *   `changed()`, `cycle()`); iterating a non-iterable raises.
 * - `{% set a, b = 1, 2 %}` unpacks; `{% set ns.attr = v %}` assigns to a `namespace()`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- nunjucks' parser/compiler internals are untyped */
type Node = any;

export function installJinjaStatements(parserModule: any, compiler: any, lexer: any, nodes: any): void {
  const pproto = parserModule.Parser.prototype;
  const cproto = compiler.Compiler.prototype;
  const py = (p: any): boolean => p.tokens?.pythonStrings === true;

  const origRoot = pproto.parseAsRoot;
  pproto.parseAsRoot = function (this: any) {
    const root = origRoot.call(this);
    if (py(this)) root.pyMode = true;
    return root;
  };
  const origCompileRoot = cproto.compileRoot;
  cproto.compileRoot = function (this: any, node: Node, frame: unknown) {
    this.pyMode = node.pyMode === true;
    return origCompileRoot.call(this, node, frame);
  };

  const parseTargets = (p: any): Node[] => {
    const targets: Node[] = [];
    const paren = p.skip(lexer.TOKEN_LEFT_PAREN);
    do {
      const t = p.nextToken();
      if (!t || t.type !== lexer.TOKEN_SYMBOL) p.fail('expected a loop variable name', t?.lineno, t?.colno);
      targets.push(new nodes.Symbol(t.lineno, t.colno, t.value));
    } while (
      p.skip(lexer.TOKEN_COMMA) &&
      p.peekToken()?.type === lexer.TOKEN_SYMBOL &&
      p.peekToken().value !== 'in'
    );
    if (paren && !p.skip(lexer.TOKEN_RIGHT_PAREN)) p.fail("expected ')'");
    return targets;
  };

  /** `a, b, c` without brackets (a tuple) where Jinja accepts one. */
  const parseTupleRest = (p: any, first: Node, parseItem: () => Node): Node => {
    if (p.peekToken()?.type !== lexer.TOKEN_COMMA) return first;
    const items = [first];
    while (p.skip(lexer.TOKEN_COMMA)) {
      const next = p.peekToken();
      if (
        !next ||
        next.type === lexer.TOKEN_BLOCK_END ||
        (next.type === lexer.TOKEN_SYMBOL && next.value === 'if')
      )
        break;
      items.push(parseItem());
    }
    return new nodes.FunCall(
      first.lineno,
      first.colno,
      new nodes.Symbol(first.lineno, first.colno, '__pytuple__'),
      new nodes.NodeList(first.lineno, first.colno, items),
    );
  };

  const origFor = pproto.parseFor;
  pproto.parseFor = function (this: any) {
    if (!py(this)) return origFor.call(this);
    const forTok = this.peekToken();
    if (!this.skipSymbol('for')) this.fail('expected for', forTok.lineno, forTok.colno);
    const node = new nodes.For(forTok.lineno, forTok.colno);
    node.pyTargets = parseTargets(this);
    node.name = node.pyTargets[0];
    if (!this.skipSymbol('in')) this.fail("expected 'in' in the for tag", forTok.lineno, forTok.colno);
    node.arr = parseTupleRest(this, this.parseOr(), () => this.parseOr());
    node.pyCond = this.skipSymbol('if') ? this.parseExpression() : null;
    if (this.skipSymbol('recursive'))
      this.fail('recursive loops are not supported', forTok.lineno, forTok.colno);
    this.advanceAfterBlockEnd(forTok.value);
    node.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      node.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    node.pyFor = true;
    return node;
  };

  const origSet = pproto.parseSet;
  pproto.parseSet = function (this: any) {
    if (!py(this)) return origSet.call(this);
    const tag = this.peekToken();
    this.skipSymbol('set');
    const node = new nodes.Set(tag.lineno, tag.colno, []);
    do {
      const t = this.parsePrimary();
      if (!(t instanceof nodes.Symbol || t instanceof nodes.LookupVal))
        this.fail('can only assign to names or namespace attributes', t.lineno, t.colno);
      node.targets.push(t);
    } while (this.skip(lexer.TOKEN_COMMA));
    if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) {
      node.value = parseTupleRest(this, this.parseExpression(), () => this.parseExpression());
      this.advanceAfterBlockEnd(tag.value);
    } else {
      let filters: Node[] = [];
      if (this.peekToken()?.type === lexer.TOKEN_PIPE) {
        // `{% set x | upper %}...{% endset %}`: filters applied to the captured block.
        const holder = new nodes.Symbol(tag.lineno, tag.colno, '__captured__');
        filters = [this.parseFilter(holder)];
      }
      if (!this.skip(lexer.TOKEN_BLOCK_END))
        this.fail("expected '=' or the end of the set tag", tag.lineno, tag.colno);
      node.body = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
      node.value = null;
      node.pyFilter = filters[0];
      this.advanceAfterBlockEnd();
    }
    node.pySet = true;
    return node;
  };

  const origCompileSet = cproto.compileSet;
  cproto.compileSet = function (this: any, node: Node, frame: any) {
    if (!this.pyMode || !node.pySet) return origCompileSet.call(this, node, frame);
    const value = this._tmpid();
    this._emitLine(`var ${value};`);
    this._emit(`${value} = `);
    if (node.value) this._compileExpression(node.value, frame);
    else this.compile(node.body, frame);
    this._emitLine(';');
    if (node.pyFilter) {
      // Re-point the filter chain's innermost argument at the captured text.
      let f = node.pyFilter;
      while (f.args.children[0] instanceof nodes.Filter) f = f.args.children[0];
      f.args.children[0] = new nodes.Symbol(node.lineno, node.colno, value);
      frame.set(value, value);
      this._emit(`${value} = `);
      this._compileExpression(node.pyFilter, frame);
      this._emitLine(';');
    }
    const targets: Node[] = node.targets;
    const values = targets.length > 1 ? targets.map((_t, i) => `${value}[${i}]`) : [value];
    if (targets.length > 1) this._emitLine(`${value} = runtime.pyUnpack(${value}, ${targets.length});`);
    targets.forEach((target, i) => {
      const v = values[i];
      if (target instanceof nodes.LookupVal) {
        this._emit('runtime.pySetAttr(');
        this._compileExpression(target.target, frame);
        this._emit(', ');
        this._compileExpression(target.val, frame);
        this._emitLine(`, ${v});`);
        return;
      }
      const name = JSON.stringify(target.value);
      this._emitLine(`frame.set(${name}, ${v}, true);`);
      this._emitLine(`if(frame.topLevel) { context.setVariable(${name}, ${v}); }`);
    });
  };

  const origCompileFor = cproto.compileFor;
  cproto.compileFor = function (this: any, node: Node, frame: any) {
    if (!this.pyMode || !node.pyFor) return origCompileFor.call(this, node, frame);
    const arr = this._tmpid();
    const loop = this._tmpid();
    const item = this._tmpid();
    const targets: Node[] = node.pyTargets;
    frame = frame.push();
    this._emitLine('frame = frame.push();');
    this._emit(`var ${arr} = runtime.pyIterate(`);
    this._compileExpression(node.arr, frame);
    this._emitLine(');');
    // Binds the loop variables of one item in the current (iteration) frame.
    const bind = () => {
      if (targets.length === 1) {
        this._emitLine(`frame.set(${JSON.stringify(targets[0].value)}, ${item});`);
        return;
      }
      const parts = this._tmpid();
      this._emitLine(`var ${parts} = runtime.pyUnpack(${item}, ${targets.length});`);
      targets.forEach((t, i) => this._emitLine(`frame.set(${JSON.stringify(t.value)}, ${parts}[${i}]);`));
    };
    if (node.pyCond) {
      const keep = this._tmpid();
      this._emitLine(`${arr} = ${arr}.filter(function(${item}) {`);
      this._emitLine('runtime.pyTick();');
      this._emitLine('frame = frame.push(true);');
      bind();
      this._emit(`var ${keep} = runtime.pyTruthy(`);
      this._compileExpression(node.pyCond, frame);
      this._emitLine(');');
      this._emitLine('frame = frame.pop();');
      this._emitLine(`return ${keep};`);
      this._emitLine('});');
    }
    this._emitLine(`var ${loop} = runtime.pyLoop(${arr}, frame.lookup("loop"));`);
    this._emitLine(`for (var ${item}_i = 0; ${item}_i < ${arr}.length; ${item}_i++) {`);
    // One tick per iteration: the render's deadline is checked from inside its loops.
    this._emitLine('runtime.pyTick();');
    this._emitLine(`var ${item} = ${arr}[${item}_i];`);
    this._emitLine(`${loop}.index0 = ${item}_i;`);
    this._emitLine('frame = frame.push(true);');
    bind();
    this._emitLine(`frame.set("loop", ${loop});`);
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this._emitLine('frame = frame.pop();');
    this._emitLine('}');
    if (node.else_) {
      this._emitLine(`if (!${arr}.length) {`);
      this.compile(node.else_, frame);
      this._emitLine('}');
    }
    this._emitLine('frame = frame.pop();');
  };
}
