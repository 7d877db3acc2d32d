import { describe, expect, it } from 'vitest';
import { decodeLenient, splitBbcArticle } from '../../eval/bbc-collection.js';
import { parseStopList, parseTimeDocuments, parseTimeJudgments, parseTimeQueries, timeArticle } from '../../eval/time-collection.js';

describe('TIME parsing', () => {
  const all = '*TEXT 017 01/04/63 PAGE 020\n\nTHE ALLIES AFTER NASSAU IN DECEMBER .\n\nSECOND LINE .\n\n*TEXT 019 01/11/63 PAGE 022\n\nOTHER .\n\n*STOP\n';
  it('numbers documents by position and joins wrapped lines', () => {
    const docs = parseTimeDocuments(all);
    expect(docs.map((d) => [d.ordinal, d.label, d.published])).toEqual([
      [1, '017', '1963-01-04'],
      [2, '019', '1963-01-11'],
    ]);
    expect(docs[0]!.text).toBe('THE ALLIES AFTER NASSAU IN DECEMBER . SECOND LINE .');
    expect(docs[1]!.text).toBe('OTHER .');
    const article = timeArticle(docs[0]!);
    expect(article.id).toBe('time-1');
    expect(article.body.includes(article.lead)).toBe(true);
  });
  it('reads queries, judgments (empty lines kept as empty sets) and the stop list', () => {
    expect(parseTimeQueries('*FIND      1\n\n KENNEDY AND\n\nDIEM .\n\n*FIND 2\n\nX .\n')).toEqual([
      { id: 1, text: 'KENNEDY AND DIEM .' },
      { id: 2, text: 'X .' },
    ]);
    const rel = parseTimeJudgments('1  268 288\n\n56  \n\n83  363');
    expect(rel.get(1)).toEqual(new Set([268, 288]));
    expect(rel.get(56)).toEqual(new Set());
    expect(rel.get(83)).toEqual(new Set([363]));
    expect(parseStopList('A\n\nABOUT\n')).toEqual(new Set(['a', 'about']));
  });
});

describe('BBC reading', () => {
  it('decodes invalid UTF-8 as Windows-1252 instead of failing', () => {
    expect(decodeLenient(Buffer.from('£1', 'utf8'))).toEqual({ text: '£1', legacy: false });
    expect(decodeLenient(Buffer.from([0xa3, 0x31]))).toEqual({ text: '£1', legacy: true });
  });
  it('takes the first line as the title', () => {
    expect(splitBbcArticle('Ad sales boost\n\nQuarterly profits jumped.\n\nMore.\n')).toEqual({ title: 'Ad sales boost', body: 'Quarterly profits jumped.\n\nMore.' });
  });
});
