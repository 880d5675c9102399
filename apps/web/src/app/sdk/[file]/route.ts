import { route } from '../../../server/http/route';
import { handleSdkAsset } from '../../../server/sdk/sdk-assets';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route<{ file: string }>('/sdk/:file', {
  GET: handleSdkAsset,
});
