import document from '../../examples/free-delivery-threshold.json' with { type: 'json' };
import type { GalleryJourney } from './gallery-journey';

/** The threshold the journey's trigger filters on (cart total under it) and the template counts up to. */
export const FREE_DELIVERY_THRESHOLD = 50;

export const freeDeliveryThreshold: GalleryJourney = {
  id: 'free-delivery-threshold',
  name: 'Free-delivery threshold',
  summary: `A cart under ${FREE_DELIVERY_THRESHOLD}: an in-app banner says how much more brings free delivery.`,
  channels: ['in_app'],
  document,
  segments: [],
  templates: [
    {
      placeholderId: '00000000-0000-4000-8000-00000000f001',
      name: 'Free delivery is close (in-app)',
      channel: 'in_app',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            title: 'Free delivery is close',
            // The missing amount is computed here from the event's cart total, so the banner is right for every cart.
            html: `{% assign missing = ${FREE_DELIVERY_THRESHOLD} | minus: total | round: 2 %}<p>Add <strong>{{ missing }} {% if currency %}{{ currency }}{% else %}EUR{% endif %}</strong> more and delivery is free.</p>`,
          },
        },
        layout: 'banner',
      },
    },
  ],
};
