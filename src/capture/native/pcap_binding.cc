// nta_pcap: a small N-API binding to libpcap (pcap(3PCAP)) for nta-top.
//
// What it gives JavaScript:
//   listDevices()                  pcap_findalldevs: names, descriptions, addresses, flags
//   openLive(opts)                 pcap_create + set_* + pcap_activate + BPF
//   openOffline(path, opts)        pcap_open_offline_with_tstamp_precision ("-" = stdin);
//                                  opts {filter, fileLayout} (see below)
//   handle.readBatch(buf, max[, offset, length])
//                                  records into buf[offset, offset + length) (batched delivery)
//   handle.startPoll(cb)           uv_poll on pcap_get_selectable_fd: cb() when packets wait
//   handle.stats()                 pcap_stats
//   handle.close()
//   allocArena(bytes)              a zero-filled ArrayBuffer in its own mapping, on huge pages
//                                  where the kernel allows (madvise(2) MADV_HUGEPAGE)
//   prefault(arrayBuffer)          its pages faulted in now on a thread (MADV_POPULATE_WRITE)
//
// Batch record layout (host byte order, every record 8-byte aligned):
//   u32 tsSecLo, i32 tsSecHi, u32 tsNsec, u32 caplen, u32 origLen, u32 reserved, caplen bytes.
// Timestamps are always nanoseconds: live captures ask for PCAP_TSTAMP_PRECISION_NANO and fall
// back to micro (scaled by 1000 here); files are opened with nano precision, so libpcap scales.
//
// Files that are regular files are read ahead on a thread of their own: it fills a few internal
// batches while JavaScript decodes the previous ones. Classic pcap files without a BPF filter are
// read by the binding itself on that thread (FillFileLayout: one large pread per batch, no
// per-packet stdio or callback, nothing converted), handing over to libpcap at the first record
// that is damaged or unusual; such a batch holds the file's own record layout. A caller that only
// walks packets and keeps no records (openOffline's fileLayout: the headless report) walks those
// batches in place (takeBatch says which layout a batch has); readBatch converts their records
// into the caller's buffer (a ring window), the one copy the packets then get on the calling
// thread. Other files (pcapng, filtered reads) go through pcap_dispatch into batches of the
// binding's layout, which readBatch copies out a run of whole records at a time. Pipes and standard input are
// read on the calling thread (a reader blocked on an idle pipe could not be joined at close).
// The pcap_t is touched only by that thread while it runs; everything it shares with the calling
// thread is guarded by one mutex.
//
// Worker safety: no global state; the uv_poll handle lives on the calling thread's loop
// (napi_get_uv_event_loop), and N-API modules are context-aware.

#include <napi.h>
#include <pcap/pcap.h>
#include <uv.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr size_t kRecordHeader = 24;

inline size_t Align8(size_t n) { return (n + 7) & ~static_cast<size_t>(7); }

// Read-ahead: batches of this many bytes (a multiple of 8, so records are never cut short of
// their padding), this many of them in flight.
constexpr size_t kAheadBatchBytes = 512 * 1024;
constexpr size_t kAheadBatches = 4;
// stdio buffer for capture files, bytes.
constexpr size_t kFileBufferBytes = 1024 * 1024;
// Direct reader (see FillFileLayout): the largest caplen it handles itself (libpcap's
// max_snaplen_for_dlt for nearly every linktype; larger records, rare and often damage, are
// left to libpcap).
constexpr uint32_t kDirectMaxCaplen = 262144;

inline uint32_t Swap32(uint32_t v) { return __builtin_bswap32(v); }

inline uint32_t RecordCaplen(const uint8_t* r) {
  uint32_t v;
  std::memcpy(&v, r + 12, 4);
  return v;
}

Napi::Error MakeError(Napi::Env env, const std::string& code, const std::string& msg) {
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("code", Napi::String::New(env, code));
  return e;
}

std::string SockaddrToString(const struct sockaddr* sa) {
  if (sa == nullptr) return "";
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  } else {
    return "";
  }
  return buf;
}

Napi::Value ListDevices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_if_t* devs = nullptr;
  if (pcap_findalldevs(&devs, errbuf) != 0) {
    throw MakeError(env, "EPCAP", errbuf);
  }
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (pcap_if_t* d = devs; d != nullptr; d = d->next) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", d->name ? d->name : "");
    o.Set("description", d->description ? d->description : "");
    o.Set("up", (d->flags & PCAP_IF_UP) != 0);
    o.Set("running", (d->flags & PCAP_IF_RUNNING) != 0);
    o.Set("loopback", (d->flags & PCAP_IF_LOOPBACK) != 0);
    o.Set("wireless", (d->flags & PCAP_IF_WIRELESS) != 0);
    o.Set("connected", (d->flags & PCAP_IF_CONNECTION_STATUS) == PCAP_IF_CONNECTION_STATUS_CONNECTED);
    Napi::Array addrs = Napi::Array::New(env);
    uint32_t j = 0;
    for (pcap_addr_t* a = d->addresses; a != nullptr; a = a->next) {
      if (a->addr == nullptr) continue;
      int fam = a->addr->sa_family;
      if (fam != AF_INET && fam != AF_INET6) continue;
      Napi::Object ao = Napi::Object::New(env);
      ao.Set("family", fam == AF_INET ? "IPv4" : "IPv6");
      ao.Set("addr", SockaddrToString(a->addr));
      ao.Set("netmask", SockaddrToString(a->netmask));
      addrs.Set(j++, ao);
    }
    o.Set("addresses", addrs);
    out.Set(i++, o);
  }
  pcap_freealldevs(devs);
  return out;
}

Napi::Value LibVersion(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), pcap_lib_version());
}

Napi::Value DatalinkName(const Napi::CallbackInfo& info) {
  int dlt = info[0].As<Napi::Number>().Int32Value();
  const char* n = pcap_datalink_val_to_name(dlt);
  if (n == nullptr) return info.Env().Null();
  return Napi::String::New(info.Env(), n);
}

