/**
 * Why the console's write buttons are off when the server would refuse them anyway (a replay plays an
 * archive as it was): the text is shown once above the controls (element `id`), and each disabled button
 * carries it as its title and points at it with aria-describedby, so a hover or a screen reader says why.
 */
export interface ReadOnly {
  readonly id: string;
  readonly text: string;
}

/** The attributes a button takes while the console is read-only (none otherwise). */
export function readOnlyProps(readOnly: ReadOnly | undefined): { title?: string; 'aria-describedby'?: string } {
  return readOnly ? { title: readOnly.text, 'aria-describedby': readOnly.id } : {};
}
