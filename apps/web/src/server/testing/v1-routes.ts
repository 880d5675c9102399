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
import * as segmentSettings from '~/app/v1/projects/[writeKey]/settings/route';
import * as shortAlias from '~/app/v1/a/route';
import * as shortBatch from '~/app/v1/b/route';
import * as shortGroup from '~/app/v1/g/route';
import * as shortIdentify from '~/app/v1/i/route';
import * as shortPage from '~/app/v1/p/route';
import * as shortScreen from '~/app/v1/s/route';
import * as shortTrack from '~/app/v1/t/route';
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

/** The short names Segment's analytics.js posts to, and the settings document it fetches first. */
export const analyticsJsRoutes: RouteTable = {
  '/v1/t': shortTrack,
  '/v1/i': shortIdentify,
  '/v1/p': shortPage,
  '/v1/s': shortScreen,
  '/v1/g': shortGroup,
  '/v1/a': shortAlias,
  '/v1/b': shortBatch,
  '/v1/projects/:writeKey/settings': segmentSettings,
};

/** Every public /v1 route this area owns, for tests and benchmarks that serve them over real HTTP. */
export const v1Routes: RouteTable = {
  ...ingestionRoutes,
  ...analyticsJsRoutes,
  '/v1/products': products,
  '/v1/products/:productId/alerts': productAlerts,
  '/v1/customers/:userId': customer,
  '/v1/customers/:userId/export': customerExport,
};
