import type { Plugin } from 'vite';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import type { ShowSnapshot } from '../src/net/show-source.ts';
import { compileFolder } from './installation-folder.ts';

/**
 * `npm run dev` (Vite's dev server) has no show server behind it: this answers `GET /api/show` with the
 * installation folder compiled afresh on each request (so a saved edit shows on reload), an empty log and
 * the show clock at 0. The folder is MESHWORK_INSTALLATION, default installations/upcycling-rite. Dev only:
 * `meshwork serve` answers the real snapshot.
 */
export function devShow(folder: string = process.env.MESHWORK_INSTALLATION ?? 'installations/upcycling-rite'): Plugin {
  return {
    name: 'meshwork-dev-show',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/api/show', (_req, res) => {
        const compiled = compileFolder(folder);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        if (!compiled.installation) {
          res.statusCode = 500;
          const errors = compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
          res.end(JSON.stringify({ error: `${folder} does not compile`, hint: errors.join('\n') }));
          return;
        }
        const snapshot: ShowSnapshot = { installation: compiled.installation, events: [], serverTime: 0 };
        res.end(JSON.stringify(snapshot));
      });
    },
  };
}
