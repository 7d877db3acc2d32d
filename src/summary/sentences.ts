/** A sentence copied verbatim from a text, with where it sits. */
export interface Sentence {
  text: string;
  /** Offset of the first character in the source text. */
  start: number;
  /** Position among the text's sentences (0 = first). */
  index: number;
}

/** Words that end in a full stop without ending a sentence (lower-case, without the dot). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt ft rev hon sen rep gov pres gen lt col maj capt cpt sgt cmdr adm brig cdr pvt cpl insp supt ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ' +
    'no nos vol vols fig figs p pp ed eds est approx dept univ assn bros inc corp co ltd plc vs etc al cf e.g i.e ' +
    'u.s u.k u.n e.u a.m p.m u.s.a d.c'
  ).split(' '),
);

/** Abbreviations that are also common lower-case words ("sun", "sat", "wed", "mar"): they count only when capitalised ("Sun."). */
const CAPITALISED_ONLY = new Set('jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun no'.split(' '));

/** Abbreviations that, followed by a capitalised word, usually still sit inside the sentence. */
const ALWAYS_JOIN = new Set('mr mrs ms dr prof sr jr st mt ft rev hon sen rep gov pres gen lt col maj capt cpt sgt cmdr adm brig cdr pvt cpl insp supt no nos vol fig pp vs cf'.split(' '));

/** Words that often open a sentence: after "U.S." one of these starts a new sentence. */
const SENTENCE_OPENERS = new Set('the a an he she it they we i this that these those there but and or so yet in on at for as if when while after before his her their its our my mr mrs ms dr'.split(' '));

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Splits text into sentences, each an exact slice of the input (trimmed). Built on `Intl.Segmenter`,
 * then mended where it splits inside a sentence: after titles ("Lt. Gen."), months ("Jan. 5"),
 * initials ("J. R. Tolkien"), and "U.S." or "p.m." followed by a name. Paragraph breaks always split.
 *
 * @example splitSentences('Lt. Gen. Kurilla spoke. He left.').map((s) => s.text) // ['Lt. Gen. Kurilla spoke.', 'He left.']
 */
export function splitSentences(text: string): Sentence[] {
  const cached = SPLITS.get(text);
  if (cached !== undefined) return [...cached];
  const out = split(text);
  for (const s of out) Object.freeze(s);
  if (SPLITS.size >= SPLIT_CACHE_SIZE) SPLITS.delete(SPLITS.keys().next().value!);
  SPLITS.set(text, out);
  return [...out];
}

/**
 * The last texts split, so the articles of a popular query are not segmented again for every
 * brief (and twice per brief: once for the item's summary, once for the synthesis). Oldest out first.
 */
const SPLIT_CACHE_SIZE = 512;
const SPLITS = new Map<string, readonly Sentence[]>();

function split(text: string): Sentence[] {
  const out: Sentence[] = [];
  const paragraph = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
  for (const block of text.matchAll(paragraph)) {
    const base = block.index ?? 0;
    let pending: { start: number; end: number } | undefined;
    for (const seg of segmenter.segment(block[0])) {
      const start = base + seg.index;
      const end = start + seg.segment.length;
      if (pending && shouldJoin(text.slice(pending.start, pending.end), seg.segment)) {
        pending.end = end;
        continue;
      }
      if (pending) push(out, text, pending);
      pending = { start, end };
    }
    if (pending) push(out, text, pending);
  }
  return out;
}

function push(out: Sentence[], text: string, span: { start: number; end: number }): void {
  const raw = text.slice(span.start, span.end);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed === '' || !/[\p{L}\p{N}]/u.test(trimmed)) return;
  out.push({ text: trimmed, start: span.start + lead, index: out.length });
}

function shouldJoin(previous: string, next: string): boolean {
  const lastWord = /(\S+)\s*$/.exec(previous)?.[1] ?? '';
  if (!lastWord.endsWith('.')) return false;
  const original = lastWord.replace(/^[("'\u201C\u2018[]+/, '').slice(0, -1);
  const bare = original.toLowerCase();
  const nextWord = /^\s*(\S+)/.exec(next)?.[1] ?? '';
  const nextBare = nextWord.replace(/^[("'\u201C\u2018[]+/, '').replace(/[^\p{L}\p{N}]+$/u, '');
  if (nextBare === '') return false;
  if (/^\p{Ll}/u.test(nextBare) || /^\d/.test(nextBare)) return true;
  if (/^\p{Lu}$/u.test(original)) return true;
  if (!ABBREVIATIONS.has(bare)) return false;
  if (CAPITALISED_ONLY.has(bare) && !/^\p{Lu}/u.test(original)) return false;
  if (ALWAYS_JOIN.has(bare)) return true;
  return !SENTENCE_OPENERS.has(nextBare.toLowerCase());
}
