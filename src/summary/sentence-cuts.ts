import { endsSentence, isAbbreviation } from './sentence-ends.js';

/** Characters that open a list item wherever they stand. */
const BULLETS = '\u2022\u25E6\u25AA\u2023\u2043\u25CF\u25A0\u25BA\u25B8';

/**
 * A run of terminators ("." "?!" "...." ". . ." "…"), then closing quotes and brackets, then
 * whitespace or the end; reference marks ("[1]") go with the closers. Spaces inside the run only
 * between dots, so ". . ." is one run. A run
 * starts only where no terminator stands before it, so a long run is tried once, not once per dot.
 */
const TERMINATOR = /(?<![.!?\u2026]|[.\u2026] )([.!?\u2026](?:[.!?\u2026]| (?=[.\u2026]))*)(["'\u201D\u2019)\]\u00BB]*(?:\[\d{1,3}\])*)(?=\s|$)/gu;

/** A full stop with no space after it, between a lower-case word or a number and a capitalised word ("world.Today"). */
const UNSPACED = /(?<=[\p{Ll}\d])\.(?=\p{Lu}\p{Ll})/gu;

/** A list marker: "1." "2)" "3.)" "a." "b)", after whitespace or a bullet and before whitespace. */
const MARKER = new RegExp(`(?<=^|[\\s${BULLETS}])(\\d{1,2}|[A-Za-z])(\\.\\)|\\)|\\.)(?=\\s)`, 'gu');

const ONLY_SPACE_AND_BULLETS = new RegExp(`^[\\s${BULLETS}]*$`, 'u');

interface Marker {
  start: number;
  end: number;
  kind: 'digit' | 'lower' | 'upper';
  value: number;
  /** Only whitespace and bullets stand between it and the start of its line or item. */
  leading: boolean;
  /** Preceded by a colon ("Two demands: 1) …"). */
  afterColon: boolean;
}

/**
 * Offsets inside a paragraph where one sentence ends and the next begins: after a sentence-ending
 * terminator, before a bullet, before the next item of a numbered or lettered list ("1) Sanctions
 * 2) Talks"), and at line breaks, except where a long line runs on into a lower-case word (a wrapped
 * line of prose).
 *
 * @example sentenceCuts('1) Sanctions 2) Talks') // => [13]
 */
export function sentenceCuts(block: string): number[] {
  const cuts = new Set<number>([...lineCuts(block), ...bulletCuts(block)]);
  const itemStarts = [0, ...cuts];
  const markers = listMarkers(block, itemStarts);
  for (const m of chained(markers)) if (!m.leading) cuts.add(m.start);
  const inMarker = new Set<number>();
  for (const m of markers) if (m.leading || m.chained) for (let i = m.start; i < m.end; i++) inMarker.add(i);
  for (const t of block.matchAll(TERMINATOR)) {
    const end = t.index + t[0].length;
    if (inMarker.has(t.index)) continue;
    if (endsSentence({ run: t[1]!, closers: t[2]!, before: wordsBefore(block, t.index), after: block.slice(end, end + CONTEXT) })) cuts.add(end);
  }
  for (const m of block.matchAll(UNSPACED)) if (unspacedEnd(block, m.index)) cuts.add(m.index + 1);
  return [...cuts].filter((c) => c > 0 && c < block.length).sort((a, b) => a - b);
}

/** Whether the unspaced full stop at `dot` ends a sentence: not in an address or after an abbreviation ("Mr.Smith"). */
function unspacedEnd(block: string, dot: number): boolean {
  const start = block.slice(Math.max(0, dot - CONTEXT), dot).search(/\S+$/u);
  const token = block.slice(Math.max(0, dot - CONTEXT) + Math.max(0, start), dot + CONTEXT).split(/\s/u)[0] ?? '';
  if (/@|:\/\/|^www\./iu.test(token)) return false;
  const word = /[\p{L}\p{N},]+$/u.exec(block.slice(Math.max(0, dot - 40), dot))?.[0] ?? '';
  return word.length >= 2 && !isAbbreviation(word);
}

/** How much text either side of a terminator is looked at (a few words). */
const CONTEXT = 200;

/** The text before `at`, at most {@link CONTEXT} characters of it, starting at a word boundary. */
function wordsBefore(block: string, at: number): string {
  if (at <= CONTEXT) return block.slice(0, at);
  const window = block.slice(at - CONTEXT, at);
  const space = window.search(/\s/u);
  return space < 0 ? '' : window.slice(space);
}

function lineCuts(block: string): number[] {
  const cuts: number[] = [];
  for (const m of block.matchAll(/\n/gu)) {
    const lineStart = block.lastIndexOf('\n', m.index - 1) + 1;
    const line = block.slice(lineStart, m.index).trim();
    const wrapped = line.split(/\s+/u).length >= 3 && /^[ \t]*\p{Ll}/u.test(block.slice(m.index + 1));
    if (!wrapped) cuts.push(m.index + 1);
  }
  return cuts;
}

function bulletCuts(block: string): number[] {
  const cuts: number[] = [];
  for (const m of block.matchAll(new RegExp(`[${BULLETS}]`, 'gu'))) cuts.push(m.index);
  return cuts;
}

function listMarkers(block: string, itemStarts: number[]): (Marker & { chained: boolean })[] {
  const starts = [...itemStarts].sort((a, b) => a - b);
  let next = 0;
  return [...block.matchAll(MARKER)].map((m) => {
    while (next + 1 < starts.length && starts[next + 1]! <= m.index) next++;
    const label = m[1]!;
    const kind = /\d/u.test(label) ? 'digit' : /\p{Lu}/u.test(label) ? 'upper' : 'lower';
    const itemStart = starts[next]!;
    const near = block.slice(Math.max(itemStart, m.index - 40), m.index);
    return {
      start: m.index,
      end: m.index + m[0].length,
      kind,
      value: kind === 'digit' ? Number(label) : label.toLowerCase().charCodeAt(0) - 96,
      leading: m.index - itemStart <= 40 && ONLY_SPACE_AND_BULLETS.test(near),
      afterColon: /:\s*$/u.test(near),
      chained: false,
    };
  });
}

/**
 * Markers that belong to a list: two or more of one kind numbered one after the other, the first
 * opening its line or following a colon, or (for numbers) being 1. Marks them `chained`.
 */
function chained(markers: (Marker & { chained: boolean })[]): Marker[] {
  const out: Marker[] = [];
  for (const kind of ['digit', 'lower', 'upper'] as const) {
    const ofKind = markers.filter((m) => m.kind === kind);
    let run: (Marker & { chained: boolean })[] = [];
    const close = () => {
      const first = run[0];
      const opens = first !== undefined && (first.leading || first.afterColon || (kind === 'digit' && first.value === 1));
      if (run.length >= 2 && opens && (kind === 'digit' || first.value === 1)) for (const m of run) (m.chained = true), out.push(m);
      run = [];
    };
    for (const m of ofKind) {
      if (run.length > 0 && m.value !== run.at(-1)!.value + 1) close();
      run.push(m);
    }
    close();
  }
  return out;
}
