// Which item meta fields a run needs kept. Its own module, not input.ts: it needs the ColumnScorer class, and input.ts
// is loaded with the input flags (`CMD --help`), where no scorer is.
import type { Scorer } from '../scorers/contract.js';
import { ColumnScorer } from '../scorers/simple/column.js';
import type { InputFlags } from './input.js';

/**
 * The --meta-field list with the fields a run reads from item meta added: a `column:NAME` scorer reads NAME, and a
 * grouping flag (score's --group-by, probe length's --group-field) reads its field. Every command that builds items
 * from records goes through this, so `column:` works the same everywhere without --meta-field.
 */
export function withNeededMetaFields(flags: InputFlags, scorers: readonly Scorer[], fields: readonly (string | undefined)[] = []): InputFlags {
  if (flags.hyp || flags.metaField.includes('rest')) return flags;
  const needed = [...scorers.flatMap((s) => (s instanceof ColumnScorer ? [s.column] : [])), ...fields.filter((f): f is string => f !== undefined)];
  return { ...flags, metaField: [...new Set([...flags.metaField, ...needed])] };
}
