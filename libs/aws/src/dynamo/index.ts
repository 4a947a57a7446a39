export * from './conditional-write-batcher';
export * from './attribute-value';
