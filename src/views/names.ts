/**
 * Passive names in place of addresses: Snapshot.names maps an address (as printed in the rows)
 * to a name seen in a DNS answer or a TLS SNI. nta-top sends no lookups; the map is only used
 * when the user has names on (`n`), and an address with no name is shown as it is.
 */

/** The names to use, or null when names are off. */
export type NameMap = Readonly<Record<string, string>> | null;

/** The name learned for `addr`, or undefined (own keys only: an address is never '__proto__'). */
export function nameOf(addr: string, names: NameMap): string | undefined {
  if (names === null || !Object.prototype.hasOwnProperty.call(names, addr)) return undefined;
  const n = names[addr];
  return typeof n === 'string' && n !== '' ? n : undefined;
}

/** What a column shows when it only needs to be sized: the name when there is one, else the address. */
export function shortLabel(addr: string, names: NameMap): string {
  return nameOf(addr, names) ?? addr;
}

/**
 * The text for `addr` in a column `width` wide: "name (addr)" when it fits, else the name
 * alone (cut by the caller if need be), else the address.
 */
export function addrLabel(addr: string, names: NameMap, width: number): string {
  const name = nameOf(addr, names);
  if (name === undefined) return addr;
  const both = `${name} (${addr})`;
  return both.length <= width ? both : name;
}
