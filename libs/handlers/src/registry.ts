import { UnknownJobTypeError } from './errors';
import type { JobHandler } from './handler';

/** Job handlers by type name. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(handlers: JobHandler[] = []) {
    handlers.forEach((h) => this.register(h));
  }

  register(handler: JobHandler): this {
    if (this.handlers.has(handler.type)) throw new Error(`job type ${handler.type} registered twice`);
    this.handlers.set(handler.type, handler);
    return this;
  }

  has(type: string): boolean {
    return this.handlers.has(type);
  }

  /** @throws UnknownJobTypeError */
  get(type: string): JobHandler {
    const handler = this.handlers.get(type);
    if (!handler) throw new UnknownJobTypeError(type);
    return handler;
  }

  types(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
