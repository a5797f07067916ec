import { z } from 'zod';
import { installationSchema } from '../src/core/schema/installation.ts';
import { EXTENSION_KEY } from '../src/core/installation.ts';

/** The JSON Schema of the installation file, for editors (yaml-language-server) and the README reference.
 * Input mode: defaults are shown, and optional fields are optional. */
export function installationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(installationSchema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  // The artist's own `x-` keys (anchors for shared parts) pass the editor's check as they pass `check`.
  const extensions = {
    [EXTENSION_KEY.source]: { description: 'Your own: ignored by Meshwork, a place for YAML anchors (&name) that sculptures merge (<<: *name).' },
  };
  return { ...schema, patternProperties: extensions, $id: 'https://meshwork.art/schema/installation.schema.json' };
}
