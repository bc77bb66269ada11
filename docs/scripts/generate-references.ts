/**
 * Writes the generated reference pages into docs/reference/ before `docusaurus build`. Each page is
 * produced from the code the server runs (the error catalogue, the OpenAPI document, the tRPC router),
 * never by hand, and a missing export fails the build rather than publishing a stale page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRouter, protectedProcedure } from '@mockex/api';
import { ERRORS, VENUE_TEXTS } from '@mockex/domain';
import { createOpenApiDocument } from '@mockex/exchange';
import { renderErrorReference } from './reference/errors.ts';
import { renderRestReference, type OpenApiDocument } from './reference/openapi.ts';
import { renderKeyApiReference, type ProcedureLike, type RouterLike } from './reference/key-api.ts';

export const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../docs/reference');

export async function generateReferences(outDir = REFERENCE_DIR): Promise<string[]> {
  const pages: Record<string, string> = {
    'errors.md': renderErrorReference(ERRORS, VENUE_TEXTS),
    'rest-api.md': renderRestReference(createOpenApiDocument() as OpenApiDocument),
    'key-api.md': renderKeyApiReference(
      appRouter as unknown as RouterLike,
      protectedProcedure as unknown as ProcedureLike,
    ),
  };
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of Object.entries(pages)) writeFileSync(join(outDir, file), text);
  return Object.keys(pages);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const files = await generateReferences();
  console.warn(`references: wrote ${files.join(', ')} in ${Math.round(performance.now() - started)} ms`);
}
