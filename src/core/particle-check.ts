import type { Installation } from './installation.ts';
import type { YamlSource } from './yaml-source.ts';
import { encodeSculptures } from './encode.ts';
import { finding, hint } from './findings.ts';
import { formatPath, type Diagnostic, type PathSegment } from './diagnostics.ts';

/**
 * Particles a display can be asked to draw at frame rate without a `particleBudget`: about what a
 * standalone headset's GPU draws at 72 Hz, and 13 times the demo (149,108). The adaptive quality lowers a
 * display's share when frames are slow, but only to a quarter (adaptive-quality.ts), and the first frames
 * draw it all: an installation of 3,000 rows at the default `count` (12 million particles) drew no first
 * frame within 120 s on a software GPU.
 */
export const MANY_PARTICLES = 2_000_000;

/**
 * Warns when the installation has more particles than MANY_PARTICLES and some display would draw them all
 * (no `particleBudget`, or one above it): which displays, which sculpture has the most, and a `count` that
 * would keep it under. Warnings only: an installation for a venue with strong GPUs may mean it.
 */
export function checkParticles(installation: Installation, source: YamlSource): Diagnostic[] {
  const sculptures = encodeSculptures(installation);
  const total = sculptures.reduce((a, s) => a + s.particles, 0);
  if (total <= MANY_PARTICLES) return [];
  const { desktop, headset, walls } = installation.spec.displays;
  const unbounded = (budget: number | undefined) => budget === undefined || budget > MANY_PARTICLES;
  const displays = [
    ...(unbounded(desktop.particleBudget) ? ['the desktop preview'] : []),
    ...(unbounded(headset.particleBudget) ? ['a headset'] : []),
    ...Object.entries(walls)
      .filter(([, w]) => unbounded(w.particleBudget))
      .map(([id]) => `wall ${id}`),
  ];
  if (displays.length === 0) return [];
  const most = sculptures.reduce((a, s, i) => (s.particles > (sculptures[a]?.particles ?? 0) ? i : a), 0);
  const biggest = sculptures[most];
  if (!biggest) return [];
  const rows = sculptures.reduce((a, s) => a + s.rows.length, 0);
  // The biggest sculpture's count (the sculpture itself when it leaves `count` at its default).
  const spec = installation.spec.sculptures[most];
  const path: PathSegment[] = ['sculptures', most, 'count'];
  return [
    {
      severity: 'warning',
      file: source.file,
      ...source.locate(path),
      path: formatPath(path),
      ...finding('perf.many-particles', {
        total,
        sculpture: spec?.id ?? biggest.id,
        particles: biggest.particles,
        displays: displays.join(', '),
        limit: MANY_PARTICLES,
      }),
      ...hint('perf.fewer-particles', { count: Math.max(1, Math.floor(MANY_PARTICLES / Math.max(1, rows))), rows, limit: MANY_PARTICLES }),
    },
  ];
}
