import { z } from 'zod';
import { installationSchema } from '../src/core/schema/installation.ts';

/** The JSON Schema of the installation file, for editors (yaml-language-server) and the README reference.
 * Input mode: defaults are shown, and optional fields are optional. */
export function installationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(installationSchema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://meshwork.art/schema/installation.schema.json' };
}
