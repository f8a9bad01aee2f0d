// Regression: after a lineup version change the app fetched the lineup again but the browser
// answered from its HTTP cache (max-age), so the change showed only after a reload.
import { expect } from 'chai';
import { ApiClient } from '../../../src/lib/net/api-client.js';

function recordingClient() {
  const modes: Array<RequestCache | undefined> = [];
  const fetchFn = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    modes.push(init?.cache);
    return new Response(JSON.stringify({ channels: [{ id: 'one', number: 1, name: 'One' }] }), { status: 200 });
  }) as typeof fetch;
  return { api: new ApiClient({ baseUrl: 'http://tv', fetch: fetchFn }), modes };
}

describe('lib/api-client revalidation (lineup version changes)', () => {
  it('revalidates with the server when asked, and uses the HTTP cache otherwise', async () => {
    const { api, modes } = recordingClient();
    await api.channels();
    await api.channels({ revalidate: true });
    expect(modes).to.deep.equal([undefined, 'no-cache']);
  });
});
