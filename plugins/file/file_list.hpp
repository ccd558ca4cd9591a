// Which files a `file` connector reads, and which task reads which.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace inlet_file {

// Expands the `files` entries in order: an entry with a glob character (* ? [) becomes the
// sorted paths it matches (an error, naming the pattern, when it matches none); any other entry is
// kept as written, even if the file does not exist yet (tail mode waits for it). Duplicates are
// dropped, keeping the first. Throws inlet::ConfigError naming the `files` key. With
// `require_match` false (the re-scans of a running task), a glob matching nothing, or a directory
// that cannot be read, adds nothing instead.
std::vector<std::string> expand_files(const std::vector<std::string> &entries,
                                      bool require_match = true);

// Deals `files` round-robin into min(max_tasks, files.size()) groups (at least one group, which
// is empty when there are no files).
std::vector<std::vector<std::string>> split_round_robin(const std::vector<std::string> &files,
                                                        size_t max_tasks);

// The task config's file list: paths joined by '\n' (a character that, unlike ',', is never in a
// path a user writes into a properties file), and back.
std::string join_paths(const std::vector<std::string> &paths);
std::vector<std::string> split_paths(std::string_view joined);

} // namespace inlet_file
