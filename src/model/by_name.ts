/**
 * The order names are mapped in, so that a collision is resolved the same way whatever
 * order the children were given in.
 *
 * @module
 */

/**
 * Positions of names in name order (UTF-16 code units), the order collisions are resolved
 * in. A folder scan lists its names in that order already: then no sort is needed.
 *
 * @param requests Names.
 * @returns Positions.
 */
export function byName(requests: readonly { readonly name: string }[]): number[] {
  const order = requests.map((_, i) => i);
  let sorted = true;
  for (let i = 1; i < requests.length && sorted; i++) {
    sorted = requests[i - 1]!.name < requests[i]!.name;
  }
  if (sorted) return order;
  return order.sort((a, b) => {
    const x = requests[a]!.name;
    const y = requests[b]!.name;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
