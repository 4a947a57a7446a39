import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SharePointError } from '../errors';
import type { ResolvedSharepointConnection } from '../model/connection';
import { GraphClient, type GraphClientOptions } from './graph-client';

/** Graph's simple upload (`PUT …/content`) takes at most 4 MB; larger files need an upload session. */
export const SIMPLE_UPLOAD_LIMIT = 4 * 1024 * 1024;
/** Upload session fragments must be multiples of 320 KiB; 10 of them per request. */
export const UPLOAD_FRAGMENT_BYTES = 10 * 327_680;

/** A file or folder in a document library folder. */
export interface DriveEntry {
  id: string;
  name: string;
  size: number;
  folder: boolean;
}

/** A list column as Graph describes it. */
export interface ListColumn {
  name: string;
  displayName?: string;
  readOnly?: boolean;
  hidden?: boolean;
  required?: boolean;
  personOrGroup?: unknown;
}

/** `/Folder/My File.csv` → `/Folder/My%20File.csv`: each segment encoded, `/` kept. */
export function encodeDrivePath(path: string): string {
  if (!path.startsWith('/')) throw new SharePointError(`${path}: Absolute path required`);
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * One SharePoint site through Graph: document libraries (drives) and lists, resolved by name as
 * the original did. Built once per job run from the resolved connection.
 */
export class SharePointSite {
  private readonly drives = new Map<string, string>();
  private readonly lists = new Map<string, string>();

  private constructor(
    readonly graph: GraphClient,
    readonly siteId: string,
  ) {}

  /** Looks the site up by host and name (`GET /sites/{host}:/sites/{name}`). */
  static async open(
    connection: ResolvedSharepointConnection,
    extra: Pick<GraphClientOptions, 'fetch' | 'sleep' | 'now' | 'httpsProxy' | 'ca'> = {},
  ): Promise<SharePointSite> {
    const c = connection.sharepoint;
    const graph = new GraphClient({ ...c, ...extra });
    const site = await graph.json<{ id: string }>(
      { method: 'GET', url: `/sites/${c.orgBaseUrl}:/sites/${encodeURIComponent(c.siteName)}` },
      `site ${c.siteName}`,
    );
    return new SharePointSite(graph, site.id);
  }

  /** The drive id of a document library, by its name. */
  async driveId(library: string): Promise<string> {
    const known = this.drives.get(library);
    if (known) return known;
    for await (const d of this.graph.collection<{ id: string; name: string }>(
      `/sites/${this.siteId}/drives`,
      'list libraries',
    ))
      this.drives.set(d.name, d.id);
    const id = this.drives.get(library);
    if (!id) throw new SharePointError(`No such document library: ${library}`);
    return id;
  }

  /** A document's content, streamed (Graph answers with a redirect to a download URL). */
  async getDoc(library: string, path: string): Promise<Readable> {
    const drive = await this.driveId(library);
    const res = await this.graph.send(
      { method: 'GET', url: `/drives/${drive}/root:${encodeDrivePath(path)}:/content` },
      `get ${library}:${path}`,
    );
    return Readable.fromWeb(res.body as WebReadableStream);
  }

  /** Files and folders in a library folder. */
  async listFolder(library: string, path: string): Promise<DriveEntry[]> {
    const drive = await this.driveId(library);
    const trimmed = path.replace(/\/+$/, '');
    const url = trimmed
      ? `/drives/${drive}/root:${encodeDrivePath(trimmed)}:/children`
      : `/drives/${drive}/root/children`;
    const out: DriveEntry[] = [];
    for await (const item of this.graph.collection<Record<string, unknown>>(url, `list ${library}:${path}`))
      out.push({
        id: String(item.id),
        name: String(item.name),
        size: Number(item.size ?? 0),
        folder: 'folder' in item,
      });
    return out;
  }

  /** Creates or replaces a document from a local file; sets its Title when given. */
  async putDoc(
    library: string,
    path: string,
    file: string,
    title?: string,
  ): Promise<{ id: string; size: number }> {
    const drive = await this.driveId(library);
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const item =
        size <= SIMPLE_UPLOAD_LIMIT
          ? await this.graph.json<{ id: string }>(
              {
                method: 'PUT',
                url: `/drives/${drive}/root:${encodeDrivePath(path)}:/content`,
                body: await handle.readFile(),
                headers: { 'Content-Type': 'application/octet-stream' },
              },
              `put ${library}:${path}`,
            )
          : await this.uploadSession(drive, path, handle, size, `put ${library}:${path}`);
      if (title !== undefined)
        await this.graph.json(
          {
            method: 'PATCH',
            url: `/drives/${drive}/items/${item.id}/listItem/fields`,
            body: JSON.stringify({ Title: title }),
            headers: { 'Content-Type': 'application/json' },
          },
          `set title of ${library}:${path}`,
        );
      return { id: item.id, size };
    } finally {
      await handle.close();
    }
  }

  /** Large files: createUploadSession, then fragments with Content-Range to the (pre-authenticated) upload URL. */
  private async uploadSession(
    drive: string,
    path: string,
    handle: Awaited<ReturnType<typeof open>>,
    size: number,
    what: string,
  ): Promise<{ id: string }> {
    const session = await this.graph.json<{ uploadUrl: string }>(
      {
        method: 'POST',
        url: `/drives/${drive}/root:${encodeDrivePath(path)}:/createUploadSession`,
        body: JSON.stringify({ item: { '@microsoft.graph.conflictBehavior': 'replace' } }),
        headers: { 'Content-Type': 'application/json' },
      },
      what,
    );
    const buffer = Buffer.alloc(UPLOAD_FRAGMENT_BYTES);
    for (let start = 0; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      const end = start + bytesRead - 1;
      // The upload URL carries its own authorization: Graph rejects a bearer token there.
      const res = await this.graph.send(
        {
          method: 'PUT',
          url: session.uploadUrl,
          auth: false,
          body: Buffer.from(buffer.subarray(0, bytesRead)),
          headers: {
            'Content-Range': `bytes ${start}-${end}/${size}`,
            'Content-Type': 'application/octet-stream',
          },
        },
        what,
      );
      start = end + 1;
      if (res.status === 200 || res.status === 201) return (await res.json()) as { id: string };
      await res.body?.cancel();
      if (start >= size) throw new SharePointError(`${what}: upload session did not complete`);
    }
  }

  /** The id of a list, by display name or name. */
  async listId(name: string): Promise<string> {
    const known = this.lists.get(name);
    if (known) return known;
    for await (const l of this.graph.collection<{ id: string; name?: string; displayName?: string }>(
      `/sites/${this.siteId}/lists`,
      'list lists',
    )) {
      if (l.displayName) this.lists.set(l.displayName, l.id);
      if (l.name && !this.lists.has(l.name)) this.lists.set(l.name, l.id);
    }
    const id = this.lists.get(name);
    if (!id) throw new SharePointError(`No such list: ${name}`);
    return id;
  }

  async columns(listId: string): Promise<ListColumn[]> {
    const out: ListColumn[] = [];
    for await (const c of this.graph.collection<ListColumn>(
      `/sites/${this.siteId}/lists/${listId}/columns`,
      'list columns',
    ))
      out.push(c);
    return out;
  }

  /** Every item of a list with its fields (paged). */
  items(listId: string): AsyncGenerator<{ id: string; fields: Record<string, unknown> }> {
    return this.graph.collection(`/sites/${this.siteId}/lists/${listId}/items?expand=fields`, 'list items');
  }

  async createItem(listId: string, fields: Record<string, unknown>): Promise<void> {
    await this.itemCall('POST', `/sites/${this.siteId}/lists/${listId}/items`, { fields }, 'add list item');
  }

  async updateItem(listId: string, itemId: string, fields: Record<string, unknown>): Promise<void> {
    await this.itemCall(
      'PATCH',
      `/sites/${this.siteId}/lists/${listId}/items/${encodeURIComponent(itemId)}/fields`,
      fields,
      `update list item ${itemId}`,
    );
  }

  async deleteItem(listId: string, itemId: string): Promise<void> {
    await this.graph.send(
      { method: 'DELETE', url: `/sites/${this.siteId}/lists/${listId}/items/${encodeURIComponent(itemId)}` },
      `delete list item ${itemId}`,
    );
  }

  private async itemCall(method: string, url: string, body: unknown, what: string): Promise<void> {
    await this.graph.json(
      { method, url, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } },
      what,
    );
  }
}
