import document from '../../examples/browse-abandonment.json' with { type: 'json' };
import type { GalleryJourney } from './gallery-journey';
import { galleryEmail, PRODUCT_NAME, PRODUCT_URL } from './mjml';

export const browseAbandonment: GalleryJourney = {
  id: 'browse-abandonment',
  name: 'Browse abandonment',
  summary: 'Viewed, added nothing within an hour: keen browsers get an offer, others a reminder.',
  channels: ['push', 'email'],
  document,
  segments: [],
  templates: [
    {
      placeholderId: '00000000-0000-4000-8000-00000000b001',
      name: 'Browse offer (push)',
      channel: 'push',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            title: '10% off what you looked at',
            body: `Use BROWSE10 on ${PRODUCT_NAME}.`,
            url: PRODUCT_URL,
          },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000b002',
      name: 'Browse offer (email)',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: '10% off what you looked at',
            mjml: galleryEmail(`        <mj-text>Take 10% off ${PRODUCT_NAME} with the code <strong>BROWSE10</strong>.</mj-text>
        <mj-button href="${PRODUCT_URL}">Have another look</mj-button>`),
          },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000b003',
      name: 'Browse reminder (email)',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: `${PRODUCT_NAME} caught your eye`,
            mjml: galleryEmail(`        <mj-text>${PRODUCT_NAME} is still there for you.</mj-text>
        <mj-button href="${PRODUCT_URL}">Have another look</mj-button>`),
          },
        },
      },
    },
  ],
};
