#include "database_file.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <unordered_map>

namespace shmock {
namespace {

uint32_t Get32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// pread of exactly `n` bytes at `offset`; false on a short read or an error.
bool ReadAt(int fd, void* buf, size_t n, off_t offset) {
  auto* out = static_cast<char*>(buf);
  while (n > 0) {
    const ssize_t got = pread(fd, out, n, offset);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    n -= static_cast<size_t>(got);
    offset += got;
  }
  return true;
}

// A file descriptor, closed when it goes.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// The database as SQLite would see it after recovering its -wal file: the main file's pages,
// each replaced by its newest committed frame in the -wal file.
struct Image {
  int db_fd = -1;
  int wal_fd = -1;
  uint32_t page_size = 0;
  uint64_t pages = 0;                               // the database's size in pages
  std::unordered_map<uint32_t, off_t> wal_pages;    // page number -> offset of its page data
};

// SQLite's WAL checksum (wal.c, walChecksumBytes): over 32-bit words, in the byte order the
// WAL header's magic names, in pairs; `s` carries the running sums.
void Checksum(bool big_endian, const unsigned char* data, size_t n, uint32_t s[2]) {
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint32_t x0, x1;
    if (big_endian) {
      x0 = Get32(data + i);
      x1 = Get32(data + i + 4);
    } else {
      x0 = uint32_t{data[i]} | (uint32_t{data[i + 1]} << 8) | (uint32_t{data[i + 2]} << 16) |
           (uint32_t{data[i + 3]} << 24);
      x1 = uint32_t{data[i + 4]} | (uint32_t{data[i + 5]} << 8) | (uint32_t{data[i + 6]} << 16) |
           (uint32_t{data[i + 7]} << 24);
    }
    s[0] += x0 + s[1];
    s[1] += x1 + s[0];
  }
}

// Indexes the committed frames of the -wal file into `image`, as SQLite's recovery reads them
// (wal.c, walIndexRecover): a header with a known magic, version and page size and a valid
// checksum; then frames while each carries the header's salts and continues the checksum; the
// frames up to the last commit frame count. Anything else is a WAL with nothing to apply.
void IndexWal(int fd, Image* image) {
  unsigned char header[32];
  if (!ReadAt(fd, header, sizeof header, 0)) return;
  const uint32_t magic = Get32(header);
  if ((magic & 0xFFFFFFFE) != 0x377f0682 || Get32(header + 4) != 3007000) return;
  const bool big_endian = magic & 1;
  const uint32_t page_size = Get32(header + 8);
  if (page_size != image->page_size) return;  // not this database's log
  uint32_t sums[2] = {0, 0};
  Checksum(big_endian, header, 24, sums);
  if (sums[0] != Get32(header + 24) || sums[1] != Get32(header + 28)) return;

  std::vector<unsigned char> frame(24 + page_size);
  std::unordered_map<uint32_t, off_t> pending;  // frames after the last commit seen
  for (off_t at = 32;; at += static_cast<off_t>(frame.size())) {
    if (!ReadAt(fd, frame.data(), frame.size(), at)) break;
    const uint32_t page = Get32(frame.data());
    if (page == 0 || std::memcmp(frame.data() + 8, header + 16, 8) != 0) break;  // salts
    Checksum(big_endian, frame.data(), 8, sums);
    Checksum(big_endian, frame.data() + 24, page_size, sums);
    if (sums[0] != Get32(frame.data() + 16) || sums[1] != Get32(frame.data() + 20)) break;
    pending[page] = at + 24;
    if (const uint32_t commit_pages = Get32(frame.data() + 4)) {
      for (const auto& [p, offset] : pending) image->wal_pages[p] = offset;
      pending.clear();
      image->pages = commit_pages;
    }
  }
}

// --- The read-only VFS over an Image ----------------------------------------------------------

struct ImageFile {
  sqlite3_file base;
  const Image* image;
};

int ImageClose(sqlite3_file*) { return SQLITE_OK; }

int ImageRead(sqlite3_file* file, void* buf, int amount, sqlite3_int64 offset) {
  const Image& image = *reinterpret_cast<ImageFile*>(file)->image;
  auto* out = static_cast<unsigned char*>(buf);
  const uint64_t end = image.pages * image.page_size;
  uint64_t at = static_cast<uint64_t>(offset);
  size_t left = static_cast<size_t>(amount);
  int rc = SQLITE_OK;
  while (left > 0) {
    if (at >= end) {
      std::memset(out, 0, left);
      rc = SQLITE_IOERR_SHORT_READ;
      break;
    }
    const uint32_t page = static_cast<uint32_t>(at / image.page_size) + 1;
    const uint32_t within = static_cast<uint32_t>(at % image.page_size);
    const size_t n = std::min<size_t>(left, image.page_size - within);
    const auto logged = image.wal_pages.find(page);
    const bool ok = logged != image.wal_pages.end()
                        ? ReadAt(image.wal_fd, out, n, logged->second + within)
                        : ReadAt(image.db_fd, out, n, static_cast<off_t>(at));
    if (!ok) {  // a page past the end of the main file that no commit wrote: zeros, as SQLite reads it
      std::memset(out, 0, n);
    }
    out += n;
    at += n;
    left -= n;
  }
  // Bytes 18 and 19 say the file is in WAL mode (2); to SQLite this image is a plain file (1).
  for (uint64_t b = 18; b < 20; ++b) {
    if (b >= static_cast<uint64_t>(offset) && b < static_cast<uint64_t>(offset) + amount) {
      static_cast<unsigned char*>(buf)[b - offset] = 1;
    }
  }
  return rc;
}

int ImageReadOnly(sqlite3_file*, const void*, int, sqlite3_int64) { return SQLITE_READONLY; }
int ImageTruncate(sqlite3_file*, sqlite3_int64) { return SQLITE_READONLY; }
int ImageSync(sqlite3_file*, int) { return SQLITE_OK; }
int ImageSize(sqlite3_file* file, sqlite3_int64* size) {
  const Image& image = *reinterpret_cast<ImageFile*>(file)->image;
  *size = static_cast<sqlite3_int64>(image.pages * image.page_size);
  return SQLITE_OK;
}
int ImageLock(sqlite3_file*, int) { return SQLITE_OK; }
int ImageCheckReservedLock(sqlite3_file*, int* reserved) {
  *reserved = 0;
  return SQLITE_OK;
}
int ImageFileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int ImageSectorSize(sqlite3_file*) { return 512; }
// Immutable: SQLite then takes no locks and looks for no journal (pager.c, act_like_temp_file).
int ImageDeviceCharacteristics(sqlite3_file*) { return SQLITE_IOCAP_IMMUTABLE; }

const sqlite3_io_methods kImageMethods = {
    1,  // version 1: no shared memory, so SQLite cannot use a WAL on this file
    ImageClose, ImageRead, ImageReadOnly, ImageTruncate, ImageSync, ImageSize, ImageLock,
    ImageLock, ImageCheckReservedLock, ImageFileControl, ImageSectorSize,
    ImageDeviceCharacteristics,
    nullptr, nullptr, nullptr, nullptr,  // xShm*: none
    nullptr, nullptr,                    // xFetch, xUnfetch: version 3 only
};

int ImageOpen(sqlite3_vfs* vfs, const char*, sqlite3_file* file, int flags, int* out_flags) {
  if (!(flags & SQLITE_OPEN_MAIN_DB)) return SQLITE_CANTOPEN;  // only the image itself
  auto* f = reinterpret_cast<ImageFile*>(file);
  f->base.pMethods = &kImageMethods;
  f->image = static_cast<const Image*>(vfs->pAppData);
  if (out_flags) *out_flags = SQLITE_OPEN_READONLY;
  return SQLITE_OK;
}
int ImageDelete(sqlite3_vfs*, const char*, int) { return SQLITE_READONLY; }
int ImageAccess(sqlite3_vfs*, const char*, int, int* result) {
  *result = 0;  // no -journal, -wal or -shm file exists, as far as this image is concerned
  return SQLITE_OK;
}
int ImageFullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  sqlite3_snprintf(n, out, "%s", name);
  return SQLITE_OK;
}
int ImageRandomness(sqlite3_vfs*, int n, char* out) {
  std::memset(out, 0, static_cast<size_t>(n));
  return n;
}
int ImageSleep(sqlite3_vfs*, int microseconds) { return microseconds; }
int ImageCurrentTime(sqlite3_vfs*, double* now) {
  *now = 2440587.5;  // no statement here asks for the time
  return SQLITE_OK;
}

