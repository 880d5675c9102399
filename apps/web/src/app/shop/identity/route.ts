import { route } from '~/server/http/route';
import { handleDemoShopIdentity } from '~/server/security/demo-shop-identity';

// The demo shop's server side: signs the shopper's user id for the browser SDK (identity verification).
export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route('/shop/identity', {
  POST: handleDemoShopIdentity,
});
