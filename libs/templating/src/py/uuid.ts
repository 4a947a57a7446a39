/** Python `uuid.UUID` value returned by `utils.uuid()`; renders in canonical form. */
import { randomUUID } from 'node:crypto';

export class PyUuid {
  constructor(readonly text: string = randomUUID()) {}
  get hex(): string {
    return this.text.replace(/-/g, '');
  }
  get version(): number {
    return Number(this.text.charAt(14));
  }
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
  __eq__(other: unknown): boolean {
    return other instanceof PyUuid && other.text === this.text;
  }
}