// Checks a BPF expression against a linktype and snaplen without a capture (pcap_open_dead).
// Returns null when it compiles, else libpcap's error text.
Napi::Value CheckFilter(const Napi::CallbackInfo& info) {
  std::string expr = info[0].As<Napi::String>().Utf8Value();
  int dlt = info[1].As<Napi::Number>().Int32Value();
  int snaplen = info[2].As<Napi::Number>().Int32Value();
  pcap_t* p = pcap_open_dead(dlt, snaplen);
  if (p == nullptr) return Napi::String::New(info.Env(), "pcap_open_dead failed");
  struct bpf_program prog;
  Napi::Value result = info.Env().Null();
  if (pcap_compile(p, &prog, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    result = Napi::String::New(info.Env(), pcap_geterr(p));
  } else {
    pcap_freecode(&prog);
  }
  pcap_close(p);
  return result;
}

class Handle : public Napi::ObjectWrap<Handle> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "PcapHandle",
                       {
                           InstanceMethod<&Handle::ReadBatch>("readBatch"),
                           InstanceMethod<&Handle::StartPoll>("startPoll"),
                           InstanceMethod<&Handle::StopPoll>("stopPoll"),
                           InstanceMethod<&Handle::Stats>("stats"),
                           InstanceMethod<&Handle::Close>("close"),
                           InstanceMethod<&Handle::Linktype>("linktype"),
                           InstanceMethod<&Handle::Snaplen>("snaplen"),
                           InstanceMethod<&Handle::Nanosecond>("nanosecond"),
                           InstanceMethod<&Handle::LastError>("lastError"),
                           InstanceMethod<&Handle::Warning>("warning"),
                           InstanceMethod<&Handle::FileInfo>("fileInfo"),
                           InstanceMethod<&Handle::AheadBuffers>("aheadBuffers"),
                           InstanceMethod<&Handle::TakeBatch>("takeBatch"),
                       });
  }

  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle>(info) {}
  ~Handle() override { Shutdown(); }

  // Called by the module functions after construction.
  void Adopt(pcap_t* p, bool live, bool nano, std::string warning) {
    pcap_ = p;
    live_ = live;
    nano_ = nano;
    warning_ = std::move(warning);
    int snap = pcap_snapshot(p);
    pending_.reserve(snap > 0 ? static_cast<size_t>(snap) : 262144);
  }

 private:
  struct DispatchCtx {
    Handle* self;
    uint8_t* buf;
    size_t cap;
    size_t used;
    uint32_t count;
    uint32_t max;
  };

  // Writes one record at ctx->used; returns false when it does not fit.
  static bool Put(DispatchCtx* c, const struct pcap_pkthdr* h, const u_char* bytes, bool nano) {
    size_t caplen = h->caplen;
    // A record larger than the whole buffer is cut to fit; origLen keeps the truth.
    if (kRecordHeader + caplen > c->cap) caplen = c->cap - kRecordHeader;
    size_t need = Align8(kRecordHeader + caplen);
    if (c->used + need > c->cap) {
      if (c->used + kRecordHeader + caplen > c->cap) return false;
      need = c->cap - c->used;  // last record: no padding needed
    }
    uint8_t* r = c->buf + c->used;
    int64_t sec = static_cast<int64_t>(h->ts.tv_sec);
    uint32_t lo = static_cast<uint32_t>(static_cast<uint64_t>(sec) & 0xffffffffu);
    int32_t hi = static_cast<int32_t>(sec >> 32);
    // tv_usec holds nanoseconds when the handle's precision is nano.
    uint32_t frac = static_cast<uint32_t>(h->ts.tv_usec);
    if (!nano) frac *= 1000u;
    uint32_t cl = static_cast<uint32_t>(caplen);
    uint32_t ol = h->len;
    uint32_t zero = 0;
    std::memcpy(r, &lo, 4);
    std::memcpy(r + 4, &hi, 4);
    std::memcpy(r + 8, &frac, 4);
    std::memcpy(r + 12, &cl, 4);
    std::memcpy(r + 16, &ol, 4);
    std::memcpy(r + 20, &zero, 4);
    if (caplen > 0) std::memcpy(r + kRecordHeader, bytes, caplen);
    c->used += need;
    c->count++;
    return true;
  }

  static void OnPacket(u_char* user, const struct pcap_pkthdr* h, const u_char* bytes) {
    DispatchCtx* c = reinterpret_cast<DispatchCtx*>(user);
    Handle* self = c->self;
    if (self->has_pending_) return;  // cannot happen: breakloop was requested
    if (!Put(c, h, bytes, self->nano_)) {
      // Keep the packet for the next batch; libpcap's pointer dies after this callback.
      // pending_ has capacity for any snaplen (reserved in Adopt), so assign does not allocate
      // for live captures; no exception may cross libpcap's C frames.
      try {
        self->pending_.assign(bytes, bytes + h->caplen);
        self->pending_hdr_ = *h;
        self->has_pending_ = true;
      } catch (...) {
        self->has_pending_ = false;  // out of memory: this one packet is lost, never the process
      }
      pcap_breakloop(self->pcap_);
    }
  }

  // Fills one batch on the read-ahead thread: pcap_dispatch until the batch is full (a packet
  // is then pending for the next one), end of file or an error. Returns false at the end.
  // `file_layout`: the batch holds records as the file has them (FillFileLayout), not in the
  // binding's record layout.
  bool FillAhead(uint8_t* buf, size_t cap, size_t& used, uint32_t& count, bool& file_layout) {
    DispatchCtx c{this, buf, cap, 0, 0, UINT32_MAX};
    file_layout = false;
    if (direct_) {
      int r = FillFileLayout(&c);
      used = c.used;
      count = c.count;
      if (r == -2) ahead_failed_ = true;
      if (r == 1) file_layout = true;
      if (r == 1 || r == 0 || r == -2) return r == 1;
      // r == -1: libpcap takes over at the record that stopped the scan; what came before it
      // goes out in this batch, in the file's layout, and libpcap fills the next ones.
      if (c.count > 0) {
        file_layout = true;
        return true;
      }
    }
    if (has_pending_) {
      Put(&c, &pending_hdr_, pending_.data(), nano_);
      has_pending_ = false;
      pending_.clear();
    }
    bool more = true;
    while (!has_pending_) {
      int n = pcap_dispatch(pcap_, -1, &Handle::OnPacket, reinterpret_cast<u_char*>(&c));
      if (n == PCAP_ERROR_BREAK) break;
      if (n == PCAP_ERROR) {
        ahead_error_ = pcap_geterr(pcap_);
        ahead_failed_ = true;
        more = false;
        break;
      }
      if (n == 0) {
        more = false;
        break;
      }
    }
    used = c.used;
    count = c.count;
    return more;
  }

  // The direct reader: classic pcap files (pcap-savefile(5), version 2.4, micro- or nanosecond
  // magic, either byte order) are read with large preads from the file descriptor instead of two
  // freads and a callback per packet in libpcap; it is what lets offline reading keep up with
  // decoding. The batch is filled with one pread of the file's own bytes (a 16-byte record
  // header, then caplen bytes, no padding, the file's byte order), after the incomplete record
  // the last batch ended with (carry_); nothing is converted here (readBatch converts what it
  // copies out, ConvertFileRecord). The records are scanned so that the batch ends at a whole
  // record, and only whole, sane records are handed on (caplen <= the snapshot length and <=
  // kDirectMaxCaplen): at the first record that is not (oversized, damaged, cut short by the
  // end of the file) libpcap's FILE is seeked to it and libpcap reads the rest, so the packets
  // delivered and the error reported are exactly libpcap's. Returns 1 with a batch of whole
  // records (more may follow), 0 at the end of the file, -1 when libpcap must go on (direct_ is
  // then false; the records before it are in the batch), -2 on a read error.
  int FillFileLayout(DispatchCtx* c) {
    uint8_t* buf = c->buf;
    size_t len = carry_.size();
    if (len > c->cap) return Handover(direct_next_ - static_cast<off_t>(len));  // cannot happen: cap > any record
    if (len > 0) std::memcpy(buf, carry_.data(), len);
    const off_t base = direct_next_ - static_cast<off_t>(len);  // file offset of buf[0]
    carry_.clear();
    ssize_t n;
    do {
      n = pread(direct_fd_, buf + len, c->cap - len, direct_next_);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      ahead_error_ = std::string("error reading dump file: ") + std::strerror(errno);
      return -2;
    }
    direct_next_ += n;
    len += static_cast<size_t>(n);
    size_t pos = 0;
    uint32_t count = 0;
    bool insane = false;
    while (len - pos >= 16) {
      const uint32_t caplen = FileRecordCaplen(buf + pos);
      if (caplen > direct_snap_ || caplen > kDirectMaxCaplen) {
        insane = true;
        break;
      }
      if (len - pos - 16 < caplen) break;  // not all here yet
      pos += 16 + caplen;
      count++;
    }
    c->used = pos;
    c->count = count;
    if (insane) return Handover(base + static_cast<off_t>(pos));
    if (pos == len) return len == 0 ? 0 : 1;
    // An incomplete record: read on if the file may have more, else it is cut short by the end
    // of the file and libpcap says so.
    if (n == 0) return Handover(base + static_cast<off_t>(pos));
    try {
      carry_.assign(buf + pos, buf + len);
    } catch (...) {
      return Handover(base + static_cast<off_t>(pos));
    }
    return 1;
  }

  // A pcap-savefile(5) record header at `h`, in host byte order.
  struct FileRecordHeader {
    uint32_t sec, frac, caplen, len;
  };
  FileRecordHeader ReadFileRecordHeader(const uint8_t* h) const {
    FileRecordHeader f;
    std::memcpy(&f.sec, h, 4);
    std::memcpy(&f.frac, h + 4, 4);
    std::memcpy(&f.caplen, h + 8, 4);
    std::memcpy(&f.len, h + 12, 4);
    if (direct_swapped_) {
      f.sec = Swap32(f.sec);
      f.frac = Swap32(f.frac);
      f.caplen = Swap32(f.caplen);
      f.len = Swap32(f.len);
    }
    return f;
  }
  uint32_t FileRecordCaplen(const uint8_t* h) const {
    uint32_t caplen;
    std::memcpy(&caplen, h + 8, 4);
    return direct_swapped_ ? Swap32(caplen) : caplen;
  }

  // Converts the file-layout record at `h` (FillFileLayout) into the binding's record layout at
  // `r`, its bytes cut to what fits in `room` (origLen keeps the truth).
  void ConvertFileRecord(const uint8_t* h, uint8_t* r, size_t room) const {
    const FileRecordHeader fh = ReadFileRecordHeader(h);
    uint32_t cl = fh.caplen;
    if (kRecordHeader + cl > room) cl = static_cast<uint32_t>(room - kRecordHeader);
    WriteRecordHeader(r, fh.sec, fh.frac, cl, fh.len);
    std::memcpy(r + kRecordHeader, h + 16, cl);
  }

  // The binding's record header for a direct-read record: seconds and the fraction as libpcap
  // gives them (signed 32-bit seconds; microseconds scaled by 1000).
  void WriteRecordHeader(uint8_t* r, uint32_t sec, uint32_t frac, uint32_t caplen, uint32_t len) const {
    int64_t s64 = static_cast<int32_t>(sec);
    uint32_t lo = static_cast<uint32_t>(s64);
    int32_t hi = s64 < 0 ? -1 : 0;
    uint32_t ns = direct_micro_ ? frac * 1000u : frac;
    uint32_t zero = 0;
    std::memcpy(r, &lo, 4);
    std::memcpy(r + 4, &hi, 4);
    std::memcpy(r + 8, &ns, 4);
    std::memcpy(r + 12, &caplen, 4);
    std::memcpy(r + 16, &len, 4);
    std::memcpy(r + 20, &zero, 4);
  }

  // Hands the rest of the file to libpcap, from the record at file offset `at`.
  int Handover(off_t at) {
    direct_ = false;
    carry_ = std::vector<uint8_t>();
    if (fseeko(pcap_file(pcap_), at, SEEK_SET) != 0) {
      ahead_error_ = std::string("error reading dump file: ") + std::strerror(errno);
      return -2;
    }
    return -1;
  }

  // Turns the direct reader on for a classic pcap file it can read exactly as libpcap would.
  void StartDirect(int fd) {
    uint8_t fh[24];
    ssize_t n = pread(fd, fh, sizeof fh, 0);
    if (n != static_cast<ssize_t>(sizeof fh)) return;
    uint32_t magic;
    uint16_t major, minor;
    std::memcpy(&magic, fh, 4);
    std::memcpy(&major, fh + 4, 2);
    std::memcpy(&minor, fh + 6, 2);
    bool swapped;
    if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du) {
      swapped = false;
    } else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u) {
      swapped = true;
      major = __builtin_bswap16(major);
      minor = __builtin_bswap16(minor);
    } else {
      return;  // pcapng, the patched-libpcap formats, ...: libpcap reads them
    }
    if (major != 2 || minor != 4) return;  // older versions may have caplen and len swapped
    int lt = pcap_datalink(pcap_);
    // libpcap rewrites pseudo-headers of a few linktypes in byte-swapped files
    // (swap_pseudo_headers): leave those files to it.
    if (swapped && !(lt == DLT_EN10MB || lt == DLT_RAW || lt == DLT_IPV4 || lt == DLT_IPV6 || lt == DLT_NULL ||
                     lt == DLT_LOOP || lt == DLT_IEEE802_11 || lt == DLT_IEEE802_11_RADIO)) {
      return;
    }
    int snap = pcap_snapshot(pcap_);
    if (snap <= 0) return;
    direct_fd_ = fd;
    direct_swapped_ = swapped;
    direct_micro_ = magic == 0xa1b2c3d4u || magic == 0xd4c3b2a1u;
    direct_snap_ = static_cast<uint32_t>(snap);
    direct_next_ = 24;
    direct_ = true;
  }

  void AheadLoop() {
    for (;;) {
      int idx;
      {
        std::unique_lock<std::mutex> lk(ahead_mu_);
        ahead_cv_.wait(lk, [this] { return ahead_stop_ || !ahead_free_.empty(); });
        if (ahead_stop_) return;
        idx = ahead_free_.back();
        ahead_free_.pop_back();
      }
      size_t used = 0;
      uint32_t count = 0;
      bool file_layout = false;
      bool more = FillAhead(ahead_mem_[idx], kAheadBatchBytes, used, count, file_layout);
      {
        std::lock_guard<std::mutex> lk(ahead_mu_);
        ahead_full_.push_back(Batch{idx, used, count, file_layout});
        if (!more) ahead_done_ = true;
      }
      ahead_cv_.notify_all();
      if (!more) return;
    }
  }

 public:
  // Starts the read-ahead thread for a file handle that reads a regular file.
  // `filtered`: a BPF filter is set (libpcap applies it while reading, so no direct reader).
  // `file_layout`: the caller walks batches in place and keeps no records (openOffline's
  // fileLayout), so takeBatch may hand over a directly read file's batches in their own layout.
  void StartAhead(Napi::Env env, bool filtered, bool file_layout) {
    FILE* f = pcap_file(pcap_);
    struct stat st;
    if (f == nullptr || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) return;
    // The batches are ArrayBuffers that JS may view (takeBatch): V8 owns the memory, the
    // references keep it alive and in place until this handle is gone (after the thread is).
    for (size_t i = 0; i < kAheadBatches; i++) {
      Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, kAheadBatchBytes);
      if (env.IsExceptionPending()) {
        env.GetAndClearPendingException();
        return;
      }
      ahead_mem_[i] = static_cast<uint8_t*>(ab.Data());
      ahead_ab_[i] = Napi::Persistent(ab);
    }
    file_layout_ = file_layout;
    if (!filtered) StartDirect(fileno(f));
    try {
      for (size_t i = 0; i < kAheadBatches; i++) ahead_free_.push_back(static_cast<int>(i));
      ahead_ = std::thread(&Handle::AheadLoop, this);
      ahead_on_ = true;
    } catch (...) {
      ahead_free_.clear();  // no thread: read on the calling thread instead
    }
  }

  // aheadBuffers(): the read-ahead batches as ArrayBuffers (index = takeBatch's batch number),
  // or null when this handle has no read-ahead thread.
  Napi::Value AheadBuffers(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!ahead_on_) return env.Null();
    Napi::Array a = Napi::Array::New(env, kAheadBatches);
    for (size_t i = 0; i < kAheadBatches; i++) a.Set(static_cast<uint32_t>(i), ahead_ab_[i].Value());
    return a;
  }

  // takeBatch(out: Uint32Array(3)): the next batch of records where the read-ahead thread wrote
  // it, without a copy. out[0] = batch number (an index into aheadBuffers()), the records start
  // at byte 0 of it; out[2] = their layout: 0 the binding's records, else the file's own
  // (pcap-savefile(5) record headers, no padding; FillFileLayout) with bit 1 set for a
  // big-endian file and bit 2 for microsecond timestamps. The batch stays the caller's until
  // its next takeBatch/readBatch call.
  //   >= 1  records in the batch
  //   -1    end of file; -2 read error (lastError() says why); both with nothing delivered
  //   -3    not now: no read-ahead, a batch that readBatch has partly copied out, or one in the
  //         file's layout for a handle opened without fileLayout (use readBatch)
  Napi::Value TakeBatch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (pcap_ == nullptr) throw MakeError(env, "ECLOSED", "capture handle is closed");
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array ||
        info[0].As<Napi::Uint32Array>().ElementLength() < 3) {
      throw Napi::TypeError::New(env, "takeBatch: Uint32Array of 3 expected");
    }
    if (!ahead_on_) return Napi::Number::New(env, -3);
    uint32_t* out = info[0].As<Napi::Uint32Array>().Data();
    if (ahead_cur_.idx >= 0) {
      if (ahead_pos_ != 0 && ahead_pos_ < ahead_cur_.used) return Napi::Number::New(env, -3);
      if (ahead_pos_ >= ahead_cur_.used) RecycleCurrent();
    }
    for (;;) {
      if (ahead_cur_.idx < 0) {
        std::unique_lock<std::mutex> lk(ahead_mu_);
        ahead_cv_.wait(lk, [this] { return !ahead_full_.empty() || ahead_done_; });
        if (ahead_full_.empty()) {
          if (ahead_failed_) {
            failed_ = true;
            error_ = ahead_error_;
            return Napi::Number::New(env, -2);
          }
          eof_ = true;
          return Napi::Number::New(env, -1);
        }
        ahead_cur_ = ahead_full_.front();
        ahead_full_.pop_front();
        ahead_pos_ = 0;
      }
      // A batch in the file's layout is for walkers (fileLayout); a caller that keeps records gets
      // it through readBatch, which converts them (ahead_pos_ is still 0: nothing taken).
      if (ahead_cur_.file_layout && !file_layout_) return Napi::Number::New(env, -3);
      // An empty batch (a damaged record handed over with nothing before it) is skipped.
      uint32_t n = ahead_cur_.count;
      ahead_pos_ = ahead_cur_.used;
      if (n == 0) {
        RecycleCurrent();
        continue;
      }
      out[0] = static_cast<uint32_t>(ahead_cur_.idx);
      out[1] = 0;
      out[2] = ahead_cur_.file_layout ? 1u | (direct_swapped_ ? 2u : 0u) | (direct_micro_ ? 4u : 0u) : 0u;
      return Napi::Number::New(env, n);
    }
  }

 private:
  void StopAhead() {
    if (!ahead_on_) return;
    {
      std::lock_guard<std::mutex> lk(ahead_mu_);
      ahead_stop_ = true;
    }
    ahead_cv_.notify_all();
    ahead_.join();
    ahead_on_ = false;
    ahead_full_.clear();
    ahead_free_.clear();
    ahead_cur_ = Batch{};
  }

  // The current batch goes back to the thread (it has been copied out or handed back).
  void RecycleCurrent() {
    {
      std::lock_guard<std::mutex> lk(ahead_mu_);
      ahead_free_.push_back(ahead_cur_.idx);
    }
    ahead_cur_ = Batch{};
    ahead_cv_.notify_all();
  }

  // readBatch from the read-ahead batches: copies whole records into c, waiting only while it
  // has nothing to return yet.
  void DrainAhead(DispatchCtx* c) {
    while (c->count < c->max) {
      if (ahead_cur_.idx < 0) {
        std::unique_lock<std::mutex> lk(ahead_mu_);
        if (ahead_full_.empty()) {
          if (ahead_done_) {
            if (ahead_failed_) {
              failed_ = true;
              error_ = ahead_error_;
            } else {
              eof_ = true;
            }
            return;
          }
          if (c->count > 0) return;  // deliver what is here rather than wait
          ahead_cv_.wait(lk, [this] { return !ahead_full_.empty() || ahead_done_; });
          continue;
        }
        ahead_cur_ = ahead_full_.front();
        ahead_full_.pop_front();
        ahead_pos_ = 0;
      }
      if (ahead_cur_.file_layout) {
        // The file's layout: each record converted into the caller's buffer.
        const uint8_t* src = ahead_mem_[ahead_cur_.idx];
        while (ahead_pos_ < ahead_cur_.used && c->count < c->max) {
          const uint8_t* h = src + ahead_pos_;
          const uint32_t caplen = FileRecordCaplen(h);
          size_t need = Align8(kRecordHeader + caplen);
          size_t room = c->cap - c->used;
          if (need > room) {
            if (kRecordHeader + caplen <= room) {
              need = room;  // last record: no padding needed
            } else if (c->used != 0) {
              break;  // the caller's buffer is full
            } else {
              need = room;  // larger than the caller's whole buffer: cut to fit, as Put does
            }
          }
          ConvertFileRecord(h, c->buf + c->used, room);
          c->used += need;
          c->count++;
          ahead_pos_ += 16 + caplen;
          if (c->used >= c->cap) break;
        }
        if (ahead_pos_ >= ahead_cur_.used) {
          RecycleCurrent();
          continue;
        }
        return;
      }
      // The run of whole records that fits, copied at once.
      const uint8_t* src = ahead_mem_[ahead_cur_.idx];
      size_t pos = ahead_pos_;
      size_t room = c->cap - c->used;
      uint32_t n = 0;
      while (pos < ahead_cur_.used && c->count + n < c->max) {
        size_t need = Align8(kRecordHeader + RecordCaplen(src + pos));
        if (pos + need > ahead_cur_.used) need = ahead_cur_.used - pos;  // defensive: never past the data
        if (pos - ahead_pos_ + need > room) break;
        pos += need;
        n++;
      }
      if (n == 0 && pos < ahead_cur_.used && c->used == 0) {
        // A record larger than the caller's whole buffer: cut to fit, as Put does.
        size_t caplen = c->cap - kRecordHeader;
        std::memcpy(c->buf, src + pos, kRecordHeader + caplen);
        uint32_t cl = static_cast<uint32_t>(caplen);
        std::memcpy(c->buf + 12, &cl, 4);
        c->used = c->cap;
        c->count++;
        ahead_pos_ = pos + Align8(kRecordHeader + RecordCaplen(src + pos));
        return;
      }
      if (n > 0) {
        std::memcpy(c->buf + c->used, src + ahead_pos_, pos - ahead_pos_);
        c->used += pos - ahead_pos_;
        c->count += n;
        ahead_pos_ = pos;
      }
      if (ahead_pos_ >= ahead_cur_.used) {
        RecycleCurrent();
        continue;
      }
      return;  // the caller's buffer is full
    }
  }

  // readBatch(buf: Uint8Array, maxPackets: number, offset = 0, length = buf.length - offset): number
  //   writes records into buf[offset, offset + length); offset must be a multiple of 8.
  //   >= 0  packets written (0 = none waiting right now, live only)
  //   -1    end of file (offline) with nothing written
  //   -2    error with nothing written; lastError() says why (packets before it were delivered)
  Napi::Value ReadBatch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (pcap_ == nullptr) throw MakeError(env, "ECLOSED", "capture handle is closed");
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throw Napi::TypeError::New(env, "readBatch: Uint8Array expected");
    }
    Napi::Uint8Array b = info[0].As<Napi::Uint8Array>();
    uint32_t max = info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : 4096;
    if (max == 0) max = 1;
    size_t total = b.ElementLength();
    double offD = info.Length() > 2 && info[2].IsNumber() ? info[2].As<Napi::Number>().DoubleValue() : 0;
    double lenD = info.Length() > 3 && info[3].IsNumber() ? info[3].As<Napi::Number>().DoubleValue()
                                                          : static_cast<double>(total) - offD;
    if (!(offD >= 0 && lenD >= 0 && offD + lenD <= static_cast<double>(total)) ||
        static_cast<size_t>(offD) % 8 != 0) {
      throw Napi::RangeError::New(env, "readBatch: window outside the buffer or offset not a multiple of 8");
    }
    size_t off = static_cast<size_t>(offD);
    size_t len = static_cast<size_t>(lenD);
    if (len < kRecordHeader + 64) throw Napi::RangeError::New(env, "readBatch: buffer too small");
    DispatchCtx c{this, b.Data() + off, len, 0, 0, max};

    if (ahead_on_) {
      DrainAhead(&c);
      if (c.count == 0) {
        if (failed_) return Napi::Number::New(env, -2);
        if (eof_) return Napi::Number::New(env, -1);
      }
      return Napi::Number::New(env, c.count);
    }

    if (has_pending_) {
      Put(&c, &pending_hdr_, pending_.data(), nano_);
      has_pending_ = false;
      pending_.clear();
    }
    if (failed_) return Napi::Number::New(env, c.count > 0 ? static_cast<double>(c.count) : -2.0);
    if (eof_) return Napi::Number::New(env, c.count > 0 ? static_cast<double>(c.count) : -1.0);

    while (c.count < c.max && !has_pending_) {
      int want = static_cast<int>(c.max - c.count);
      int n = pcap_dispatch(pcap_, want, &Handle::OnPacket, reinterpret_cast<u_char*>(&c));
      if (n == PCAP_ERROR_BREAK) break;  // buffer full: a packet is pending
      if (n == PCAP_ERROR) {
        failed_ = true;
        error_ = pcap_geterr(pcap_);
        break;
      }
      if (n == 0) {
        if (!live_) eof_ = true;
        break;
      }
      if (live_) break;  // one kernel block at a time keeps the loop responsive
    }
    if (c.count == 0) {
      if (failed_) return Napi::Number::New(env, -2);
      if (eof_) return Napi::Number::New(env, -1);
    }
    return Napi::Number::New(env, c.count);
  }

  static void OnPoll(uv_poll_t* h, int status, int events) {
    Handle* self = static_cast<Handle*>(h->data);
    if (self == nullptr || self->callback_.IsEmpty()) return;
    if (status < 0) {
      // A socket error (e.g. ENETDOWN when the interface goes down) stops libuv's poll handle.
      // Reading SO_ERROR clears it; then re-arm so capture resumes when the interface comes
      // back, as tcpdump does. Give up after many errors in a row (a dead descriptor).
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(self->fd_, SOL_SOCKET, SO_ERROR, &err, &len);
      self->sock_error_ = err;
      if (++self->poll_errors_ < 10000 && uv_poll_start(h, UV_READABLE, &Handle::OnPoll) == 0) return;
    } else {
      self->poll_errors_ = 0;
    }
    Napi::Env env = self->callback_.Env();
    Napi::HandleScope scope(env);
    try {
      self->callback_.MakeCallback(env.Global(), {Napi::Number::New(env, status)}, *self->async_);
    } catch (const Napi::Error& e) {
      napi_fatal_exception(env, e.Value());
    } catch (...) {
      napi_fatal_exception(env, Napi::Error::New(env, "nta_pcap: unexpected C++ exception in poll callback").Value());
    }
  }

  static void OnPollClosed(uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); }

  // startPoll(cb: (status: number) => void): calls cb on the owning thread whenever packets wait.
  Napi::Value StartPoll(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (pcap_ == nullptr) throw MakeError(env, "ECLOSED", "capture handle is closed");
    if (!live_) throw MakeError(env, "EINVAL", "startPoll is for live captures");
    if (poll_ != nullptr) throw MakeError(env, "EINVAL", "already polling");
    int fd = pcap_get_selectable_fd(pcap_);
    if (fd < 0) throw MakeError(env, "EPCAP", "this capture has no selectable file descriptor");
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
      throw MakeError(env, "EPCAP", "no event loop");
    }
    callback_ = Napi::Persistent(info[0].As<Napi::Function>());
    async_ = new Napi::AsyncContext(env, "nta_pcap.poll");
    poll_ = new uv_poll_t;
    if (uv_poll_init(loop, poll_, fd) != 0) {
      delete poll_;
      poll_ = nullptr;
      throw MakeError(env, "EPCAP", "uv_poll_init failed");
    }
    poll_->data = this;
    fd_ = fd;
    int rc = uv_poll_start(poll_, UV_READABLE, &Handle::OnPoll);
    if (rc != 0) {
      StopPollInternal();
      throw MakeError(env, "EPCAP", std::string("uv_poll_start failed: ") + uv_strerror(rc));
    }
    return env.Undefined();
  }

  void StopPollInternal() {
    if (poll_ != nullptr) {
      uv_poll_stop(poll_);
      poll_->data = nullptr;
      uv_close(reinterpret_cast<uv_handle_t*>(poll_), &Handle::OnPollClosed);
      poll_ = nullptr;
    }
    if (!callback_.IsEmpty()) callback_.Reset();
    if (async_ != nullptr) {
      delete async_;
      async_ = nullptr;
    }
  }

  Napi::Value StopPoll(const Napi::CallbackInfo& info) {
    StopPollInternal();
    return info.Env().Undefined();
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (pcap_ == nullptr || !live_) return env.Null();
    struct pcap_stat st;
    std::memset(&st, 0, sizeof st);
    if (pcap_stats(pcap_, &st) != 0) return env.Null();
    Napi::Object o = Napi::Object::New(env);
    o.Set("received", static_cast<double>(st.ps_recv));
    o.Set("dropped", static_cast<double>(st.ps_drop));
    o.Set("ifDropped", static_cast<double>(st.ps_ifdrop));
    return o;
  }

  void Shutdown() {
    StopPollInternal();
    StopAhead();
    if (pcap_ != nullptr) {
      pcap_close(pcap_);
      pcap_ = nullptr;
    }
    iobuf_.reset();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Shutdown();
    return info.Env().Undefined();
  }

  Napi::Value Linktype(const Napi::CallbackInfo& info) {
    if (pcap_ == nullptr) throw MakeError(info.Env(), "ECLOSED", "capture handle is closed");
    return Napi::Number::New(info.Env(), pcap_datalink(pcap_));
  }
  Napi::Value Snaplen(const Napi::CallbackInfo& info) {
    if (pcap_ == nullptr) throw MakeError(info.Env(), "ECLOSED", "capture handle is closed");
    return Napi::Number::New(info.Env(), pcap_snapshot(pcap_));
  }
  Napi::Value Nanosecond(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), nano_); }
  Napi::Value LastError(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), error_); }
  Napi::Value Warning(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), warning_); }
  // For files: {major, minor, swapped} of the savefile header.
  Napi::Value FileInfo(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (pcap_ == nullptr || live_) return env.Null();
    Napi::Object o = Napi::Object::New(env);
    o.Set("major", pcap_major_version(pcap_));
    o.Set("minor", pcap_minor_version(pcap_));
    o.Set("swapped", pcap_is_swapped(pcap_) != 0);
    return o;
  }

  pcap_t* pcap_ = nullptr;
  bool live_ = false;
  bool nano_ = false;
  bool eof_ = false;
  bool failed_ = false;
  std::string error_;
  std::string warning_;
  bool has_pending_ = false;
  struct pcap_pkthdr pending_hdr_;
  std::vector<u_char> pending_;
  uv_poll_t* poll_ = nullptr;
  int fd_ = -1;
  int sock_error_ = 0;
  int poll_errors_ = 0;
  Napi::FunctionReference callback_;
  Napi::AsyncContext* async_ = nullptr;

 public:
  // Direct reader state (read-ahead thread only; see FillFileLayout).
  bool direct_ = false;
  bool direct_swapped_ = false;
  bool direct_micro_ = false;
  int direct_fd_ = -1;
  uint32_t direct_snap_ = 0;
  off_t direct_next_ = 0;  // file offset after the last byte read
  bool file_layout_ = false;    // takeBatch may hand out batches in the file's layout (openOffline's fileLayout)
  std::vector<uint8_t> carry_;  // FillFileLayout: the incomplete record a batch ended with
  std::unique_ptr<char[]> iobuf_;  // stdio buffer of a file's FILE (outlives pcap_close)

 private:
  // Read-ahead (files): the thread, the batches it has filled and those free to fill; all below
  // but ahead_cur_/ahead_pos_ (calling thread only) are guarded by ahead_mu_.
  struct Batch {
    int idx = -1;  // which of ahead_mem_, -1 for none
    size_t used = 0;
    uint32_t count = 0;  // records in it (whole ones: the thread writes no partial record)
    bool file_layout = false;  // the file's own record layout (FillFileLayout)
  };
  uint8_t* ahead_mem_[kAheadBatches] = {};
  Napi::Reference<Napi::ArrayBuffer> ahead_ab_[kAheadBatches];
  bool ahead_on_ = false;
  std::thread ahead_;
  std::mutex ahead_mu_;
  std::condition_variable ahead_cv_;
  std::deque<Batch> ahead_full_;
  std::vector<int> ahead_free_;
  bool ahead_stop_ = false;
  bool ahead_done_ = false;
  bool ahead_failed_ = false;
  std::string ahead_error_;
  Batch ahead_cur_;
  size_t ahead_pos_ = 0;
};

