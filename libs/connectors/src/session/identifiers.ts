import { ConnectionInvalidError } from '../errors';

/** Quote an identifier with `open`/`close`; names containing the quote character are rejected. */
export function quoteWith(name: string, open: string, close: string): string {
  if (name === '' || name.includes(open) || name.includes(close) || name.includes('\0')) {
    throw new ConnectionInvalidError(`Bad object name: ${name}`);
  }
  return `${open}${name}${close}`;
}
