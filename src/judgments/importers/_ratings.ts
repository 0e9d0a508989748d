// Collects (system, item, value) cells in file order and lays them out as the system-major matrix of `Ratings`.
// Systems and items keep the order of their first appearance, so a file read twice gives the same matrix.

import type { Ratings } from '../types.js';
import type { PositionUnit } from '../../data/errors.js';
import { judgmentError } from './_io.js';

export type DuplicatePolicy = 'error' | 'mean';

export interface RatingsMeta {
  protocol?: string;
  group?: string;
  level?: Ratings['level'];
}

/** The position of `name` in `names`, appended on first sight (so the order is that of first appearance). */
function _indexOf(names: string[], index: Map<string, number>, name: string): number {
  let i = index.get(name);
  if (i === undefined) {
    i = names.length;
    names.push(name);
    index.set(name, i);
  }
  return i;
}

export class RatingsBuilder {
  readonly systems: string[] = [];
  readonly items: string[] = [];
  private readonly systemIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();
  private readonly cellSystem: number[] = [];
  private readonly cellItem: number[] = [];
  private readonly cellValue: number[] = [];
  private readonly cellLine: number[] = [];
  private readonly cellCount: number[] = [];

  constructor(
    private readonly file: string,
    private readonly options: { duplicates?: DuplicatePolicy; unit?: PositionUnit; field?: string } = {},
  ) {}

  system(name: string): number {
    return _indexOf(this.systems, this.systemIndex, name);
  }

  item(id: string): number {
    return _indexOf(this.items, this.itemIndex, id);
  }

  /** A cell; `value` NaN = present but not rated. `count` = raw judgments behind the value (DA's N), if known. */
  add(system: string, item: string, value: number, line: number, count = 0): void {
    this.cellSystem.push(this.system(system));
    this.cellItem.push(this.item(item));
    this.cellValue.push(value);
    this.cellLine.push(line);
    this.cellCount.push(count);
  }

  get size(): number {
    return this.cellValue.length;
  }

  build(meta: RatingsMeta = {}, options: { withCounts?: boolean } = {}): Ratings {
    const nItems = this.items.length;
    const cells = this.systems.length * nItems;
    const values = new Float64Array(cells).fill(NaN);
    const lines = new Int32Array(cells);
    const mean = this.options.duplicates === 'mean';
    const sums = mean ? new Float64Array(cells) : undefined;
    const rated = mean ? new Uint32Array(cells) : undefined;
    const counts = options.withCounts ? new Uint32Array(cells) : undefined;
    for (let k = 0; k < this.cellValue.length; k++) {
      const cell = this.cellSystem[k] * nItems + this.cellItem[k];
      const v = this.cellValue[k];
      if (counts) counts[cell] += this.cellCount[k];
      if (mean) {
        lines[cell] = this.cellLine[k];
        if (!Number.isNaN(v)) {
          sums![cell] += v;
          rated![cell]++;
        }
        continue;
      }
      if (lines[cell] !== 0) {
        const sys = this.systems[this.cellSystem[k]];
        const item = this.items[this.cellItem[k]];
        throw judgmentError(
          { file: this.file, line: this.cellLine[k], unit: this.options.unit, field: this.options.field },
          'type',
          `duplicate rating for system ${JSON.stringify(sys)}, item ${JSON.stringify(item)} (first on ${this.options.unit ?? 'line'} ${lines[cell]})`,
        );
      }
      lines[cell] = this.cellLine[k];
      values[cell] = v;
    }
    if (mean) {
      for (let c = 0; c < cells; c++) if (rated![c] > 0) values[c] = sums![c] / rated![c];
    }
    const r: Ratings = { kind: 'ratings', systems: this.systems.slice(), items: this.items.slice(), values };
    if (meta.protocol !== undefined) r.protocol = meta.protocol;
    if (meta.group !== undefined) r.group = meta.group;
    if (meta.level !== undefined) r.level = meta.level;
    if (counts) r.counts = counts;
    return r;
  }
}

/** Systems of `r` renamed through `names` (names not in the map stay). Two systems mapped onto one name is an error. */
export function renameSystems(r: Ratings, names: Readonly<Record<string, string>>, file: string): Ratings {
  const systems = r.systems.map((s) => (Object.prototype.hasOwnProperty.call(names, s) ? names[s] : s));
  const seen = new Set<string>();
  for (const s of systems) {
    if (seen.has(s)) throw judgmentError({ file, line: 0, field: 'system' }, 'type', `two systems renamed to ${JSON.stringify(s)}`);
    seen.add(s);
  }
  return { ...r, systems };
}