struct AddonData {
  Napi::FunctionReference handleCtor;
};

Napi::Object NewHandle(Napi::Env env) {
  AddonData* d = env.GetInstanceData<AddonData>();
  return d->handleCtor.New({});
}

void ApplyFilter(Napi::Env env, pcap_t* p, const std::string& expr, bpf_u_int32 netmask) {
  if (expr.empty()) return;
  struct bpf_program prog;
  if (pcap_compile(p, &prog, expr.c_str(), 1, netmask) != 0) {
    std::string msg = pcap_geterr(p);
    pcap_close(p);
    throw MakeError(env, "EBPF", msg);
  }
  if (pcap_setfilter(p, &prog) != 0) {
    std::string msg = pcap_geterr(p);
    pcap_freecode(&prog);
    pcap_close(p);
    throw MakeError(env, "EBPF", msg);
  }
  pcap_freecode(&prog);
}

std::string GetString(const Napi::Object& o, const char* key, const std::string& dflt) {
  Napi::Value v = o.Get(key);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : dflt;
}
int GetInt(const Napi::Object& o, const char* key, int dflt) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().Int32Value() : dflt;
}
bool GetBool(const Napi::Object& o, const char* key, bool dflt) {
  Napi::Value v = o.Get(key);
  return v.IsBoolean() ? v.As<Napi::Boolean>().Value() : dflt;
}

