/**
 * Share copy the union API sends (wire-visible text, written once): the `#小程序://` promotion
 * tag of a product, as product/generate and open_product/generate emit it.
 * @module
 */

/** The title as tags show it: long titles are cut (WeChat masks them likewise). */
function tagTitle(title: string): string {
  const chars = [...title.replace(/\//g, ' ')]
  return chars.length > 10 ? `${chars.slice(0, 10).join('')}***` : chars.join('')
}

/** `#小程序://<shop>/<title>/<code>`: slashes in the shop name and title become spaces. */
export function promotionTag(shopName: string, title: string, code: string): string {
  return `#小程序://${shopName.replace(/\//g, ' ')}/${tagTitle(title)}/${code}`
}
