/**
 * `npm run brief -- [--json] [--corpus DIR] [--limit N] [--page N] [--snapshot FILE] <query…>`: a brief
 * in the terminal, no Slack needed. `--json` prints the Slack message payload (paste it into Block Kit
 * Builder). `--snapshot FILE` keeps the index in FILE between runs (worth it for large corpora).
 */
import { parseArgs } from 'node:util';
import { makeBrief } from '../brief/make-brief.js';
import { loadCorpusIndex } from '../corpus/load-index.js';
import { CorpusError } from '../corpus/read-corpus.js';
import { formatConfigProblems, readToolConfig } from '../config/read-config.js';
import { renderAnyBrief } from '../render/render-brief.js';
import { renderTerminal } from '../render/terminal.js';
import { runAsMain, type CliOutput } from './run-as-main.js';

const USAGE = 'Usage: npm run brief -- [--json] [--corpus DIR] [--limit N] [--page N] [--snapshot FILE] <query…>\n       npm run brief -- help';

/**
 * The brief CLI, callable in-process: arguments, an environment (`CORPUS_DIR`) and outputs in; exit
 * code out (0, 1 for a corpus that cannot be read, 2 for bad arguments).
 *
 * @example const env = { CORPUS_DIR: corpusDir, DATABASE_PATH: `${dir}/cli-brief/brief.db` }; // process.env in the program
 * await briefCli(['taliban', 'revenue'], env, io) // => 0
 * /taliban/i.test(io.out.join('')) // => true
 */
export async function briefCli(argv: string[], env: Readonly<Record<string, string | undefined>>, io: CliOutput): Promise<number> {
  const { config, problems } = readToolConfig(env);
  if (problems !== undefined) {
    io.stderr(`${formatConfigProblems(problems)}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        corpus: { type: 'string', default: config.corpusDir },
        limit: { type: 'string', default: '5' },
        page: { type: 'string', default: '1' },
        snapshot: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const limit = Number(values.limit);
  const page = Number(values.page);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10) {
    io.stderr(`--limit must be a whole number from 1 to 10, got "${values.limit}".\n${USAGE}\n`);
    return 2;
  }
  if (!Number.isInteger(page) || page < 1) {
    io.stderr(`--page must be a whole number from 1, got "${values.page}".\n${USAGE}\n`);
    return 2;
  }
  const text = values.help ? 'help' : positionals.join(' ');

  let loaded;
  try {
    loaded = await loadCorpusIndex(values.corpus, { snapshotPath: values.snapshot ?? false });
  } catch (err) {
    if (err instanceof CorpusError) {
      io.stderr(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const { corpus, index } = loaded;
  for (const p of [...corpus.problems, ...corpus.duplicates]) io.stderr(`skipped ${p.file}: ${p.reason}\n`);

  const brief = makeBrief(index, text, { now: new Date(), pageSize: limit, page: page - 1 });
  if (values.json) io.stdout(`${JSON.stringify(renderAnyBrief(brief, { command: '/brief' }), null, 2)}\n`);
  else io.stdout(`${renderTerminal(brief)}\n`);
  return 0;
}

runAsMain(import.meta.url, 'brief', briefCli);
