import { almostPurchasers } from './almost-purchasers';
import { backInStock } from './back-in-stock';
import { browseAbandonment } from './browse-abandonment';
import { cartAbandonment } from './cart-abandonment';
import { freeDeliveryThreshold } from './free-delivery-threshold';
import type { GalleryJourney } from './gallery-journey';
import { holidayOffer } from './holiday-offer';
import { repeatCustomer } from './repeat-customer';
import { welcomeSeries } from './welcome-series';

export * from './gallery-journey';
export { FREE_DELIVERY_THRESHOLD } from './free-delivery-threshold';

/** The shop scenarios, ready to create in a workspace (`@nudgeflow/journey/gallery`), in gallery order. */
export const JOURNEY_GALLERY: readonly GalleryJourney[] = [
  cartAbandonment,
  browseAbandonment,
  welcomeSeries,
  repeatCustomer,
  almostPurchasers,
  freeDeliveryThreshold,
  backInStock,
  holidayOffer,
];

export function findGalleryJourney(id: string): GalleryJourney | undefined {
  return JOURNEY_GALLERY.find((journey) => journey.id === id);
}
