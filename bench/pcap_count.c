/* The libpcap read baseline for bench/run.sh: the least any libpcap-based reader must do.
 * pcap_open_offline + pcap_dispatch over the whole file, counting packets, captured bytes and
 * original-length bytes; prints them as one JSON line (--version: libpcap's version string).
 * Build: cc -O2 pcap_count.c -lpcap */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct counts { uint64_t packets, caplen_bytes, orig_bytes; };

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes) {
  struct counts *c = (struct counts *)user;
  (void)bytes;
  c->packets++;
  c->caplen_bytes += h->caplen;
  c->orig_bytes += h->len;
}

int main(int argc, char **argv) {
  char err[PCAP_ERRBUF_SIZE];
  if (argc == 2 && strcmp(argv[1], "--version") == 0) { puts(pcap_lib_version()); return 0; }
  if (argc != 2) { fprintf(stderr, "usage: %s FILE.pcap | --version\n", argv[0]); return 2; }
  pcap_t *p = pcap_open_offline(argv[1], err);
  if (p == NULL) { fprintf(stderr, "pcap_count: %s\n", err); return 1; }
  struct counts c = {0, 0, 0};
  int n;
  while ((n = pcap_dispatch(p, -1, on_packet, (u_char *)&c)) > 0) {}
  if (n == PCAP_ERROR) { fprintf(stderr, "pcap_count: %s\n", pcap_geterr(p)); pcap_close(p); return 1; }
  pcap_close(p);
  printf("{\"packets\":%llu,\"cap_bytes\":%llu,\"bytes\":%llu}\n", (unsigned long long)c.packets,
         (unsigned long long)c.caplen_bytes, (unsigned long long)c.orig_bytes);
  return 0;
}
