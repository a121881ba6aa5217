import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { PauseApiError } from '@pause/core';
import type { KubeConnection } from '@pause/http';

/** Objects per page, as client-go's reflector pages its lists. */
export const LIST_PAGE_SIZE = 500;

/** Options of {@link listInPages}. */
export interface PagedListOptions {
  connection: KubeConnection;
  /** Collection path, e.g. `/apis/example.com/v1/namespaces/a/widgets`. */
  path: string;
  labelSelector?: string | undefined;
  /** Objects per page. Default {@link LIST_PAGE_SIZE}. */
  pageSize?: number;
  /** Applied in place to every item as its page arrives (e.g. strip managedFields). */
  transform?: ((object: KubernetesObject) => void) | undefined;
}

interface ListPage {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubernetesObject[];
}

/**
 * Lists a collection in pages of 500 (`limit` / `continue`), as client-go's reflector does, so a
 * list of 10,000 objects never sits in memory as one response text. All pages are one snapshot:
 * the list's `resourceVersion` is the first page's. When a `continue` token expires (410 during
 * a long list) it lists again in one request, as client-go's pager falls back.
 */
export async function listInPages(
  options: PagedListOptions,
): Promise<KubernetesListObject<KubernetesObject>> {
  const { connection, path, labelSelector, transform } = options;
  const limit = options.pageSize ?? LIST_PAGE_SIZE;
  const items: KubernetesObject[] = [];
  const get = async (query: URLSearchParams) => {
    if (labelSelector) query.set('labelSelector', labelSelector);
    const page = await connection.send<ListPage>({
      method: 'GET',
      path: `${path}?${query}`,
      operation: `list ${path}${labelSelector ? `?labelSelector=${labelSelector}` : ''}`,
    });
    for (const item of page.items ?? []) {
      transform?.(item);
      items.push(item);
    }
    return page;
  };
  const first = await get(new URLSearchParams({ limit: String(limit) }));
  const resourceVersion = first.metadata?.resourceVersion;
  let token = first.metadata?.continue;
  try {
    while (token) {
      token = (await get(new URLSearchParams({ limit: String(limit), continue: token }))).metadata
        ?.continue;
    }
  } catch (error) {
    if (!(PauseApiError.isInstance(error) && error.statusCode === 410)) throw error;
    items.length = 0; // the snapshot expired: one full list instead
    const full = await get(new URLSearchParams());
    return { metadata: { resourceVersion: full.metadata?.resourceVersion ?? '' }, items };
  }
  return { metadata: { resourceVersion: resourceVersion ?? '' }, items };
}
