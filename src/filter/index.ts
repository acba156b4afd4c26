/** Filter text → predicate or error (see addr.ts and view.ts). */
export { parseAddrFilter, matchesAddr, parseIpv4, parseIpv6 } from './addr.js';
export type { AddrFilter, AddrFilterResult } from './addr.js';
export { matchesProto, compileViewFilter } from './view.js';
export type { CompiledViewFilter } from './view.js';