// One read-only connection to `image`, through a VFS of its own registered for as long as the
// connection lives (a VFS carries the image in pAppData; names are unique per inspection).
class ImageConnection {
 public:
  explicit ImageConnection(const Image& image) {
    static std::atomic<uint64_t> next{0};
    name_ = "shmock-inspect-" + std::to_string(next++);
    vfs_.iVersion = 1;
    vfs_.szOsFile = sizeof(ImageFile);
    vfs_.mxPathname = 512;
    vfs_.zName = name_.c_str();
    vfs_.pAppData = const_cast<Image*>(&image);
    vfs_.xOpen = ImageOpen;
    vfs_.xDelete = ImageDelete;
    vfs_.xAccess = ImageAccess;
    vfs_.xFullPathname = ImageFullPathname;
    vfs_.xRandomness = ImageRandomness;
    vfs_.xSleep = ImageSleep;
    vfs_.xCurrentTime = ImageCurrentTime;
    sqlite3_vfs_register(&vfs_, /*makeDflt=*/0);
    sqlite3_open_v2("image", &db_, SQLITE_OPEN_READONLY, name_.c_str());
  }
  ~ImageConnection() {
    sqlite3_close(db_);
    sqlite3_vfs_unregister(&vfs_);
  }
  ImageConnection(const ImageConnection&) = delete;
  ImageConnection& operator=(const ImageConnection&) = delete;

