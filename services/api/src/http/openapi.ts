import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The OpenAPI document, generated from the controllers' decorators. */
export function openApiDocument(app: INestApplication, realm: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Lava realm ${realm}`)
    .setDescription(
      'Read and operate a Lava realm: jobs, runs, schedules, triggers, queues; dispatch, retry, pause and resume. ' +
        'Errors are `{ code, message }`; lists are `{ items, next_cursor }`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API token (lava api-token create)' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document at `/api/openapi.json` and Swagger UI at `/api/docs`. */
export function serveOpenApi(app: INestApplication, realm: string): void {
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app, realm), {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
}
