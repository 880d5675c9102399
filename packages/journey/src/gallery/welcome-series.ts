import document from '../../examples/welcome-series.json' with { type: 'json' };
import type { GalleryJourney } from './gallery-journey';
import { galleryEmail } from './mjml';

const PROMO = 'WELCOME15';

export const welcomeSeries: GalleryJourney = {
  id: 'welcome-series',
  name: 'Welcome series',
  summary: `Welcome at sign-up; two days later a first-order promo code (${PROMO}) unless they ordered.`,
  channels: ['email', 'push'],
  document,
  segments: [],
  templates: [
    {
      placeholderId: '00000000-0000-4000-8000-00000000a001',
      name: 'Welcome (email)',
      channel: 'email',
      topicKey: 'transactional',
      content: {
        variants: {
          en: {
            subject: 'Welcome to the shop',
            mjml: galleryEmail(`        <mj-text>Thanks for signing up. New arrivals, restocks and offers will find you here.</mj-text>
        <mj-button href="https://shop.example/">Start browsing</mj-button>`),
          },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000a002',
      name: 'First-order promo (push)',
      channel: 'push',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            title: '15% off your first order',
            body: `Use ${PROMO} at checkout.`,
            url: 'https://shop.example/?promo=' + PROMO,
            data: { promo_code: PROMO },
          },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000a003',
      name: 'First-order promo (email)',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: '15% off your first order',
            mjml: galleryEmail(`        <mj-text>Your code for a first order: <strong>${PROMO}</strong>, 15% off everything.</mj-text>
        <mj-button href="https://shop.example/?promo=${PROMO}">Use my code</mj-button>`),
          },
        },
      },
    },
    {
      placeholderId: '00000000-0000-4000-8000-00000000a004',
      name: 'First-order promo reminder (email)',
      channel: 'email',
      topicKey: 'marketing',
      content: {
        variants: {
          en: {
            subject: `Your code ${PROMO} is still waiting`,
            mjml: galleryEmail(`        <mj-text>A reminder: <strong>${PROMO}</strong> takes 15% off your first order.</mj-text>
        <mj-button href="https://shop.example/?promo=${PROMO}">Use my code</mj-button>`),
          },
        },
      },
    },
  ],
};
