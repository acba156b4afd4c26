/**
 * One captured packet as libpcap hands it over (pcap_pkthdr + bytes), without copying.
 *
 * The packet bytes are `buf[off, off + caplen)`: `buf` is usually a whole batch buffer shared by
 * many frames, so a Frame is only valid until the next batch is read. Code that keeps packet bytes
 * (the ring, the dump) must copy them.
 *
 * Source: pcap(3PCAP) `struct pcap_pkthdr`; pcap file format (draft-ietf-opsawg-pcap) record header.
 */
export interface Frame {
  /** Buffer that holds the packet bytes (and possibly other packets). */
  buf: Uint8Array;
  /** Offset of the first packet byte in `buf`. */
  off: number;
  /** Bytes captured and present in `buf` (pcap caplen / incl_len). */
  caplen: number;
  /** Bytes the packet had on the wire (pcap len / orig_len). Always ≥ caplen in sane files, not guaranteed. */
  origLen: number;
  /** Whole seconds of the timestamp, UTC epoch (may be negative in damaged files). */
  tsSec: number;
  /** Fraction of the timestamp in nanoseconds, normally 0..999 999 999 (not guaranteed for damaged files). */
  tsNsec: number;
  /** LINKTYPE_ value of the capture (tcpdump.org link-layer header types), e.g. 1 = Ethernet. */
  linktype: number;
}

/**
 * Layout of one record in a capture batch (what Capture.readBatch fills, see
 * src/capture/native/pcap_binding.cc): a 24-byte header of u32 words [tsSec low, tsSec high (i32),
 * tsNsec, caplen, origLen, 0], then caplen packet bytes, padded to a multiple of 8 bytes.
 */
export const BATCH_RECORD_HEADER = 24;

/**
 * A capture batch as `pushRecords` reads it: the batch buffer and two aligned word views of it.
 * `u32`/`i32` must view the same bytes as `buf`, starting at buf[0] (so buf.byteOffset is 4-aligned).
 */
export interface RecordBatch {
  buf: Uint8Array;
  u32: Uint32Array;
  i32: Int32Array;
}

/**
 * A new Frame for reuse on the hot path: every field zero, `buf` empty unless given. Every Frame
 * is made here, so that all of them share one V8 hidden class: tsSec starts as -0, which V8 keeps
 * as a double, the way it keeps every real timestamp (the capture computes tsSec from two 32-bit
 * halves, a double). A frame that started at the small integer 0 changed its hidden class at its
 * first packet, and the optimized decode and aggregate path (warmed on other frames) was
 * deoptimized and compiled again at the start of every capture. -0 === 0.
 */
export function newFrame(buf: Uint8Array = new Uint8Array(0), linktype = 1): Frame {
  return { buf, off: 0, caplen: 0, origLen: 0, tsSec: -0, tsNsec: 0, linktype };
}

/** LINKTYPE_ values (https://www.tcpdump.org/linktypes.html) that nta-top decodes. */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11: 105,
  IEEE802_11_RADIOTAP: 127,
  PPP: 9,
  PPP_HDLC: 50,
  PPP_ETHER: 51,
  NFLOG: 239,
  IPOIB: 242,
  PKTAP: 258,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** Timestamp as integer nanoseconds since the epoch (exact; bigint because it exceeds 2^53). */
export function frameTsNs(f: { tsSec: number; tsNsec: number }): bigint {
  return BigInt(f.tsSec) * 1_000_000_000n + BigInt(f.tsNsec);
}
