import { allPages, itemsOf } from './paging';

describe('allPages', () => {
  it('pages until total', async () => {
    const all = Array.from({ length: 450 }, (_, i) => i);
    const asked: number[] = [];
    const page = await allPages(async ({ limit, offset }) => {
      asked.push(offset);
      return { items: all.slice(offset, offset + limit), total: all.length };
    });
    expect(page.items).toEqual(all);
    expect(asked).toEqual([0, 200, 400]);
  });
});

describe('itemsOf', () => {
  it('reads a page, a bare array and nothing', () => {
    expect(itemsOf({ items: [1, 2] })).toEqual([1, 2]);
    expect(itemsOf([3])).toEqual([3]);
    expect(itemsOf(null)).toEqual([]);
  });
});
