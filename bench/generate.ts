/**
 * The benchmark corpus: news-like articles built at run time from the sentences and vocabulary of
 * `../shared/datasets/bbc-news-summary` (never copied into the repository), with dates, sources, tags
 * and some near-duplicate stories. Written as `.jsonl` files of 1,000 articles (the corpus reader's
 * 5 MB file limit) under a gitignored folder. Deterministic for a given seed and count.
 *
 * `tsx bench/generate.ts 10000 bench/out/corpus-10k`
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BBC_DIR = path.resolve(HERE, '../../shared/datasets/bbc-news-summary/articles');
/** The fixed "now" of the benchmark corpus: dates run back a year from it. */
export const BENCH_NOW = new Date('2026-11-01T12:00:00Z');
const PER_FILE = 1000;
/** Share of articles that retell an earlier story (another outlet, a reworded title, a sentence dropped). */
export const NEAR_DUPLICATE_SHARE = 0.06;

const OUTLETS = [
  'Reuters', 'Associated Press', 'Agence France-Presse', 'BBC News', 'The Guardian', 'Al Jazeera', 'Deutsche Welle',
  'The Washington Post', 'The New York Times', 'Financial Times', 'Bloomberg', 'NPR', 'Le Monde', 'El País',
  'The Hindu', 'South China Morning Post', 'Nikkei Asia', 'ABC News (Australia)', 'CBC News', 'France 24',
  'Euronews', 'The Times of India', 'Dawn', 'Kyiv Independent', 'Meduza', 'Global Times', 'Xinhua', 'TASS',
  'Haaretz', 'The Straits Times', 'Mail & Guardian', 'Daily Nation', 'Folha de S.Paulo', 'Clarín', 'Politico',
  'Foreign Policy', 'The Economist', 'Axios', 'The Diplomat', 'RFE/RL', 'VOA News', 'Kyodo News', 'Yonhap',
  'Anadolu Agency', 'The Irish Times', 'Der Spiegel', 'Corriere della Sera', 'NHK World', 'Channel News Asia', 'Arab News',
];
const REGION_TAGS = ['europe', 'asia', 'africa', 'americas', 'middle-east', 'uk', 'us', 'china', 'russia', 'india', 'ukraine', 'afghanistan', 'economy', 'elections', 'climate', 'energy', 'trade', 'security', 'health', 'technology'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ran', 'tor', 'vel', 'sha', 'dun', 'bri', 'eth', 'zan', 'qu', 'or', 'pel', 'ster', 'gan', 'wick', 'nov', 'ar', 'ius', 'ley', 'mar', 'ton', 'sel', 'dra', 'fen', 'hol', 'ix', 'ba', 'rov'];

interface SourceArticle {
  category: string;
  title: string;
  paragraphs: string[][];
}

/** A small seeded PRNG (mulberry32), so a corpus is the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reads the BBC articles: title on the first line, paragraphs split into sentences. */
export async function readBbc(dir = BBC_DIR): Promise<SourceArticle[]> {
  const out: SourceArticle[] = [];
  for (const category of (await readdir(dir)).sort()) {
    for (const file of (await readdir(path.join(dir, category))).sort()) {
      const text = (await readFile(path.join(dir, category, file), 'latin1')).replace(/\r/g, '');
      const [title = '', ...rest] = text.split('\n');
      const paragraphs = rest
        .join('\n')
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .map((p) => p.split(/(?<=[.!?]["”]?)\s+(?=["“]?[A-Z])/));
      if (title.trim() !== '' && paragraphs.length > 0) out.push({ category, title: title.trim(), paragraphs });
    }
  }
  return out;
}

/** Generated article record, as the corpus reader takes it from `.jsonl`. */
export interface BenchRecord {
  id: string;
  title: string;
  body: string;
  url: string;
  source: string;
  published: string;
  tags: string[];
}

/**
 * Makes `count` articles. Each takes the title and lead of one BBC article, mixes its sentences with
 * others of the same category, and renames some capitalised words with invented names (drawn from a
 * pool that grows with the corpus, Zipf-like), so the vocabulary keeps growing as real news does.
 */
export function* generateArticles(sources: readonly SourceArticle[], count: number, seed = 42): Generator<BenchRecord> {
  const rnd = random(seed);
  const byCategory = new Map<string, SourceArticle[]>();
  for (const s of sources) byCategory.set(s.category, [...(byCategory.get(s.category) ?? []), s]);
  const namePool = Math.max(2000, Math.round(count * 0.6));
  const name = (i: number) => {
    let n = i + 7;
    let word = '';
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    return word[0]!.toUpperCase() + word.slice(1);
  };
  const zipf = () => Math.floor(Math.pow(namePool, rnd()) - 1);
  const rename = (sentence: string, renames: Map<string, string>) =>
    sentence.replace(/(?<=\s)[A-Z][a-z]{3,}\b/g, (w) => {
      const known = renames.get(w);
      if (known !== undefined) return known;
      if (rnd() < 0.5) return w;
      const fresh = name(zipf());
      renames.set(w, fresh);
      return fresh;
    });
  const recent: BenchRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = `bench-${String(i).padStart(7, '0')}`;
    const ageDays = Math.pow(rnd(), 1.5) * 365;
    const published = new Date(BENCH_NOW.getTime() - ageDays * 86_400_000).toISOString().slice(0, 19) + 'Z';
    const source = OUTLETS[Math.floor(Math.pow(rnd(), 1.3) * OUTLETS.length)]!;
    const slug = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

    if (recent.length > 0 && rnd() < NEAR_DUPLICATE_SHARE) {
      const original = recent[Math.floor(rnd() * recent.length)]!;
      const paragraphs = original.body.split('\n\n');
      if (paragraphs.length > 2) paragraphs.splice(1 + Math.floor(rnd() * (paragraphs.length - 1)), 1);
      const title = rnd() < 0.5 ? original.title : `${original.title.replace(/\s+\S+$/, '')} ${['amid row', 'says official', 'report says', 'as talks go on'][Math.floor(rnd() * 4)]}`;
      const host = slug(source).replace(/-/g, '') || 'news';
      yield { id, title, body: paragraphs.join('\n\n'), url: `https://${host}.example/${id}/${slug(title)}`, source, published, tags: original.tags, } as BenchRecord;
      continue;
    }

    const base = sources[Math.floor(rnd() * sources.length)]!;
    const peers = byCategory.get(base.category)!;
    const renames = new Map<string, string>();
    // The lead: the base article's own in a third of the articles, else another paragraph of its
    // category, so that the few thousand source articles do not turn into stories of dozens.
    const leadFrom = rnd() < 0.33 ? base.paragraphs[0]! : pickParagraph(peers[Math.floor(rnd() * peers.length)]!, rnd);
    const paragraphs: string[] = [leadFrom.map((s) => rename(s, renames)).join(' ')];
    const wanted = 3 + Math.floor(rnd() * 4);
    for (let p = 1; p < wanted; p++) {
      const from = rnd() < 0.6 ? base : peers[Math.floor(rnd() * peers.length)]!;
      const para = from.paragraphs[1 + Math.floor(rnd() * Math.max(1, from.paragraphs.length - 1))] ?? from.paragraphs[0]!;
      paragraphs.push(para.map((s) => rename(s, renames)).join(' '));
    }
    const title = retitle(rename(` ${base.title}`, renames).trim(), paragraphs.join(' '), rnd);
    const tags = [base.category, REGION_TAGS[Math.floor(rnd() * REGION_TAGS.length)]!];
    if (rnd() < 0.4) tags.push(REGION_TAGS[Math.floor(rnd() * REGION_TAGS.length)]!);
    const host = slug(source).replace(/-/g, '') || 'news';
    const record: BenchRecord = { id, title, body: paragraphs.join('\n\n'), url: `https://${host}.example/${id}/${slug(title)}`, source, published, tags: [...new Set(tags)] };
    recent.push(record);
    if (recent.length > 200) recent.shift();
    yield record;
  }
}

