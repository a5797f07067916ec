// The part of troika-three-text (which ships no types) that the scene uses.
declare module 'troika-three-text' {
  import type { Color, Material, Mesh } from 'three';

  export class Text extends Mesh {
    text: string;
    font: string | null;
    lang: string | null;
    fontSize: number;
    maxWidth: number;
    lineHeight: number | 'normal';
    letterSpacing: number;
    textAlign: 'left' | 'right' | 'center' | 'justify';
    anchorX: number | 'left' | 'center' | 'right';
    anchorY: number | 'top' | 'top-baseline' | 'top-cap' | 'top-ex' | 'middle' | 'bottom-baseline' | 'bottom';
    direction: 'auto' | 'ltr' | 'rtl';
    color: Color | string | number;
    fillOpacity: number;
    outlineWidth: number | string;
    outlineColor: Color | string | number;
    outlineOpacity: number;
    outlineBlur: number | string;
    sdfGlyphSize: number;
    material: Material;
    /** The last layout (after sync): the block's bounds [minX, minY, maxX, maxY] in local units, y up. */
    readonly textRenderInfo: { readonly blockBounds: readonly [number, number, number, number] } | null;
    sync(callback?: () => void): void;
    dispose(): void;
  }

  export function configureTextBuilder(config: {
    defaultFontURL?: string | null;
    unicodeFontsURL?: string | null;
    sdfGlyphSize?: number;
    useWorker?: boolean;
  }): void;
  export function preloadFont(options: { font: string; characters?: string | string[]; sdfGlyphSize?: number }, callback: () => void): void;
}