  // Runs `sql`, handing each row's first column to `row`; false (and `error` set) on failure.
  template <typename Row>
  bool Query(const char* sql, Row row, std::string* error) {
    sqlite3_stmt* st = nullptr;
    int rc = db_ ? sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) : SQLITE_NOMEM;
    if (rc == SQLITE_OK) {
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st);
    }
    if (rc != SQLITE_DONE) *error = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
  }

 private:
  std::string name_;
  sqlite3_vfs vfs_{};
  sqlite3* db_ = nullptr;
};

Status CannotRead(const std::string& path, const std::string& file, int error) {
  return Status::Internal("cannot read database '" + path + "': '" + file + "': " +
                          std::strerror(error) + "; this user must be able to read it");
}

Status NotADatabase(const std::string& path, const std::string& why) {
  return Status::Internal("database '" + path + "' is not an SQLite database (" + why +
                          "), so it was left as it is; give --db a database this server wrote, "
                          "or a new file");
}

}  // namespace

Status InspectDatabaseFile(const std::string& path, DatabaseFileSummary* summary) {
  *summary = DatabaseFileSummary();
  Fd db(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (db.get() < 0) {
    if (errno == ENOENT) return Status::OK();
    return CannotRead(path, path, errno);
  }
  summary->exists = true;
  struct stat st {};
  if (fstat(db.get(), &st) != 0) return CannotRead(path, path, errno);
  if (!S_ISREG(st.st_mode)) return NotADatabase(path, "not a regular file");
  if (st.st_size == 0) return Status::OK();  // SQLite's empty database (and it drops any -wal)

  unsigned char header[100];
  if (!ReadAt(db.get(), header, sizeof header, 0) ||
      std::memcmp(header, "SQLite format 3", 16) != 0) {
    return NotADatabase(path, "file is not a database");
  }
  Image image;
  image.db_fd = db.get();
  image.page_size = header[16] == 0 && header[17] == 1 ? 65536 : (header[16] << 8) | header[17];
  if (image.page_size < 512 || (image.page_size & (image.page_size - 1)) != 0) {
    return NotADatabase(path, "file is not a database");
  }
  image.pages = (static_cast<uint64_t>(st.st_size) + image.page_size - 1) / image.page_size;
  const std::string wal_path = path + "-wal";
  Fd wal(open(wal_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (wal.get() < 0 && errno != ENOENT) return CannotRead(path, wal_path, errno);
  if (wal.get() >= 0) {
    image.wal_fd = wal.get();
    IndexWal(wal.get(), &image);
  }

  ImageConnection connection(image);
  std::string error;
  int64_t application_id = 0;
  const bool ok =
      connection.Query("PRAGMA application_id",
                       [&](sqlite3_stmt* s) { application_id = sqlite3_column_int64(s, 0); },
                       &error) &&
      connection.Query("PRAGMA user_version",
                       [&](sqlite3_stmt* s) { summary->user_version = sqlite3_column_int64(s, 0); },
                       &error) &&
      connection.Query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
          "ESCAPE '\\'",
          [&](sqlite3_stmt* s) {
            const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
            summary->tables.emplace_back(name ? name : "");
          },
          &error);
  if (!ok) return NotADatabase(path, error);
  summary->application_id = static_cast<uint32_t>(application_id);
  return Status::OK();
}

}  // namespace shmock
