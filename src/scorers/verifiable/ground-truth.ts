// The verl reward functions compare a response with ONE ground-truth string; an item's `references[0]`.
import { ScorerInputError, type Item } from '../contract.js';

/** The item's single ground truth. Several references are refused rather than silently reduced to the first. */
export function singleGroundTruth(scorerId: string, item: Item): string {
  const refs = item.references ?? [];
  if (refs.length !== 1) {
    throw new ScorerInputError(
      `${scorerId}: item ${item.id} has ${refs.length} references; the verl reward compares with exactly one ground truth`,
      item.id,
      'references',
    );
  }
  return refs[0];
}
