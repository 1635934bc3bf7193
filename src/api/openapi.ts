// One registry: every route registers its schemas here, and /openapi.json is generated from them.
import { OpenAPIRegistry, OpenApiGeneratorV3, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'x-api-key' });

export function openApiDocument(): object {
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'Chirpflow API', version: '0.1.0', description: 'Campaigns, conversations, escalations and analytics.' },
    security: [{ apiKey: [] }],
  });
}
