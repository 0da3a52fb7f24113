/** Cursor paging: a list call is both a Promise of its first page and an async iterable over every item. */
import { CursorLoopError, InvalidResponseError } from './errors';
import type { Page } from './types';

/**
 * The answer of a list call. `await list` gives the first page; `for await (const item of list)` walks every
 * item, fetching each next page only when the previous one is used up, and stops fetching on `break`.
 * A server that answers a cursor it answered before ends the walk with a {@link CursorLoopError}.
 */
export interface PagedList<TItem> extends PromiseLike<Page<TItem>>, AsyncIterable<TItem> {
  /** Every page in turn (the first is fetched once, whichever way it was asked for). */
  pages(): AsyncIterableIterator<Page<TItem>>;
  /** Attaches a rejection handler to the first page. */
  catch<TResult = never>(onRejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null): Promise<Page<TItem> | TResult>;
}

/** @internal How a list is fetched: the page fetcher, the path (for errors), the cursor to start after, and whether an empty page ends the walk even when a cursor comes back (the event feed). */
export interface PagedListSource<TItem> {
  path: string;
  fetchPage: (cursor: string | undefined) => Promise<Page<TItem>>;
  start?: string | undefined;
  stopOnEmpty?: boolean | undefined;
}

/** The page, once it is known to have the contract's shape. */
function checked<TItem>(page: Page<TItem>, path: string): Page<TItem> {
  const { items, nextCursor } = (page ?? {}) as Partial<Page<TItem>>;
  if (Array.isArray(items) && (nextCursor === null || typeof nextCursor === 'string')) return page;
  throw new InvalidResponseError(`GET ${path} answered a page without an items array and a nextCursor (a string or null), where the contract promises one. Check that baseUrl is exlic's sandbox or a server implementing exlic's contract.`, {
    code: 'invalidResponse',
    reason: 'shape',
    attempts: 1,
    method: 'GET',
    path,
  });
}

/** @internal Builds a paged list from a page fetcher. */
export function createPagedList<TItem>(source: PagedListSource<TItem>): PagedList<TItem> {
  const { path, fetchPage, start, stopOnEmpty = false } = source;
  let first: Promise<Page<TItem>> | undefined;
  const firstPage = (): Promise<Page<TItem>> => (first ??= fetchPage(start).then((page) => checked(page, path)));
  async function* pages(): AsyncIterableIterator<Page<TItem>> {
    // Every cursor followed so far: a repeat (A, B, A… or A, A…) would loop forever, with items or without.
    const seen = new Set<string>(start === undefined ? [] : [start]);
    let page = await firstPage();
    for (let walked = 1; ; walked += 1) {
      yield page;
      const next = page.nextCursor;
      if (next === null || (stopOnEmpty && page.items.length === 0)) return;
      if (seen.has(next)) {
        throw new CursorLoopError(`GET ${path} answered, after ${walked} page(s), a cursor it had answered before: following it would repeat the same pages forever, so paging stopped. The items before it were delivered; the server's paging is broken, report it to whoever runs the server.`, {
          code: 'cursorLoop',
          attempts: 1,
          method: 'GET',
          path,
          pages: walked,
        });
      }
      seen.add(next);
      page = checked(await fetchPage(next), path);
    }
  }
  async function* items(): AsyncIterableIterator<TItem> {
    for await (const page of pages()) yield* page.items;
  }
  return {
    then: (onFulfilled, onRejected) => firstPage().then(onFulfilled, onRejected),
    catch: (onRejected) => firstPage().catch(onRejected),
    pages,
    [Symbol.asyncIterator]: items,
  };
}
