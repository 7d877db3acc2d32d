import { ara, bul, ell, fas, heb, hin, jpn, kor, mar, rus, tha, ukr, urd, zho } from 'stopword';

/** Scripts written without spaces between words: their runs are split by `Intl.Segmenter`. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;
const ARABIC = /\p{Script=Arabic}/u;
const HAN_ONLY = /^\p{Script=Han}+$/u;

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * True when a text holds any character of a script written without spaces (only then can
 * {@link segmentWords} split a token of it).
 *
 * @example hasUnspacedScript('Taliban revenue') // => false
 */
export function hasUnspacedScript(text: string): boolean {
  return UNSPACED.test(text);
}

/**
 * The words of one token: itself, or for Chinese, Japanese, Thai (and Lao, Khmer, Burmese) its
 * dictionary words by `Intl.Segmenter` with word granularity (and the two-character parts of a
 * longer Han compound).
 *
 * @example segmentWords('中国和俄罗斯加强战略协作') // => ['中国', '和', '俄罗斯', '俄罗', '罗斯', '加强', '战略', '协作']
 * @example segmentWords('harbour') // => ['harbour']
 */
export function segmentWords(token: string): string[] {
  if (!UNSPACED.test(token)) return [token];
  const locale = KANA.test(token) ? 'ja' : /\p{Script=Thai}/u.test(token) ? 'th' : 'zh';
  let segmenter = segmenters.get(locale);
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  const out: string[] = [];
  for (const s of segmenter.segment(token)) {
    if (!s.isWordLike) continue;
    out.push(s.segment);
    // A long Chinese or Japanese compound (货物运输) also yields its two-character parts (运输), so a
    // word the dictionary joined to another is still found.
    if (s.segment.length > 2 && HAN_ONLY.test(s.segment)) for (let i = 0; i + 2 <= s.segment.length; i++) out.push(s.segment.slice(i, i + 2));
  }
  return out;
}

/** Arabic-script spelling variants folded: short-vowel marks and tatweel dropped, alef, yeh and teh marbuta forms unified. */
function foldArabic(word: string): string {
  return word.replace(/[\p{M}\u0640]/gu, '').replace(/[أإآٱ]/g, 'ا').replace(/ى/g, 'ي').replace(/ة/g, 'ه');
}

const stopSet = (lists: string[][], fold: (w: string) => string = (w) => w) => new Set(lists.flat().map((w) => fold(w.toLowerCase())));

/** Stop words by the script a word is written in (the `stopword` package's lists). Latin is handled by the English rules. */
const STOP_BY_SCRIPT: readonly (readonly [RegExp, ReadonlySet<string>])[] = [
  [/\p{Script=Cyrillic}/u, stopSet([rus, ukr, bul])],
  [ARABIC, stopSet([ara, fas, urd], foldArabic)],
  [/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u, stopSet([zho, jpn])],
  [/\p{Script=Thai}/u, stopSet([tha])],
  [/\p{Script=Hangul}/u, stopSet([kor])],
  [/\p{Script=Greek}/u, stopSet([ell])],
  [/\p{Script=Hebrew}/u, stopSet([heb])],
  [/\p{Script=Devanagari}/u, stopSet([hin, mar])],
];

/**
 * A lower-cased word of a non-Latin script as the index stores it: Arabic spelling folded, stop
 * words of its script removed (`null`), one-letter words kept only in Chinese and Japanese.
 * `undefined` for a Latin-script (or digit) word, which the English rules handle.
 *
 * @example scriptTerm('сотрудничество') // => 'сотрудничество'
 * @example scriptTerm('и') // => null
 * @example scriptTerm('harbour') // => undefined
 */
export function scriptTerm(lower: string): string | null | undefined {
  const entry = STOP_BY_SCRIPT.find(([script]) => script.test(lower));
  if (entry === undefined) return undefined;
  const word = ARABIC.test(lower) ? foldArabic(lower) : lower;
  if (word.length < 2 && !HAN.test(word)) return null;
  return entry[1].has(word) ? null : word;
}
