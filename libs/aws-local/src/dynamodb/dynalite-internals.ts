/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The slice of dynalite's internal modules the transaction support builds on (dynalite ships no
 * types). Its single-item actions do the writing, so a transaction applies updates exactly as
 * UpdateItem does.
 */
export type Callback<T = unknown> = (err: DynaliteError | null | undefined, value?: T) => void;

/** dynalite's errors: an HTTP status and the JSON body to answer with. */
export interface DynaliteError extends Error {
  statusCode?: number;
  body?: { __type: string; message?: string };
}

export interface ItemDb {
  lock(key: string, exec: (release: (done?: () => void) => () => void) => void): void;
  get(key: string, cb: Callback<Item>): void;
  put(key: string, item: Item, cb: Callback): void;
  del(key: string, cb: Callback): void;
}

export type Item = Record<string, unknown>;
export type Table = Record<string, unknown> & { TableName: string };

export interface Store {
  getTable(name: string, cb: Callback<Table>): void;
  getItemDb(name: string): ItemDb;
  [other: string]: unknown;
}

/** A single-item request as dynalite's actions take it (validated: `_condition`, `_updates` parsed). */
export type ActionData = Record<string, unknown> & { TableName: string };
export type Action = (store: Store, data: ActionData, cb: Callback<Record<string, unknown>>) => void;

export interface DynaliteDb {
  create(options: unknown): Store;
  validateKey(key: unknown, table: Table): DynaliteError | null | undefined;
  validateItem(item: unknown, table: Table): DynaliteError | null | undefined;
  createKey(item: unknown, table: Table): string;
  checkConditional(data: ActionData, item: Item | undefined): DynaliteError | null | undefined;
  updateIndexes(store: Store, table: Table, from: Item | undefined, to: Item | undefined, cb: Callback): void;
  validationError(message: string): DynaliteError;
}

export interface Validations {
  checkTypes(data: unknown, types: unknown): ActionData;
  checkValidations(data: ActionData, types: unknown, custom: unknown, store: Store): void;
}

export interface ActionValidation {
  types: unknown;
  custom: unknown;
}

export const dynaliteDb = require('dynalite/db') as DynaliteDb;
export const validations = require('dynalite/validations') as Validations;

/** The single-item operations a transaction is made of, with their request validations. */
export const singleItemActions = {
  putItem: {
    run: require('dynalite/actions/putItem') as Action,
    validation: require('dynalite/validations/putItem') as ActionValidation,
  },
  updateItem: {
    run: require('dynalite/actions/updateItem') as Action,
    validation: require('dynalite/validations/updateItem') as ActionValidation,
  },
  deleteItem: {
    run: require('dynalite/actions/deleteItem') as Action,
    validation: require('dynalite/validations/deleteItem') as ActionValidation,
  },
};
