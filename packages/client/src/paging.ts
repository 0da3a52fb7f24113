/** Cursor paging: a list call is both a Promise of its first page and an async iterable over every item. */
import type { Page } from './types';

/**
 * The answer of a list call. `await list` gives the first page; `for await (const item of list)` walks every
 * item, fetching each next page only when the previous one is used up, and stops fetching on `break`.
 */
export interface PagedList<TItem> extends PromiseLike<Page<TItem>>, AsyncIterable<TItem> {
  /** Every page in turn (the first is fetched once, whichever way it was asked for). */
  pages(): AsyncIterableIterator<Page<TItem>>;
  /** Attaches a rejection handler to the first page. */
  catch<TResult = never>(onRejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null): Promise<Page<TItem> | TResult>;
}

/** @internal Builds a paged list from a page fetcher; `stopOnEmpty` ends iteration at an empty page even when a cursor comes back (the event feed). */
export function createPagedList<TItem>(fetchPage: (cursor: string | undefined) => Promise<Page<TItem>>, startCursor?: string, stopOnEmpty = false): PagedList<TItem> {
  let first: Promise<Page<TItem>> | undefined;
  const firstPage = (): Promise<Page<TItem>> => (first ??= fetchPage(startCursor));
  async function* pages(): AsyncIterableIterator<Page<TItem>> {
    let page = await firstPage();
    for (;;) {
      yield page;
      if (page.nextCursor === null || (stopOnEmpty && page.items.length === 0)) return;
      page = await fetchPage(page.nextCursor);
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
