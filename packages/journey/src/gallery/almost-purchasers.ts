import document from '../../examples/almost-purchasers.json' with { type: 'json' };
import type { GalleryJourney } from './gallery-journey';
import { galleryEmail, PRODUCT_NAME, PRODUCT_URL } from './mjml';

export const almostPurchasers: GalleryJourney = {
  id: 'almost-purchasers',
  name: 'Almost purchasers',
  summary: 'Viewed or favourited a product but did not cart it within a day: a nudge with that product.',
  channels: ['push', 'email'],
  document,
  segments: [],
  templates: [
    {
      placeholderId: '00000000-0000-4000-8000-00000000e001',
      name: 'Almost purchased (push)',
      channel: 'push',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            title: `Still thinking about ${PRODUCT_NAME}?`,
            body: 'It is still in stock.',
            url: PRODUCT_URL,
          },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000e002',
      name: 'Almost purchased (email)',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: `Still thinking about ${PRODUCT_NAME}?`,
            mjml: galleryEmail(`        <mj-text>You had an eye on ${PRODUCT_NAME}. It is still in stock.</mj-text>
        <mj-button href="${PRODUCT_URL}">Take another look</mj-button>`),
          },
        },
      },
    },
  ],
};
