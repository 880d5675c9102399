import document from '../../examples/repeat-customer.json' with { type: 'json' };
import type { GalleryJourney } from './gallery-journey';
import { galleryEmail } from './mjml';

/** The deep link opens the shop on the category of the last order, with the offer applied. */
const DEEP_LINK =
  'https://shop.example/{% if category %}c/{{ category }}{% endif %}?promo=COMEBACK10&utm_source=nudgeflow';

export const repeatCustomer: GalleryJourney = {
  id: 'repeat-customer',
  name: 'Repeat customer',
  summary: 'Ordered again within 30 days: a thank-you in-app. Did not: an offer with a deep link.',
  channels: ['in_app', 'push', 'email'],
  document,
  segments: [],
  templates: [
    {
      placeholderId: '00000000-0000-4000-8000-00000000d001',
      name: 'Thank you (in-app)',
      channel: 'in_app',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            title: 'Thank you for coming back',
            html: '<p>Your second order is on its way. We are glad you like the shop.</p>',
          },
        },
        layout: 'banner',
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000d002',
      name: 'Come-back offer (push)',
      channel: 'push',
      topicKey: 'marketing',
      content: {
        variants: {
          en: { title: '10% off your next order', body: 'Code COMEBACK10, this week only.', url: DEEP_LINK },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000d003',
      name: 'Come-back offer (email)',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: '10% off your next order',
            mjml: galleryEmail(`        <mj-text>It has been a month: here is <strong>COMEBACK10</strong>, 10% off your next order.</mj-text>
        <mj-button href="${DEEP_LINK}">Shop again</mj-button>`),
          },
        },
      },
    },
  ],
};
