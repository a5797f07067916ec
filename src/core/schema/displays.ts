import { z } from 'zod';
import { vec3, withDefault, withFieldDefaults } from './common.ts';
import { WALL_ID, WALL_ID_RULE } from '../ids.ts';

export const camera = z.strictObject({
  position: vec3.default([0, 1.6, 7]),
  target: vec3.default([0, 1.4, 0]),
  fov: withDefault(z.number().gt(1).lt(179), 55, 'Vertical field of view in degrees.'),
});
export type CameraSpec = z.infer<typeof camera>;

/** An off-axis frustum (Kooima's generalized perspective): the wall is a physical rectangle in the room and
 * the eye a point in front of it; what the wall shows is the room seen through that window (the screen). */
export const frustum = z.strictObject({
  eye: vec3.meta({ description: "Where the viewer's eye is, in metres." }),
  bottomLeft: vec3.meta({ description: 'Bottom-left corner of the screen in the room.' }),
  bottomRight: vec3.meta({ description: 'Bottom-right corner of the screen in the room.' }),
  topLeft: vec3.meta({ description: 'Top-left corner of the screen in the room.' }),
});

const budget = z.number().int().positive().optional().meta({ description: 'Most particles this display draws; adaptive quality stays under it.' });

export const wall = z.strictObject({
  camera: camera.optional(),
  frustum: frustum.optional(),
  tile: z
    .strictObject({
      fullSize: z.tuple([z.number().positive(), z.number().positive()]).meta({ description: 'The whole wall in pixels [width, height].' }),
      offset: z
        .tuple([z.number(), z.number(), z.number().positive(), z.number().positive()])
        .meta({ description: "This machine's part of it: [x, y, width, height] in pixels (three's setViewOffset)." }),
    })
    .optional()
    .meta({ description: 'For walls built from several projectors: the part of one larger view this machine shows.' }),
  warp: z
    .tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])])
    .optional()
    .meta({ description: "Corner pin: where the image's corners go, [[x,y] bottom-left, bottom-right, top-right, top-left], 0..1." }),
  blend: z
    .strictObject({
      left: z.number().min(0).max(0.5).default(0),
      right: z.number().min(0).max(0.5).default(0),
      top: z.number().min(0).max(0.5).default(0),
      bottom: z.number().min(0).max(0.5).default(0),
      gamma: z.number().positive().default(2.2),
    })
    .optional()
    .meta({ description: 'Edge blending where projectors overlap: the width of each soft edge (fraction of the image) and the projector gamma.' }),
  sound: withDefault(z.boolean(), false, "Whether this wall plays the sound (e.g. the venue's speakers)."),
  particleBudget: budget,
});
export type WallSpec = z.infer<typeof wall>;

export const displays = z.strictObject({
  desktop: withFieldDefaults(
    z.strictObject({
      camera: withFieldDefaults(camera),
      sound: z.boolean().default(true),
      particleBudget: budget,
    }),
  ),
  headset: withFieldDefaults(
    z.strictObject({
      spawn: withDefault(vec3, [0, 0, 5], 'Where a headset wearer stands at the start (floor level).'),
      sound: withDefault(z.boolean(), true, 'Headsets play binaural sound.'),
      particleBudget: budget,
    }),
  ),
  walls: z
    .record(z.string().regex(WALL_ID, { message: `expected a wall id of ${WALL_ID_RULE}` }), wall)
    .default({})
    .meta({ description: 'Projection walls by id: open /?display=<id>.' }),
});
export type DisplaysSpec = z.infer<typeof displays>;
