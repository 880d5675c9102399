import { describe, expect, it } from 'vitest';
import { toInAppView } from './in-app-view';

const row = {
  id: '7d0b3f8e-3c55-4d8e-9a51-1c1f0a9c2b11',
  customerId: 'c',
  createdAt: new Date('2026-11-23T10:00:00Z'),
  readAt: null,
  clickedAt: null,
};

describe('toInAppView', () => {
  it('maps the in-app channel’s stored content to what the SDK renders', () => {
    const view = toInAppView({
      ...row,
      layout: 'modal',
      content: {
        title: 'Still thinking it over?',
        html: '<p>Hi</p>',
        imageUrl: 'https://shop.example/a.svg',
        actions: [
          { title: 'Finish checkout', url: 'https://shop.example/cart' },
          { title: 'Later', url: null },
        ],
      },
    });
    expect(view).toEqual({
      id: row.id,
      layout: 'modal',
      content: {
        title: 'Still thinking it over?',
        html: '<p>Hi</p>',
        image: 'https://shop.example/a.svg',
        actions: [
          { id: 'action-1', label: 'Finish checkout', url: 'https://shop.example/cart' },
          { id: 'action-2', label: 'Later' },
        ],
      },
      createdAt: '2026-11-23T10:00:00.000Z',
      readAt: null,
      clickedAt: null,
    });
  });

  it('tolerates content it does not know and unknown layouts', () => {
    expect(toInAppView({ ...row, layout: 'carousel', content: 'nonsense' })).toMatchObject({
      layout: 'banner',
      content: {},
    });
  });
});