// openLive({device, snaplen, promisc, immediate, bufferSize (bytes), timeoutMs, filter})
Napi::Value OpenLive(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = info[0].As<Napi::Object>();
  std::string dev = GetString(o, "device", "");
  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_t* p = pcap_create(dev.c_str(), errbuf);
  if (p == nullptr) throw MakeError(env, "EPCAP", errbuf);
  pcap_set_snaplen(p, GetInt(o, "snaplen", 262144));
  pcap_set_promisc(p, GetBool(o, "promisc", true) ? 1 : 0);
  pcap_set_timeout(p, GetInt(o, "timeoutMs", 100));
  if (GetBool(o, "immediate", false)) pcap_set_immediate_mode(p, 1);
  int bs = GetInt(o, "bufferSize", 0);
  if (bs > 0) pcap_set_buffer_size(p, bs);
  bool nano = pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) == 0;
  int rc = pcap_activate(p);
  std::string warning;
  if (rc < 0) {
    std::string msg = pcap_geterr(p);
    std::string code = "EPCAP";
    if (rc == PCAP_ERROR_NO_SUCH_DEVICE) code = "ENODEV";
    else if (rc == PCAP_ERROR_PERM_DENIED || rc == PCAP_ERROR_PROMISC_PERM_DENIED) code = "EPERM";
    else if (rc == PCAP_ERROR_IFACE_NOT_UP) code = "ENETDOWN";
    if (msg.empty()) msg = pcap_statustostr(rc);
    pcap_close(p);
    throw MakeError(env, code, msg);
  }
  if (rc > 0) warning = pcap_geterr(p);
  nano = nano && pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;

  bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;
  if (pcap_lookupnet(dev.c_str(), &net, &mask, errbuf) != 0) mask = PCAP_NETMASK_UNKNOWN;
  ApplyFilter(env, p, GetString(o, "filter", ""), mask);
  if (pcap_setnonblock(p, 1, errbuf) != 0) {
    pcap_close(p);
    throw MakeError(env, "EPCAP", errbuf);
  }
  Napi::Object h = NewHandle(env);
  Handle::Unwrap(h)->Adopt(p, true, nano, warning);
  return h;
}

