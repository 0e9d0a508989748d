// System names differ between the files of one WMT evaluation. The MQM and DA files use short or numbered names; the
// plaintext outputs use the submission names. These maps come from the data READMEs (checked against the texts there).

/** Human-judgment name → name in `wmt21-news-systems/txt/system-outputs` (MQM newstest2021 en-de, DA de-en). */
export const WMT21_TEXT_NAMES: Readonly<Record<string, string>> = Object.freeze({ Nemo: 'NVIDIA-NeMo' });

/** MQM `ref-X` rows are the WMT reference `X` (`newstest2021.en-de.ref.X.de`). */
export function referenceOfSystem(name: string): string | undefined {
  const m = /^ref-([A-Za-z0-9]+)$/.exec(name);
  return m ? m[1] : undefined;
}

const SUBMISSION_ID = /^(.+)\.(\d+)$/;

/**
 * WMT DA and the newstest2020 MQM file append the submission id (`eTranslation.737`, `Human-A.0`, `UF.15`).
 * `auto` strips it only when every name carries one, so a real name ending in digits (`Llama-3.1`) is never cut
 * by accident; the published tables use the stripped names.
 */
export function submissionIdStripper(names: readonly string[], mode: boolean | 'auto'): (name: string) => string {
  const strip = mode === true || (mode === 'auto' && names.length > 0 && names.every((n) => SUBMISSION_ID.test(n)));
  return strip ? (n) => SUBMISSION_ID.exec(n)?.[1] ?? n : (n) => n;
}
