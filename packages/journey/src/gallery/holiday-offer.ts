import document from '../../examples/holiday-offer.json' with { type: 'json' };
import type { GalleryJourney } from './gallery-journey';
import { galleryEmail } from './mjml';

export const holidayOffer: GalleryJourney = {
  id: 'holiday-offer',
  name: 'Holiday offer by region',
  summary: 'On the holiday, customers in one region get the offer at 10:00 in their own time zone.',
  channels: ['push', 'email'],
  document,
  segments: [
    {
      placeholderId: '00000000-0000-4000-8000-0000000011b1',
      name: 'Customers in Germany',
      description: 'The holiday offer’s region: change the country to run it elsewhere.',
      definition: { version: 1, condition: { kind: 'trait', path: 'country', op: 'eq', value: 'DE' } },
    },
  ],
  templates: [
    {
      placeholderId: '00000000-0000-4000-8000-0000000011a1',
      name: 'Holiday offer (push)',
      channel: 'push',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            title: 'Happy holidays: 20% off today',
            body: 'Code HOLIDAY20, today only.',
            url: 'https://shop.example/?promo=HOLIDAY20',
          },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-0000000011a2',
      name: 'Holiday offer (email)',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: 'Happy holidays: 20% off today',
            mjml: galleryEmail(`        <mj-text>Today only: <strong>HOLIDAY20</strong> takes 20% off everything.</mj-text>
        <mj-button href="https://shop.example/?promo=HOLIDAY20">Shop the offer</mj-button>`),
          },
        },
      },
    },
  ],
};
