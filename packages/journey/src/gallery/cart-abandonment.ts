import document from '../../examples/cart-abandonment.json' with { type: 'json' };
import type { GalleryJourney } from './gallery-journey';
import { galleryEmail, PRODUCT_NAME, PRODUCT_URL } from './mjml';

export const cartAbandonment: GalleryJourney = {
  id: 'cart-abandonment',
  name: 'Cart abandonment',
  summary: 'Added to cart, no order in 2 hours: a push with the product, else an email. One run per cart.',
  channels: ['push', 'email'],
  document,
  segments: [],
  templates: [
    {
      placeholderId: '00000000-0000-4000-8000-00000000c001',
      name: 'Cart reminder (push)',
      channel: 'push',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            title: `${PRODUCT_NAME} is still in your cart`,
            body: 'Complete your order before it sells out.',
            url: PRODUCT_URL,
          },
        },
        ttlSeconds: 86_400,
        urgency: 'normal',
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000c002',
      name: 'Cart reminder (email)',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: `Still thinking about ${PRODUCT_NAME}?`,
            mjml: galleryEmail(`        <mj-text>${PRODUCT_NAME} is waiting in your cart.</mj-text>
        <mj-button href="${PRODUCT_URL}">Back to your cart</mj-button>`),
          },
        },
        tracking: true,
      },
    },
  ],
};
