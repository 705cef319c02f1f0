#pragma once
// Markdown helpers shared by the reports written for pull-request comments.
#include <string>
#include <string_view>

namespace archgate::reports {

// Escapes text for a GFM table cell or a list item (also safe in headings):
// text from lockfiles and manifests someone else wrote must not split a
// table, end it, or inject markup or links.
std::string md_escape(std::string_view s);

// archgate's own prose (a remedy, a fix), whose `backticked` parts are
// commands and names meant as code spans: those become code spans, the rest
// is escaped as md_escape does. Unbalanced backticks: all of it escaped.
std::string md_prose(std::string_view s);

// `s` as an inline code span, safe in a table cell or a list item: inside
// backticks Markdown takes backslashes literally, so nothing is escaped but
// what would end the span, the line or the table ('`', newlines, '|').
std::string md_code(std::string_view s);

}  // namespace archgate::reports