// openOffline(path, {filter}): a pcap or pcapng file, "-" for standard input.
Napi::Value OpenOffline(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>().Utf8Value();
  std::string filter;
  bool file_layout = false;
  if (info.Length() > 1 && info[1].IsObject()) {
    Napi::Object o = info[1].As<Napi::Object>();
    filter = GetString(o, "filter", "");
    Napi::Value fl = o.Get("fileLayout");
    file_layout = fl.IsBoolean() && fl.As<Napi::Boolean>().Value();
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  // libpcap reads a file with two freads per packet through stdio's buffer (st_blksize, 4 KiB
  // here); a larger buffer of our own cuts the read syscalls 256-fold. pcap_fopen_offline takes
  // the FILE; pcap_close closes it; the buffer is freed after that (Handle::Shutdown).
  std::unique_ptr<char[]> iobuf;
  pcap_t* p = nullptr;
  FILE* fp = path == "-" ? nullptr : std::fopen(path.c_str(), "rb");
  if (fp != nullptr) {
    iobuf.reset(new (std::nothrow) char[kFileBufferBytes]);
    if (iobuf) std::setvbuf(fp, iobuf.get(), _IOFBF, kFileBufferBytes);
    p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (p == nullptr) std::fclose(fp);
  } else {
    // Standard input, or fopen failed: libpcap opens it and words the error itself.
    p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  }
  if (p == nullptr) throw MakeError(env, "EOPEN", errbuf);
  ApplyFilter(env, p, filter, PCAP_NETMASK_UNKNOWN);
  Napi::Object h = NewHandle(env);
  Handle* hh = Handle::Unwrap(h);
  hh->iobuf_ = std::move(iobuf);
  hh->Adopt(p, false, pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO, "");
  hh->StartAhead(env, !filter.empty(), file_layout);
  return h;
}

// allocArena(bytes: number): ArrayBuffer | null
//   An anonymous private mapping of `bytes` (zero-filled, like new ArrayBuffer), advised
//   MADV_HUGEPAGE, so a large packet ring faults in 2 MiB pages instead of 4 KiB ones (512 times
//   fewer page faults the first time the ring fills); unmapped when the ArrayBuffer is
//   collected. null when the mapping fails: the caller then allocates an ordinary ArrayBuffer.
// prefault(ab: ArrayBuffer): undefined
//   A detached thread faults in every whole page of `ab` now (madvise MADV_POPULATE_WRITE, Linux
//   >= 5.14; content-preserving, so JS may write meanwhile), so that zeroing fresh pages is not
//   done inside the capture path while the first ring-full of traffic arrives. Where the kernel
//   lacks it, nothing happens: pages fault in on first write. If the buffer is freed meanwhile,
//   madvise fails on the unmapped range (or populates memory that is mapped there: harmless).
Napi::Value Prefault(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArrayBuffer()) throw Napi::TypeError::New(env, "prefault: ArrayBuffer expected");
  Napi::ArrayBuffer ab = info[0].As<Napi::ArrayBuffer>();
  uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t lo = (reinterpret_cast<uintptr_t>(ab.Data()) + page - 1) & ~(page - 1);
  uintptr_t hi = (reinterpret_cast<uintptr_t>(ab.Data()) + ab.ByteLength()) & ~(page - 1);
  if (hi <= lo) return env.Undefined();
  try {
    std::thread([lo, hi] {
      constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE (linux/mman.h); EINVAL before 5.14
      // In 2 MiB steps (one huge page): a populate holds the mmap lock while it faults its range in,
      // and the JavaScript thread needs that lock for every mmap/mprotect (V8 heap pages, JIT code).
      // One 64 MiB call stalled the first frame by 40-100 ms; a step is about a millisecond.
      constexpr uintptr_t kStep = 2u << 20;
      for (uintptr_t at = lo; at < hi; at += kStep) {
        uintptr_t len = hi - at < kStep ? hi - at : kStep;
        if (madvise(reinterpret_cast<void*>(at), len, kPopulateWrite) != 0) break;
      }
    }).detach();
  } catch (...) {
    // no thread: pages fault in on first write instead
  }
  return env.Undefined();
}

