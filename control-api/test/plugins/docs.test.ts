// The OpenAPI document at /docs/json validates with an independent parser (client generators read it),
// and documents the lineup routes.
import SwaggerParser from '@apidevtools/swagger-parser';
import { expect } from 'chai';
import { startHarness, type Harness } from '../app/harness.js';

describe('plugins/docs: the OpenAPI document', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('validates with @apidevtools/swagger-parser and lists the lineup routes', async () => {
    const doc = h.json<Record<string, unknown> & { openapi: string; paths: Record<string, unknown> }>(await h.inject({ url: '/docs/json' }));
    const validated = await SwaggerParser.validate(structuredClone(doc) as never);
    expect(validated).to.have.property('paths');
    expect(Object.keys(doc.paths)).to.include.members(['/v1/channels', '/v1/assets/{id}', '/v1/assets/{id}/rating', '/v1/channels/{id}/schedule', '/health']);
  });

  it("documents a rating's schemes and each scheme's values (what a client generator needs)", async () => {
    const doc = h.json<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> }>(await h.inject({ url: '/docs/json' }));
    const body = JSON.stringify(doc.paths['/v1/assets/{id}/rating']?.put?.requestBody?.content['application/json']?.schema);
    for (const value of ['us-tv', 'TV-Y7', 'TV-MA', 'mpaa', 'PG-13', 'NC-17', 'age']) expect(body).to.include(`"${value}"`);
    expect(body).to.include('"maximum":21');
  });
});
