// Preference tools side by side with Python: Bradley–Terry (fit and 1000-round multinomial bootstrap) and online Elo on
// a seeded synthetic arena of 100 models and 200,000 battles (10% ties), against a FastChat-method reimplementation in
// NumPy/SciPy (bench/reference/prefs_bt.py; scikit-learn's LogisticRegression fit too when it is installed).
import path from 'node:path';
import { bradleyTerry, onlineElo, tabulateBattles, type Battle } from '../src/prefs/index.js';
import { createRng } from '../src/stats/rng.js';
import { BENCH_DIR, bestTime, maxAbsDiff, printRows, runPython, type BenchRow } from './harness.js';

const MODELS = 100;
const BATTLES = 200_000;
const ROUNDS = 1000;
/** Python's bootstrap refits with L-BFGS one round at a time; it runs fewer rounds and its time is scaled up. */
const PY_ROUNDS = 50;

/** Skills ~ N(0, 0.5²) in log10-odds, uniform random pairings, 10% ties, the rest Bradley–Terry draws. */
export function syntheticArena(seed = 42, models = MODELS, battles = BATTLES): Battle[] {
  const rng = createRng(seed);
  const skill = Array.from({ length: models }, () => rng.normal() * 0.5);
  const out: Battle[] = [];
  for (let k = 0; k < battles; k++) {
    const a = rng.int(models);
    let b = rng.int(models - 1);
    if (b >= a) b++;
    const pA = 1 / (1 + Math.pow(10, skill[b] - skill[a]));
    const tie = rng.uniform() < 0.1;
    out.push({ modelA: `model-${a}`, modelB: `model-${b}`, outcome: tie ? 'tie' : rng.uniform() < pA ? 'a' : 'b' });
  }
  return out;
}

export async function benchPrefs(repeats: number): Promise<BenchRow[]> {
  const battles = syntheticArena();
  const table = tabulateBattles(battles);
  const models = table.models;
  const ratingsOf = (r: { ratings: { model: string; rating: number }[] }) => {
    const m = new Map(r.ratings.map((x) => [x.model, x.rating]));
    return models.map((name) => m.get(name) as number);
  };

  bradleyTerry(table); // warm-up (JIT)
  const fit = bestTime(() => bradleyTerry(battles), repeats);
  const boot = bestTime(() => bradleyTerry(table, {}, { rounds: ROUNDS, seed: 1 }), Math.min(repeats, 2));
  const elo = bestTime(() => onlineElo(battles), repeats);

  const index = new Map(models.map((m, i) => [m, i]));
  const score = (o: Battle['outcome']) => (o === 'a' ? 1 : o === 'b' ? 0 : 0.5);
  const job = {
    models,
    a: battles.map((b) => index.get(b.modelA)),
    b: battles.map((b) => index.get(b.modelB)),
    s: battles.map((b) => score(b.outcome)),
    bootstrap_rounds: PY_ROUNDS,
    seed: 1,
    sklearn: true,
  };
  const py = runPython(path.join(BENCH_DIR, 'reference/prefs_bt.py'), job);
  const t = py.ok ? py.result.tasks : undefined;

  const ours = ratingsOf(fit.out);
  const rows: BenchRow[] = [
    {
      task: 'bt-fit',
      items: BATTLES,
      ours: fit.seconds,
      reference: t?.lbfgs_fit.seconds,
      maxAbsDiff: t ? maxAbsDiff(ours, t.lbfgs_fit.ratings) : undefined,
      note: 'vs SciPy L-BFGS on unique outcomes (gtol 1e-6: its own stopping error)',
    },
  ];
  if (t?.sklearn_fit) {
    rows.push({
      task: 'bt-fit-sklearn',
      items: BATTLES,
      ours: fit.seconds,
      reference: t.sklearn_fit.seconds,
      maxAbsDiff: maxAbsDiff(ours, t.sklearn_fit.ratings),
      note: 'vs LogisticRegression on duplicated rows (FastChat compute_mle_elo)',
    });
  }
  const bootRow: BenchRow = { task: `bt-bootstrap-${ROUNDS}`, items: BATTLES * ROUNDS, ours: boot.seconds, note: `${MODELS} models; table + fit + ${ROUNDS} multinomial rounds` };
  if (t?.lbfgs_boot) {
    bootRow.reference = (t.lbfgs_boot.seconds * ROUNDS) / t.lbfgs_boot.rounds;
    const ourLower = models.map((m) => boot.out.ratings.find((x) => x.model === m)!.lower as number);
    // different generators: the difference of 2.5% bounds is Monte-Carlo noise, shown for scale
    bootRow.maxAbsDiff = maxAbsDiff(ourLower, t.lbfgs_boot.lower);
    bootRow.note += `; Python time scaled from ${t.lbfgs_boot.rounds} rounds; |diff| of lower bounds is Monte-Carlo noise`;
  }
  rows.push(bootRow);
  rows.push({
    task: 'online-elo',
    items: BATTLES,
    ours: elo.seconds,
    reference: t?.online_elo.seconds,
    maxAbsDiff: t ? maxAbsDiff(ratingsOf(elo.out), t.online_elo.ratings) : undefined,
  });
  if (!py.ok) for (const r of rows) r.note = `${r.note ? r.note + '; ' : ''}Python not run: ${py.reason}`;
  printRows(`preference tools — synthetic arena, ${MODELS} models, ${BATTLES} battles (best of ${repeats})`, 'Python', rows);
  return rows;
}
