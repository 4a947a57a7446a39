import type { ConnectorRegistry } from '@lava/connectors';
import type { ForeachGenerator } from './foreach-generator';
import { csvGenerator } from './csv.generator';
import { inlineGenerator } from './inline.generator';
import { jsonlGenerator } from './jsonl.generator';
import { queryGenerator } from './query.generator';
import { rangeGenerator } from './range.generator';
import { s3listGenerator } from './s3list.generator';

export type { ForeachGenerator, ForeachValues } from './foreach-generator';

/** Every built-in foreach generator by type. */
export function foreachGenerators(registry?: ConnectorRegistry): Map<string, ForeachGenerator> {
  const all = [
    inlineGenerator,
    rangeGenerator,
    csvGenerator,
    jsonlGenerator,
    queryGenerator(registry),
    s3listGenerator,
  ];
  return new Map(all.map((g) => [g.type, g]));
}
