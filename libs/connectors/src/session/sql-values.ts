/**
 * An exact decimal value carried as its database text (`12.30` keeps its scale). Drivers return
 * these for NUMERIC/DECIMAL columns so CSV output treats them as numbers without losing precision.
 */
export class SqlDecimal {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/** Normalise a database timestamp text to `YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM]`. */
export function normaliseTimestampText(text: string): string {
  // PostgreSQL prints short offsets (`+00`, `+05:30`); Python/ISO consumers expect `+HH:MM`.
  return text.replace(/([+-]\d\d)$/, '$1:00');
}
