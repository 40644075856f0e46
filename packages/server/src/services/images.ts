/**
 * This server's own images: the demo catalogue's placeholders, served under `/img/`
 * (routes/images.ts). They are stored as paths, so a new public URL needs no data rewrite, and
 * made absolute on the public URL by the code that serialises each response, as WeChat emits
 * every image URL. Nothing rewrites response text: a spot named `a"/img/b` stays that.
 * @module
 */

/** Whether `value` is one of this server's image paths. */
export function isOwnImage(value: string): boolean {
  return value.startsWith('/img/')
}

/** `value` on `base` when it is one of this server's image paths; any other value as given. */
export function imageUrl(value: string, base: string): string {
  return isOwnImage(value) ? `${base}${value}` : value
}

/** imageUrl of each value. */
export function imageUrls(values: readonly string[], base: string): string[] {
  return values.map((v) => imageUrl(v, base))
}
