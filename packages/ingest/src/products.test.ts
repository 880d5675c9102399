import { describe, expect, it } from 'vitest';
import { parseProductBatch } from './products';

describe('parseProductBatch', () => {
  it('accepts products with numeric or decimal-string prices', () => {
    expect(
      parseProductBatch({
        products: [{ id: 'p1', name: 'Shoe', price: '59.90', stock: 3, url: 'https://s.test/p1' }],
      }),
    ).toEqual({
      ok: true,
      value: [{ id: 'p1', name: 'Shoe', price: 59.9, stock: 3, url: 'https://s.test/p1' }],
    });
  });
  it('names the field of the first problem', () => {
    expect(parseProductBatch({ products: [{ id: 'p1', name: 'Shoe', price: -1 }] })).toMatchObject({
      ok: false,
      error: { field: 'products[0].price' },
    });
    expect(
      parseProductBatch({ products: [{ id: 'p1', name: 'Shoe', price: 1, url: 'javascript:alert(1)' }] }),
    ).toMatchObject({ ok: false, error: { field: 'products[0].url' } });
    expect(
      parseProductBatch({
        products: [
          { id: 'p1', name: 'A', price: 1 },
          { id: 'p1', name: 'B', price: 2 },
        ],
      }),
    ).toMatchObject({ ok: false, error: { field: 'products[1].id' } });
    expect(parseProductBatch({})).toMatchObject({ ok: false, error: { field: 'products' } });
  });
});
