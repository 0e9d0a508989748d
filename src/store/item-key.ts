// Content keys for items: the cache key of a score is (scorer signature, hash of what the scorer can see).
import * as crypto from 'node:crypto';
import type { Item, Needs } from '../scorers/contract.js';

/** Changes whenever the encoding below changes, so keys of different encodings can never collide. */
const ENCODING = 'trenchcoat-item-key-v1';

/**
 * sha256 (base64url, 43 characters) of an item's scorer-visible content: output, references (in order), prompt
 * (a string, or chat messages as [role, content] pairs) and context. The id and meta are left out — two rows with
 * the same text get the same score whatever they are called. (`column:` scorers read meta, which is why the cache
 * never wraps precomputed scorers.)
 *
 * The encoding is one JSON array with a fixed slot per field. JSON makes it unambiguous: strings are quoted and
 * escaped, so no choice of texts can shift a boundary between fields; an absent field (`null`) differs from an
 * empty one (`[]`, `""`); a string prompt differs from a message list. JSON.stringify also escapes lone UTF-16
 * surrogates, which hashing the raw string as UTF-8 would replace by U+FFFD and so collide.
 *
 * With `needs`, only the fields a scorer requires are hashed (plus the output). That is opt-in: `needs` lists what a
 * scorer requires, not all it may read (a judge may use a reference when one is present), so narrowing is only safe
 * for scorers that read nothing else.
 */
export function itemContentKey(item: Item, needs?: Needs): string {
  const prompt = needs && !needs.prompt ? undefined : item.prompt;
  const encoded = JSON.stringify([
    ENCODING,
    item.output,
    needs && !needs.references ? null : (item.references ?? null),
    prompt === undefined ? null : typeof prompt === 'string' ? prompt : prompt.map((m) => [m.role, m.content]),
    needs && !needs.context ? null : (item.context ?? null),
  ]);
  return sha256(encoded);
}

// One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object: ≈ 2.4x faster than createHash on sentence-sized
// items, which matters because every cache lookup hashes its item first.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'base64url') => string }).hash;
const sha256: (s: string) => string = oneShot
  ? (s) => oneShot('sha256', s, 'base64url')
  : (s) => crypto.createHash('sha256').update(s, 'utf8').digest('base64url');