function pickParagraph(article: SourceArticle, rnd: () => number): string[] {
  return article.paragraphs[Math.floor(rnd() * article.paragraphs.length)]!;
}

/** A headline: the source's, with about a third of its longer words swapped for words of the new body. */
function retitle(title: string, body: string, rnd: () => number): string {
  const pool = body.match(/\b[A-Za-z][a-z]{4,}\b/g) ?? [];
  if (pool.length === 0) return title;
  return title.replace(/\b[A-Za-z][a-z]{3,}\b/g, (w) => (rnd() < 0.35 ? pool[Math.floor(rnd() * pool.length)]! : w));
}

/** Writes a corpus of `count` articles into `dir` (emptied first) as `.jsonl` files; returns the bytes written. */
export async function writeCorpus(dir: string, count: number, seed = 42): Promise<{ files: number; bytes: number }> {
  const sources = await readBbc();
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  let lines: string[] = [];
  let files = 0;
  let bytes = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    await writeFile(path.join(dir, `part-${String(files).padStart(5, '0')}.jsonl`), text);
    bytes += Buffer.byteLength(text);
    files++;
    lines = [];
  };
  for (const record of generateArticles(sources, count, seed)) {
    lines.push(JSON.stringify(record));
    if (lines.length >= PER_FILE) await flush();
  }
  await flush();
  return { files, bytes };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const count = Number(process.argv[2] ?? 10_000);
  const dir = process.argv[3] ?? path.join(HERE, 'out', `corpus-${count}`);
  writeCorpus(dir, count).then(({ files, bytes }) => console.log(`${count} articles, ${files} files, ${(bytes / 1e6).toFixed(1)} MB in ${dir}`));
}
