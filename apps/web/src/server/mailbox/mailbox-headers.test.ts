import { describe, expect, it } from 'vitest';
import { readableHeaders } from './mailbox-headers';

describe('readableHeaders', () => {
  it('restores the List-* header lines mailparser folds into one entry', () => {
    const stored = {
      subject: 'Hi',
      date: '"2026-11-23T22:07:42.000Z"',
      'message-id': '<a@nudgeflow>',
      list: JSON.stringify({
        unsubscribe: { url: 'https://app.test/api/unsubscribe/t' },
        'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
        help: { url: 'https://app.test/help', mail: 'help@shop.test' },
      }),
      'x-nudgeflow-workspace': 'w-1',
    };
    expect(readableHeaders(stored)).toEqual([
      { name: 'Subject', value: 'Hi' },
      { name: 'Date', value: '2026-11-23T22:07:42.000Z' },
      { name: 'Message-ID', value: '<a@nudgeflow>' },
      { name: 'List-Unsubscribe', value: '<https://app.test/api/unsubscribe/t>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      { name: 'List-Help', value: '<https://app.test/help>, <mailto:help@shop.test>' },
      { name: 'X-Nudgeflow-Workspace', value: 'w-1' },
    ]);
  });

  it('keeps a plain list header and odd values readable', () => {
    expect(readableHeaders({ list: 'not json', 'x-count': 3 })).toEqual([
      { name: 'List', value: 'not json' },
      { name: 'X-Count', value: '3' },
    ]);
    expect(readableHeaders(null)).toEqual([]);
  });
});
