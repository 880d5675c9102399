import * as customerExport from '~/app/v1/customers/[userId]/export/route';
import * as customer from '~/app/v1/customers/[userId]/route';
import * as alias from '~/app/v1/alias/route';
import * as batch from '~/app/v1/batch/route';
import * as group from '~/app/v1/group/route';
import * as identify from '~/app/v1/identify/route';
import * as page from '~/app/v1/page/route';
import * as productAlerts from '~/app/v1/products/[productId]/alerts/route';
import * as products from '~/app/v1/products/route';
import * as screen from '~/app/v1/screen/route';
import * as track from '~/app/v1/track/route';
import type { RouteTable } from './route-server';

/** The Segment-spec ingestion routes. */
export const ingestionRoutes: RouteTable = {
  '/v1/track': track,
  '/v1/identify': identify,
  '/v1/page': page,
  '/v1/screen': screen,
  '/v1/group': group,
  '/v1/alias': alias,
  '/v1/batch': batch,
};

/** Every public /v1 route this area owns, for tests and benchmarks that serve them over real HTTP. */
export const v1Routes: RouteTable = {
  ...ingestionRoutes,
  '/v1/products': products,
  '/v1/products/:productId/alerts': productAlerts,
  '/v1/customers/:userId': customer,
  '/v1/customers/:userId/export': customerExport,
};
