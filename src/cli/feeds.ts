/**
 * `npm run feeds -- export [--out FILE]`: the feed list Brief polls as an OPML subscription list (on
 * stdout, or written to FILE), for a feed reader or another Brief (`npm run ingest -- --opml FILE`).
 * `npm run feeds -- list`: the list with each feed's last success, items and failures.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatConfigProblems, readToolConfig } from '../config/read-config.js';
import { renderOpml } from '../feeds/opml.js';
import { openStore } from '../store/open-store.js';
import { runAsMain, type CliOutput } from './run-as-main.js';

const USAGE = 'Usage: npm run feeds -- export [--out FILE]\n       npm run feeds -- list';

/**
 * The feeds command, callable in-process.
 *
 * @example const stores = openSqliteStore(`${dir}/cli-feeds.db`);
 * await stores.feeds.addFeed({ url: 'https://x.org/rss', name: 'X', addedBy: 'U1', addedAt: now });
 * await stores.close();
 * await feedsCli(['export'], { DATABASE_PATH: `${dir}/cli-feeds.db` }, io) // => 0
 * io.out.join('').includes('xmlUrl="https://x.org/rss"') // => true
 */
export async function feedsCli(argv: string[], env: Readonly<Record<string, string | undefined>>, io: CliOutput): Promise<number> {
  let verb: string | undefined;
  let out: string | undefined;
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' } } });
    [verb] = parsed.positionals;
    out = parsed.values.out;
    if (parsed.positionals.length !== 1 || (verb !== 'export' && verb !== 'list')) throw new Error(verb === undefined ? 'Say what to do.' : `There is no "${verb}".`);
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { config, problems } = readToolConfig(env);
  if (problems !== undefined) {
    io.stderr(`${formatConfigProblems(problems)}\n`);
    return 2;
  }
  const stores = await openStore(config);
  try {
    const feeds = await stores.feeds.listFeeds();
    if (verb === 'list') {
      for (const f of feeds) io.stdout(`${f.id}\t${f.name ?? ''}\t${f.url}\t${f.lastOkAt?.toISOString() ?? 'never'}\t${f.items} items\t${f.failures} failures\n`);
      return 0;
    }
    const opml = renderOpml(feeds.map((f) => (f.name === undefined ? { url: f.url } : { url: f.url, name: f.name })), new Date());
    if (out === undefined) io.stdout(opml);
    else {
      await writeFile(out, opml, 'utf8');
      io.stdout(`${out}: ${feeds.length} feeds\n`);
    }
    return 0;
  } finally {
    await stores.close();
  }
}

runAsMain(import.meta.url, 'feeds', feedsCli);
