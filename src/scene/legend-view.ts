import type { Legend } from '../core/legends.ts';

/** What kind of screen a view is, for which legends it shows and where. */
export type LegendView = { readonly kind: 'wall'; readonly id: string } | { readonly kind: 'desktop' } | { readonly kind: 'headset' };

/**
 * Which legends a view shows in its corner and which float in the room, the one rule for it: a room legend
 * floats at its position on every screen; a corner legend goes in the corner of every wall it names (every
 * wall when it names none) and of the desktop preview, and floats at its position in a headset, which has
 * no corner.
 */
export function legendPlaces(legends: readonly Legend[], view: LegendView): { readonly corner: readonly Legend[]; readonly room: readonly Legend[] } {
  const corner: Legend[] = [];
  const room: Legend[] = [];
  for (const l of legends) {
    if (l.place === 'room' || view.kind === 'headset') room.push(l);
    else if (view.kind === 'desktop' || l.walls === null || l.walls.includes(view.id)) corner.push(l);
  }
  return { corner, room };
}