// exitNow(code: integer 0-255): ends the process at once with _exit(2), skipping Node's teardown
//   (which waits for V8's in-flight background compile jobs and unmaps the heap page by page,
//   ~20 ms of a headless report's run). For a caller whose output is already with the kernel
//   (written with write(2)) and who has nothing left to flush or restore: no 'exit' handlers
//   run, stdio streams are not flushed. Throws RangeError for a code out of range.
Napi::Value ExitNow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double code = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
  if (!(code >= 0 && code <= 255) || code != static_cast<int>(code)) throw Napi::RangeError::New(env, "exitNow: exit code 0-255 expected");
  _exit(static_cast<int>(code));
}

Napi::Value AllocArena(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double want = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : 0;
  if (!(want >= 1 && want <= 1099511627776.0)) throw Napi::RangeError::New(env, "allocArena: bytes out of range");
  size_t bytes = static_cast<size_t>(want);
  void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return env.Null();
#ifdef MADV_HUGEPAGE
  madvise(mem, bytes, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
#endif

  size_t* hint = new size_t(bytes);
  // V8 does not see this memory: tell it, so that garbage collection weighs the buffer's size.
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(bytes));
  return Napi::ArrayBuffer::New(
      env, mem, bytes,
      [](Napi::Env e, void* data, size_t* len) {
        munmap(data, *len);
        Napi::MemoryManagement::AdjustExternalMemory(e, -static_cast<int64_t>(*len));
        delete len;
      },
      hint);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  AddonData* d = new AddonData();
  Napi::Function ctor = Handle::Define(env);
  d->handleCtor = Napi::Persistent(ctor);
  env.SetInstanceData<AddonData>(d);
  exports.Set("listDevices", Napi::Function::New(env, ListDevices));
  exports.Set("libVersion", Napi::Function::New(env, LibVersion));
  exports.Set("datalinkName", Napi::Function::New(env, DatalinkName));
  exports.Set("checkFilter", Napi::Function::New(env, CheckFilter));
  exports.Set("openLive", Napi::Function::New(env, OpenLive));
  exports.Set("openOffline", Napi::Function::New(env, OpenOffline));
  exports.Set("allocArena", Napi::Function::New(env, AllocArena));
  exports.Set("prefault", Napi::Function::New(env, Prefault));
  exports.Set("exitNow", Napi::Function::New(env, ExitNow));
  return exports;
}

}  // namespace

NODE_API_MODULE(nta_pcap, Init)
