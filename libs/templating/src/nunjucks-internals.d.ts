/**
 * nunjucks' internal modules patched by `nunjucks-patches.ts`. They are untyped (not part
 * of @types/nunjucks); `any` is deliberate and confined to the patch file.
 */
declare module 'nunjucks/src/compiler' {
  const compiler: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  export = compiler;
}
declare module 'nunjucks/src/parser' {
  const parser: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  export = parser;
}
declare module 'nunjucks/src/lexer' {
  const lexer: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  export = lexer;
}
declare module 'nunjucks/src/nodes' {
  const nodes: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  export = nodes;
}
