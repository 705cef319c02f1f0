#pragma once
// Plain-text tables for the terminal: each column as wide as its widest
// cell (header included), two spaces between columns, no trailing blanks.
// A long path widens its column instead of running into the next one.
#include <algorithm>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace archgate::reports {

// Display width of UTF-8 text: one per code point (archgate's tables hold
// paths, versions and dates, no wide characters).
inline std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

using TableRow = std::vector<std::string>;

// The width of each column: its widest cell.
inline std::vector<std::size_t> column_widths(const std::vector<TableRow>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    if (row.size() > width.size()) {
      width.resize(row.size(), 0);
    }
    for (std::size_t i = 0; i < row.size(); ++i) {
      width[i] = std::max(width[i], display_width(row[i]));
    }
  }
  return width;
}

// One row padded to `width`, `indent` first, no trailing blanks, no newline.
// For tables whose rows are followed by detail lines of their own.
inline std::string table_line(const TableRow& row, const std::vector<std::size_t>& width,
                              const std::string& indent = "") {
  std::string line = indent;
  for (std::size_t i = 0; i < row.size(); ++i) {
    line += row[i];
    if (i + 1 < row.size()) {
      line.append(width[i] - display_width(row[i]) + 2, ' ');
    }
  }
  while (line.size() > indent.size() && line.back() == ' ') {
    line.pop_back();
  }
  return line;
}

// Writes `rows` (the first is usually the header) with `indent` before
// each line. Rows may have fewer cells than others.
inline void write_table(std::ostream& out, const std::vector<TableRow>& rows, const std::string& indent = "") {
  auto width = column_widths(rows);
  for (const auto& row : rows) {
    out << table_line(row, width, indent) << '\n';
  }
}

}  // namespace archgate::reports
