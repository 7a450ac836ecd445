/** Lists answer `{ items, total }`. */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  limit?: number;
  offset?: number;
}

/** The items of a list answer; tolerates a bare array (older panels) and nothing at all. */
export function itemsOf<T>(answer: { items: T[] } | T[] | null | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : answer.items;
}

/** The largest page the API hands out (`limit` ≤ 200). */
export const MAX_PAGE = 200;

/** Every item of a paged list, asking page after page until `total` is reached. */
export async function allPages<T>(
  fetchPage: (page: { limit: number; offset: number }) => Promise<Page<T>>,
  pageSize = MAX_PAGE,
): Promise<Page<T>> {
  const items: T[] = [];
  for (;;) {
    const page = await fetchPage({ limit: pageSize, offset: items.length });
    items.push(...page.items);
    if (!page.items.length || items.length >= page.total) return { items, total: page.total };
  }
}
