// What the store's file tests share: a scratch directory, a plain SQLite connection to look
// behind the store's back, the bytes of every file in a directory (what a refusal must not
// change), and a way to leave a database as a killed process leaves it.
#ifndef SHMOCK_TESTS_STORE_FILES_H_
#define SHMOCK_TESTS_STORE_FILES_H_

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace shmock {

// A fresh directory, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    char templ[] = "/tmp/shmock-store-XXXXXX";
    if (!mkdtemp(templ)) throw std::runtime_error("mkdtemp");
    path_ = templ;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Every file in `dir` with its bytes.
inline std::map<std::string, std::string> DirectoryContents(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    out[entry.path().filename()] = bytes.str();
  }
  return out;
}

// A plain SQLite connection to a database file.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db_));
    }
  }
  ~RawConnection() { sqlite3_close(db_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  sqlite3* db() const { return db_; }
  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_);
  }
  // One column (the first, unless told) of every row of `sql`, as text ("" for NULL).
  std::vector<std::string> Column(const std::string& sql, int column = 0) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, column));
      out.emplace_back(text ? text : "");
    }
    sqlite3_finalize(st);
    return out;
  }
  // Closes as a killed process would: the -wal file keeps its frames (nothing is checkpointed)
  // and stays, with the -shm file, beside the database.
  void CloseAsIfKilled() {
    int on = 1;
    sqlite3_file_control(db_, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace shmock

#endif  // SHMOCK_TESTS_STORE_FILES_H_
