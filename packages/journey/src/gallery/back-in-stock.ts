import document from '../../examples/back-in-stock.json' with { type: 'json' };
import type { GalleryJourney } from './gallery-journey';
import { galleryEmail, PRODUCT_NAME, PRODUCT_URL } from './mjml';

export const backInStock: GalleryJourney = {
  id: 'back-in-stock',
  name: 'Back in stock',
  summary: 'A product a customer asked about is back: push, else email, else SMS, once per product.',
  channels: ['push', 'email', 'sms'],
  document,
  segments: [],
  templates: [
    {
      placeholderId: '00000000-0000-4000-8000-0000000010a1',
      name: 'Back in stock (push)',
      channel: 'push',
      topicKey: 'stock-alerts',
      content: {
        variants: {
          en: { title: `${PRODUCT_NAME} is back`, body: 'Get it before it is gone again.', url: PRODUCT_URL },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-0000000010a2',
      name: 'Back in stock (email)',
      channel: 'email',
      topicKey: 'stock-alerts',
      content: {
        variants: {
          en: {
            subject: `${PRODUCT_NAME} is back in stock`,
            mjml: galleryEmail(`        <mj-text>You asked us to tell you: ${PRODUCT_NAME} is back.</mj-text>
        <mj-button href="${PRODUCT_URL}">Get it now</mj-button>`),
          },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-0000000010a3',
      name: 'Back in stock (SMS)',
      channel: 'sms',
      topicKey: 'stock-alerts',
      content: {
        variants: { en: { body: `${PRODUCT_NAME} is back in stock: ${PRODUCT_URL} Reply STOP to opt out.` } },
      },
    },
  ],
};
