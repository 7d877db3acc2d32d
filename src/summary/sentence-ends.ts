/**
 * Whether a full stop, question mark, exclamation mark or ellipsis ends its sentence, judged from the
 * word before it and the word after it. Pure and lexicon-driven; the scanner is in `sentence-cuts.ts`.
 */

const words = (list: string): Set<string> => new Set(list.split(' '));

/** Titles before a name: a capitalised word after them never opens a new sentence ("Dr. Smith"). */
const TITLES = words(
  'mr mrs ms mx messrs mme dr prof rev hon sen rep gov pres gen lt col maj capt cpt sgt cmdr adm brig cdr pvt cpl insp supt fr',
);

/**
 * Abbreviations that may end a sentence or sit inside one ("Briggs & Co. at noon" / "ask Jane and co.
 * They know"): a capitalised word after them opens a new sentence only if it usually opens one.
 */
const ABBREVIATIONS = words(
  'co inc corp ltd plc llc bros jr sr etc al est approx dept univ assn govt st mt ft ave rd blvd no nos vol vols fig figs ref tel ext ch para ' +
    'p pp ed eds vs cf ca jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun',
);

/** Abbreviations that are also common lower-case words ("sun", "sat", "no"): they count only when capitalised. */
const CAPITALISED_ONLY = words('jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun no st');

/** Dotted abbreviations always followed by more of the sentence. */
const ALWAYS_CONTINUED = words('e.g i.e viz cf');

/**
 * Capitalised words that continue a sentence after a dotted abbreviation ("U.S. Army", "5 p.m.
 * Monday", "9 a.m. GMT"): institutions, ranks, days, months and time zones. Any other capitalised word
 * after "U.K." or "a.m." opens a new sentence ("…moved to the U.K. Officials said…").
 */
const AFTER_DOTTED = words(
  'government army navy air marine marines coast forces force military senate congress house parliament supreme court courts ' +
    'district federal national central state states department embassy ambassador treasury president vice secretary ' +
    'attorney justice defense defence commerce trade energy labor labour health homeland special security council ' +
    'commission general assembly agency bureau office open olympic dollar dollars citizenship customs border census postal ' +
    'geological intelligence envoy representative prime foreign home high human refugee sen rep gen adm lt col maj capt sgt ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september ' +
    'october november december gmt bst utc est edt cst cdt mst mdt pst pdt et pt ct cet cest ist jst aest',
);

/** Words that commonly open a sentence: after "co." or an initial, one of these starts a new sentence. */
const OPENERS = words(
  'the a an he she it its they we i you this that these those there here his her their our my your but and or so yet nor ' +
    'in on at for as if when while after before since although though however meanwhile also then now today yesterday ' +
    'how what why where who which whose did do does is are was were can could will would should shall may might must ' +
    'has have had let not yes one some many most all each every both such',
);

const OPENING_PUNCTUATION = /^["'\u201C\u2018(\[\u00AB\u00BF\u00A1*_]+/u;
const DOTTED = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u;

/** Where a candidate ending sits: the terminator run, closing quotes/brackets, and what is around. */
export interface Ending {
  /** The run of terminators, e.g. ".", "?!", "....", ". . .", "…". */
  run: string;
  /** Closing quotes and brackets right after the run. */
  closers: string;
  /** Text before the run (the word before it is its last token). */
  before: string;
  /** Text after the closers (starts with whitespace, or is empty at the end). */
  after: string;
}

/**
 * Decides whether a candidate ending closes its sentence.
 *
 * @example endsSentence({ run: '.', closers: '', before: 'ask Jane and co', after: ' They know.' }) // => true
 * @example endsSentence({ run: '.', closers: '', before: 'works for the U.S', after: ' Government in Ohio.' }) // => false
 */
export function endsSentence(ending: Ending): boolean {
  const nextToken = /^\s*(\S+)/u.exec(ending.after)?.[1];
  if (nextToken === undefined) return true;
  const next = nextToken.replace(OPENING_PUNCTUATION, '');
  if (/^\p{Ll}/u.test(next)) return false;
  if (/[!?]/u.test(ending.run)) return true;
  const dots = [...ending.run].filter((c) => c === '.').length + 3 * [...ending.run].filter((c) => c === '\u2026').length;
  if (dots >= 4) return true;
  if (dots >= 2) return !(ending.run.includes(' ') || (ending.closers.startsWith(']') && ending.before.endsWith('[')));
  if (ending.closers !== '') return true;
  const tokens = ending.before.split(/\s+/u);
  // After an unspaced sentence end ("Tuesday.Mr. Smith") the word is what follows it.
  const word = (tokens.at(-1) ?? '').replace(OPENING_PUNCTUATION, '').replace(/^.*[\p{Ll}\d]\.(?=\p{Lu}\p{Ll})/u, '');
  if (/^\p{N}/u.test(next)) return /^\p{N}+$/u.test(word) || (/^\p{L}{2,}$/u.test(word) && !isAbbreviation(word));
  return !continues(word, tokens.at(-2) ?? '', next);
}

/**
 * Whether "word." is a known title or abbreviation ("Dr.", "Jan.", "p.").
 *
 * @example isAbbreviation('Mr') // => true
 */
export function isAbbreviation(word: string): boolean {
  const lower = word.toLowerCase();
  return TITLES.has(lower) || ABBREVIATIONS.has(lower);
}

/** Whether "word." is an abbreviation or initial that the capitalised `next` continues. */
function continues(word: string, previous: string, next: string): boolean {
  if (word === '') return false;
  const lower = word.toLowerCase();
  const nextKey = next.toLowerCase().replace(/[^\p{L}\p{N}]+$/u, '').replace(/\..*$/u, '');
  const opensSentence = OPENERS.has(nextKey);
  if (/^\p{Lu}$/u.test(word)) {
    if (opensSentence) return false;
    const afterName = previous === '' || /^\p{Lu}/u.test(previous.replace(OPENING_PUNCTUATION, ''));
    return afterName || /^\p{Lu}\.$/u.test(next);
  }
  if (TITLES.has(lower)) return true;
  if (DOTTED.test(word)) return ALWAYS_CONTINUED.has(lower) || AFTER_DOTTED.has(nextKey);
  if (!ABBREVIATIONS.has(lower)) return false;
  if (CAPITALISED_ONLY.has(lower) && !/^\p{Lu}/u.test(word)) return false;
  return !opensSentence;
}
