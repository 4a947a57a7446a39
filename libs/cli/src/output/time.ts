import { formatTimestamp } from '@lava/core';

/**
 * Every instant the CLI prints for humans, in one format: Lava's timestamp format in UTC,
 * `2024-05-01T02:00:00+00:00` (seconds, explicit offset). Naive ISO values (the events table's
 * `tu_event`) are UTC; anything unparsable is shown as stored. JSON output keeps stored values.
 */
export function displayTime(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (value instanceof Date) return formatTimestamp(value);
  const text = String(value);
  const naive = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text);
  const at = new Date(naive ? `${text}Z` : text);
  return Number.isNaN(at.getTime()) ? text : formatTimestamp(at);
}
