import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { SharePointSite } from '@lava/connectors';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { resolveRealmConnection } from '../resolve-connection';
import { examples } from './help-text';

/** Loaded on use only: the connectors package brings every database driver with it. */
const connectors = () => import('@lava/connectors');

/** `LIBRARY:PATH` (the original's form) → its parts. */
function libraryPath(value: string): { library: string; path: string } {
  const colon = value.indexOf(':');
  if (colon < 1 || !value.slice(colon + 1).startsWith('/'))
    throw new UsageError(`Bad SharePoint path ${value}: must be LIBRARY:/absolute/path`);
  return { library: value.slice(0, colon), path: value.slice(colon + 1) };
}

/** Resolves `conn_id` (client secret from SSM with the caller's credentials) and opens its site. */
async function openSite(ctx: CliContext, connId: string): Promise<SharePointSite> {
  const connection = await resolveRealmConnection(ctx, connId, 'sharepoint');
  const { SharePointSite: Site } = await connectors();
  return Site.open(connection);
}

/** Runs a command's Graph work; errors keep their code, never a secret. */
async function withSite(
  ctx: CliContext,
  connId: string,
  work: (site: SharePointSite) => Promise<string>,
): Promise<void> {
  const site = await openSite(ctx, connId);
  ctx.io.stdout(`${await work(site)}\n`);
}

async function writeFile(path: string, body: Readable): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await pipeline(body, createWriteStream(path));
}

/** `lava sharepoint get-doc|put-doc|get-multi-doc|get-list|put-list` (the original `lava-sharepoint`). */
export function registerSharepointCommands(program: Command, ctx: CliContext): void {
  const sp = program
    .command('sharepoint')
    .description('copy documents and lists between SharePoint (a sharepoint connection) and local files')
    .requiredOption('-c, --conn-id <conn_id>', 'the sharepoint connection');
  sp.addHelpText(
    'after',
    examples(
      'lava sharepoint -c sp-data get-doc "Shared Documents:/Reports/q1.csv" q1.csv',
      'lava sharepoint -c sp-data put-list --mode replace tasks.csv Tasks',
    ),
  );
  const connId = () => (sp.opts() as { connId: string }).connId;

  sp.command('get-doc')
    .description('download a document')
    .addHelpText(
      'after',
      examples('lava sharepoint -c sp-data get-doc "Shared Documents:/Reports/q1.csv" q1.csv'),
    )
    .argument('<library:path>')
    .argument('<file>')
    .action((source: string, file: string) =>
      withSite(ctx, connId(), async (site) => {
        const { library, path } = libraryPath(source);
        await writeFile(file, await site.getDoc(library, path));
        return `downloaded ${source} to ${file}`;
      }),
    );

  sp.command('put-doc')
    .description('create or replace a document (upload session above 4 MB)')
    .addHelpText(
      'after',
      examples('lava sharepoint -c sp-data put-doc -t "Q1 sales" q1.csv "Shared Documents:/Reports/q1.csv"'),
    )
    .argument('<file>')
    .argument('<library:path>')
    .option('-t, --title <title>', 'document title')
    .action((file: string, target: string, opts: { title?: string }) =>
      withSite(ctx, connId(), async (site) => {
        const { library, path } = libraryPath(target);
        const { size } = await site.putDoc(library, path, file, opts.title);
        return `uploaded ${file} to ${target} (${size} bytes)`;
      }),
    );

  sp.command('get-multi-doc')
    .description('download the files of a library folder, optionally matching a glob (any case)')
    .addHelpText(
      'after',
      examples('lava sharepoint -c sp-data get-multi-doc "Shared Documents:/Reports" reports "*.csv"'),
    )
    .argument('<library:path>')
    .argument('<outdir>')
    .argument('[glob]')
    .action((source: string, outdir: string, glob: string | undefined) =>
      withSite(ctx, connId(), async (site) => {
        const { globMatch } = await import('@lava/core');
        const { library, path } = libraryPath(source);
        const folder = path.endsWith('/') ? path : `${path}/`;
        const files = (await site.listFolder(library, path)).filter(
          (e) => !e.folder && (!glob || globMatch(glob, e.name, { ignoreCase: true })),
        );
        for (const f of files)
          await writeFile(join(outdir, f.name), await site.getDoc(library, folder + f.name));
        return `downloaded ${files.length} file(s) to ${outdir}`;
      }),
    );

  sp.command('get-list')
    .description('write a list to a delimited file (header line first)')
    .addHelpText(
      'after',
      examples('lava sharepoint -c sp-data get-list --system-columns ID,Created Postcodes postcodes.csv'),
    )
    .argument('<list>')
    .argument('<file>')
    .option('-H, --no-header', 'no header line')
    .option('--delimiter <char>', 'field delimiter', '|')
    .option('--data-columns <names>', 'comma-separated columns (default all data columns)')
    .option('--system-columns <names>', 'comma-separated system columns to add')
    .action(
      (
        list: string,
        file: string,
        opts: { header: boolean; delimiter: string; dataColumns?: string; systemColumns?: string },
      ) =>
        withSite(ctx, connId(), async (site) => {
          const c = await connectors();
          const writer = new c.DelimitedWriter(
            c.resolveDelimitedOptions({ delimiter: opts.delimiter, header: opts.header }),
          );
          const listId = await site.listId(list);
          const names = c.listOutputColumns(
            await site.columns(listId),
            names_(opts.dataColumns),
            names_(opts.systemColumns),
          );
          let rows = 0;
          async function* lines() {
            if (opts.header) yield writer.formatRow(names);
            for await (const row of c.listRows(site, listId, names)) {
              rows++;
              yield writer.formatRow(row);
            }
          }
          await writeFile(file, Readable.from(lines()));
          return `wrote ${rows} item(s) of ${list} to ${file}`;
        }),
    );

  sp.command('put-list')
    .description('add, replace, update or delete list items from a delimited file with a header line')
    .addHelpText('after', examples('lava sharepoint -c sp-data put-list --mode update changes.csv Tasks'))
    .argument('<file>')
    .argument('<list>')
    .option('--mode <mode>', 'append, replace, update or delete', 'append')
    .option('--replace', 'the same as --mode replace')
    .option('--delimiter <char>', 'field delimiter', '|')
    .option('--error-missing', 'fail on a column the list lacks')
    .action(
      (
        file: string,
        list: string,
        opts: { mode: string; replace?: boolean; delimiter: string; errorMissing?: boolean },
      ) =>
        withSite(ctx, connId(), async (site) => {
          const c = await connectors();
          const mode = (
            opts.replace ? 'replace' : opts.mode.toLowerCase()
          ) as (typeof c.PUT_LIST_MODES)[number];
          if (!c.PUT_LIST_MODES.includes(mode)) throw new UsageError(`Bad --mode ${opts.mode}`);
          const rows = c.readCsv(createReadStream(file), { delimiter: opts.delimiter });
          const result = await c.putList(site, list, rows, {
            mode,
            errorMissing: Boolean(opts.errorMissing),
          });
          return `${mode}: ${result.rows} row(s) into ${list}${result.deleted ? `, ${result.deleted} deleted` : ''}`;
        }),
    );
}

function names_(value: string | undefined): string[] | undefined {
  return value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}
