// fetch for outbound calls to tenant-chosen URLs (model base URLs, tools). The SSRF guard plugs in here.
import type { Bindings } from '../env';
import { AppError } from '../errors';

export function outboundFetch(env: Bindings): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('bad_request', `Only http and https URLs can be called (got ${url.protocol})`);
    void env;
    return fetch(input, init);
  };
}
