/** The longest slug fileSlug gives (characters): a file name stays short on every OS, with room for a suffix. */
export const MAX_SLUG_LENGTH = 60;

/**
 * A title as the safe start of a file name, the same on the server (the archive page's zip) and in the
 * console (the exported archive): accents dropped (NFD, then the combining marks removed), lowercase ASCII
 * letters and digits, every other run of characters one "-", none at either end, at most MAX_SLUG_LENGTH
 * characters (cut before a "-" would end it); "meshwork" when nothing is left (a title in another script).
 */
export function fileSlug(title: string): string {
  return (
    title
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, MAX_SLUG_LENGTH)
      .replace(/-$/, '') || 'meshwork'
  );
}
