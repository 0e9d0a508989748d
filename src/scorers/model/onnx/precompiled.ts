// The `Precompiled` normalizer of sentencepiece tokenizers (XLM-R, mBART, T5, …), run from the charsmap itself.
// Why: @huggingface/tokenizers 0.2.0 ignores the charsmap and approximates it with NFKC plus a few regexes, which
// differs on real text (it turns U+200D ZERO WIDTH JOINER into a space, so emoji ZWJ sequences split; the charsmap
// keeps it). We install this implementation in place of the library's (see tokenizer.ts).
//
// The charsmap (base64 in tokenizer.json) is [u32 LE trie size in bytes][trie: u32 LE units][normalized strings,
// each NUL-terminated]; the trie is a Darts double array over UTF-8 bytes whose leaf values are offsets into the
// strings. The Rust tokenizers library applies it per extended grapheme cluster: a cluster shorter than 6 UTF-8 bytes
// is looked up whole, and if ANY prefix of it is in the trie the SHORTEST match's replacement stands for the whole
// cluster (so "Ａ" + U+0301 becomes "A": the mark is dropped — the library's own comment calls this weird but
// load-bearing for XLM-R parity); otherwise each code point is looked up alone and kept when absent.
import { Buffer } from 'node:buffer';

const decoder = new TextDecoder();

/** UTF-8 bytes of `s` into `buf`, returning the byte count. Callers pass at most 5 UTF-16 units (≤ 15 bytes). */
function utf8Into(s: string, buf: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) buf[n++] = c;
    else if (c < 0x800) {
      buf[n++] = 0xc0 | (c >> 6);
      buf[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      buf[n++] = 0xe0 | (c >> 12);
      buf[n++] = 0x80 | ((c >> 6) & 0x3f);
      buf[n++] = 0x80 | (c & 0x3f);
    } else {
      buf[n++] = 0xf0 | (c >> 18);
      buf[n++] = 0x80 | ((c >> 12) & 0x3f);
      buf[n++] = 0x80 | ((c >> 6) & 0x3f);
      buf[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}

export class PrecompiledCharsmap {
  private readonly units: Uint32Array;
  private readonly strings: Uint8Array;
  private readonly segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
  private readonly cache = new Map<string, string>();
  private buf = new Uint8Array(64);

  constructor(base64: string) {
    const raw = Buffer.from(base64, 'base64');
    if (raw.length < 4) throw new Error('precompiled_charsmap is too short');
    const trieBytes = raw.readUInt32LE(0);
    if (trieBytes % 4 !== 0 || 4 + trieBytes > raw.length) throw new Error('precompiled_charsmap: bad trie size');
    this.units = new Uint32Array(trieBytes / 4);
    for (let i = 0; i < this.units.length; i++) this.units[i] = raw.readUInt32LE(4 + 4 * i);
    this.strings = new Uint8Array(raw.subarray(4 + trieBytes));
  }

  /** Replacement of the shortest prefix of `bytes[0..n)` found in the trie (Darts common-prefix search, first hit). */
  private shortestPrefixReplacement(bytes: Uint8Array, n: number): string | undefined {
    const u = this.units;
    let pos = _offset(u[0]);
    for (let k = 0; k < n; k++) {
      const c = bytes[k];
      if (c === 0) return undefined;
      pos ^= c;
      const unit = u[pos];
      if (unit === undefined || _label(unit) !== c) return undefined;
      pos ^= _offset(unit);
      if ((unit >>> 8) & 1) return this.stringAt(u[pos] & 0x7fffffff);
    }
    return undefined;
  }

  private stringAt(offset: number): string {
    let end = offset;
    while (end < this.strings.length && this.strings[end] !== 0) end++;
    return decoder.decode(this.strings.subarray(offset, end));
  }

  private cluster(g: string): string {
    const cached = this.cache.get(g);
    if (cached !== undefined) return cached;
    let out: string | undefined;
    if (g.length < 6) {
      // a cluster of fewer than 6 UTF-8 bytes has fewer than 6 UTF-16 units, so only those can qualify
      const n = utf8Into(g, this.buf);
      if (n < 6) out = this.shortestPrefixReplacement(this.buf, n);
    }
    if (out === undefined) {
      out = '';
      for (const ch of g) out += this.shortestPrefixReplacement(this.buf, utf8Into(ch, this.buf)) ?? ch;
    }
    if (this.cache.size < 1 << 16) this.cache.set(g, out);
    return out;
  }

  /** Replacements of U+0000..U+02FF alone (undefined = unchanged), for the fast path below. */
  private lowTable?: (string | undefined)[];

  private low(): (string | undefined)[] {
    if (!this.lowTable) {
      this.lowTable = [];
      for (let cp = 0; cp < FAST_LIMIT; cp++) {
        const ch = String.fromCharCode(cp);
        const r = this.cluster(ch);
        this.lowTable.push(r === ch ? undefined : r);
      }
    }
    return this.lowTable;
  }

  normalize(text: string): string {
    // Below U+0300 no code point extends a grapheme cluster (Extend, SpacingMark, Prepend, ZWJ, Hangul, regional
    // indicators all lie above), so apart from CR LF every code point is its own cluster: skip the segmenter.
    let fast = true;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) >= FAST_LIMIT) {
        fast = false;
        break;
      }
    }
    if (!fast && text.length === String.fromCodePoint(text.codePointAt(0) as number).length) return this.cluster(text); // one code point
    const parts: string[] = [];
    let flushed = 0;
    if (fast) {
      const table = this.low();
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let r: string | undefined;
        let width = 1;
        if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
          r = this.cluster('\r\n');
          width = 2;
          if (r === '\r\n') r = undefined;
        } else r = table[c];
        if (r !== undefined) {
          parts.push(text.slice(flushed, i), r);
          flushed = i + width;
        }
        i += width - 1;
      }
    } else {
      for (const { segment, index } of this.segmenter.segment(text)) {
        const r = this.cluster(segment);
        if (r !== segment) {
          parts.push(text.slice(flushed, index), r);
          flushed = index + segment.length;
        }
      }
    }
    if (parts.length === 0) return text;
    parts.push(text.slice(flushed));
    return parts.join('');
  }
}

const FAST_LIMIT = 0x300;

/** Darts unit fields. Labels compare with the high bit included, so a leaf unit never matches a byte. */
function _label(unit: number): number {
  return (unit & 0x800000ff) >>> 0;
}
function _offset(unit: number): number {
  return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
}
