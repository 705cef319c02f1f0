// archgate completion bash|zsh|fish: a shell completion script, generated
// from the command-line definition itself, so it never lags behind a new
// command or option. Completes commands, options, the values of options with
// a fixed set (--format, --fail-on), rule ids for --only/--skip and
// `explain`, and files or folders where an option or argument names one.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "core/checklist.hpp"
#include "rules/rule.hpp"

namespace archgate::cli {

namespace {

enum class ValueKind { none, word, choice, file, dir, rule };

struct OptionSpec {
  std::vector<std::string> longs;   // without the leading --
  std::vector<std::string> shorts;  // without the leading -
  std::string description;
  ValueKind kind = ValueKind::none;
  std::vector<std::string> choices;
  bool repeatable = false;
};

struct CommandSpec {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;
  ValueKind positional = ValueKind::none;
  std::vector<std::string> positional_choices;
};

// The first sentence of a help text: up to the first line break or a ". "
// that starts a new sentence ("e.g. x" does not).
std::string first_line(const std::string& s) {
  auto line = s.substr(0, s.find('\n'));
  for (auto dot = line.find(". "); dot != std::string::npos; dot = line.find(". ", dot + 1)) {
    if (dot + 2 < line.size() && std::isupper(static_cast<unsigned char>(line[dot + 2]))) {
      line.resize(dot);
      break;
    }
  }
  if (!line.empty() && line.back() == '.') line.pop_back();
  return line;
}

// `TEXT:{text,json}` -> {text, json}
std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  auto open = type_name.find('{');
  auto close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return out;
  std::string item;
  for (auto c : type_name.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

ValueKind value_kind(const CLI::Option& o, const std::string& name) {
  auto type = o.get_type_name();
  if (type.find('{') != std::string::npos) return ValueKind::choice;
  if (type.find("DIR") != std::string::npos || name == "cache-dir" || name == "path") return ValueKind::dir;
  if (type.find("FILE") != std::string::npos || name == "output" || name == "config" || name == "baseline") {
    return ValueKind::file;
  }
  if (name == "only" || name == "skip" || name == "rule") return ValueKind::rule;
  return ValueKind::word;
}

std::vector<CommandSpec> collect(const CLI::App& root) {
  std::vector<CommandSpec> out;
  for (const auto* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
    CommandSpec c{sub->get_name(), first_line(sub->get_description()), {}, ValueKind::none, {}};
    for (const auto* o : sub->get_options()) {
      if (o->get_positional() && !o->nonpositional()) {
        auto kind = value_kind(*o, o->get_name(true, false));
        if (c.positional == ValueKind::none || c.positional == ValueKind::word) {
          c.positional = kind;
          c.positional_choices = choices_of(o->get_type_name());
        }
        continue;
      }
      OptionSpec s;
      s.longs = o->get_lnames();
      s.shorts = o->get_snames();
      s.description = first_line(o->get_description());
      if (o->get_expected_max() != 0) {  // takes a value (flags expect none)
        s.kind = value_kind(*o, s.longs.empty() ? std::string() : s.longs.front());
        s.choices = choices_of(o->get_type_name());
      }
      s.repeatable = o->get_expected_max() > 1 || o->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
      c.options.push_back(std::move(s));
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> rule_words() {
  std::vector<std::string> out;
  for (const auto& r : rules::rule_catalog()) out.emplace_back(r.id);
  return out;
}

std::vector<std::string> explain_words() {
  auto out = rule_words();
  for (const auto& i : core::checklist_items()) out.emplace_back(i.id);
  return out;
}

std::string joined(const std::vector<std::string>& words, const char* sep = " ") {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += sep;
    out += w;
  }
  return out;
}


std::vector<std::string> values_for(ValueKind kind, const std::vector<std::string>& choices, const std::string& cmd) {
  if (kind == ValueKind::choice) return choices;
  if (kind == ValueKind::rule) return cmd == "explain" ? explain_words() : rule_words();
  return {};
}

void write_bash(std::ostream& out, const std::vector<CommandSpec>& cmds, const std::vector<std::string>& global) {
  std::vector<std::string> names;
  for (const auto& c : cmds) names.push_back(c.name);
  out << "# bash completion for archgate (generated by `archgate completion bash`).\n"
         "# Load it with: source <(archgate completion bash)\n"
         "_archgate_reply() {  # words: offer those that start with the word being completed\n"
         "  COMPREPLY=($(compgen -W \"$1\" -- \"$cur\"))\n"
         "  # bash splits words at ':' (COMP_WORDBREAKS): give back only what follows\n"
         "  # the last ':' of the word, or `item:fail` would become `item:item:fail`.\n"
         "  if [[ \"$cur\" == *:* && \"$COMP_WORDBREAKS\" == *:* ]]; then\n"
         "    local colon_prefix=${cur%\"${cur##*:}\"}\n"
         "    COMPREPLY=(\"${COMPREPLY[@]#\"$colon_prefix\"}\")\n"
         "  fi\n"
         "}\n"
         "_archgate_paths() {  # $1: -f (files and folders) or -d (folders)\n"
         "  compopt -o filenames 2>/dev/null\n"
         "  COMPREPLY=($(compgen \"$1\" -- \"$cur\"))\n"
         "}\n"
         "_archgate() {\n"
         "  local cur prev cmd i\n"
         "  # The words as typed, split at blanks only (so `item:fail` is one word).\n"
         "  if [[ -n \"${COMP_LINE-}\" ]]; then\n"
         "    local line=${COMP_LINE:0:COMP_POINT}\n"
         "    cur=${line##*[[:space:]]}\n"
         "    local before=${line%\"$cur\"}\n"
         "    before=${before%\"${before##*[![:space:]]}\"}\n"
         "    prev=${before##*[[:space:]]}\n"
         "  else\n"
         "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
         "    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
         "  fi\n"
         "  cmd=\"\"\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case \"${COMP_WORDS[i]}\" in -*) ;; *) cmd=\"${COMP_WORDS[i]}\"; break ;; esac\n"
         "  done\n"
         "  if [[ -z \"$cmd\" ]]; then\n"
         "    _archgate_reply "
      << shell_quote(joined(names) + " " + joined(global)) << "\n"
      << "    return\n  fi\n  case \"$cmd\" in\n";
  for (const auto& c : cmds) {
    out << "    " << c.name << ")\n      case \"$prev\" in\n";
    std::vector<std::string> words;
    for (const auto& o : c.options) {
      std::vector<std::string> spellings;
      for (const auto& l : o.longs) spellings.push_back("--" + l);
      for (const auto& sh : o.shorts) spellings.push_back("-" + sh);
      words.insert(words.end(), spellings.begin(), spellings.end());
      if (o.kind == ValueKind::none) continue;
      out << "        " << joined(spellings, "|") << ")";
      auto values = values_for(o.kind, o.choices, c.name);
      if (!values.empty()) {
        out << " _archgate_reply " << shell_quote(joined(values)) << ";";
      } else if (o.kind == ValueKind::file) {
        out << " _archgate_paths -f;";
      } else if (o.kind == ValueKind::dir) {
        out << " _archgate_paths -d;";
      }
      out << " return ;;\n";  // a free-form value (a date, a revision): nothing to offer
    }
    for (const auto& g : global) {
      if (g != "--help" && g != "--version") words.push_back(g);  // --quiet after the command too
    }
    out << "      esac\n      if [[ \"$cur\" == -* ]]; then\n        _archgate_reply " << shell_quote(joined(words))
        << "\n        return\n      fi\n";
    auto values = values_for(c.positional, c.positional_choices, c.name);
    if (!values.empty()) {
      out << "      _archgate_reply " << shell_quote(joined(values)) << "\n";
    } else if (c.positional == ValueKind::dir) {
      out << "      _archgate_paths -d\n";
    } else if (c.positional != ValueKind::none) {
      out << "      _archgate_paths -f\n";
    }
    out << "      ;;\n";
  }
  out << "  esac\n}\ncomplete -F _archgate archgate\n";
}

// A description inside zsh's `[...]`, itself inside single quotes.
std::string zsh_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '[') {
      out += '(';
    } else if (c == ']') {
      out += ')';
    } else if (c == '\'') {
      out += "'\\''";
    } else if (c == ':') {
      out += "\\:";
    } else {
      out += c;
    }
  }
  return out;
}

std::string zsh_action(ValueKind kind, const std::vector<std::string>& values) {
  if (!values.empty()) {
    std::string escaped;
    for (const auto& v : values) {
      if (!escaped.empty()) escaped += ' ';
      for (char c : v) {
        if (c == ':') escaped += '\\';
        escaped += c;
      }
    }
    return "(" + escaped + ")";
  }
  if (kind == ValueKind::file) return "_files";
  if (kind == ValueKind::dir) return "_files -/";
  return " ";
}

void write_zsh(std::ostream& out, const std::vector<CommandSpec>& cmds, const std::vector<OptionSpec>& global) {
  out << "#compdef archgate\n"
         "# zsh completion for archgate (generated by `archgate completion zsh`).\n"
         "# Save it as _archgate in a folder of $fpath, or: source <(archgate completion zsh)\n"
         "_archgate() {\n"
         "  local -a commands\n"
         "  commands=(\n";
  for (const auto& c : cmds) out << "    '" << c.name << ":" << zsh_text(c.description) << "'\n";
  out << "  )\n"
         "  local i=2\n"
         "  while (( i < CURRENT )) && [[ $words[i] == -* ]]; do (( i++ )); done\n"
         "  if (( CURRENT <= i )); then\n"
         "    _describe -t commands 'archgate command' commands\n"
         "    return\n"
         "  fi\n"
         "  local cmd=$words[i]\n"
         "  shift $(( i - 1 )) words\n"
         "  (( CURRENT -= i - 1 ))\n"
         "  case $cmd in\n";
  for (const auto& c : cmds) {
    out << "    " << c.name << ")\n      _arguments -s";
    for (const auto& o : c.options) {
      std::vector<std::string> spellings;
      for (const auto& l : o.longs) spellings.push_back("--" + l);
      for (const auto& s : o.shorts) spellings.push_back("-" + s);
      std::string value;
      if (o.kind != ValueKind::none) {
        value = ":" + zsh_text(o.longs.empty() ? "value" : o.longs.front()) + ":" +
                zsh_action(o.kind, values_for(o.kind, o.choices, c.name));
      }
      std::string desc = "[" + zsh_text(o.description) + "]";
      out << " \\\n        ";
      if (spellings.size() == 1) {
        out << "'" << (o.repeatable ? "*" : "") << spellings[0] << desc << value << "'";
      } else {
        out << "'(" << joined(spellings) << ")'{" << joined(spellings, ",") << "}'" << desc << value << "'";
      }
    }
    for (const auto& g : global) {  // --quiet is accepted after the command too
      if (std::find(g.longs.begin(), g.longs.end(), "quiet") == g.longs.end()) continue;
      out << " \\\n        '(-q --quiet)'{-q,--quiet}'[" << zsh_text(g.description) << "]'";
    }
    if (c.positional != ValueKind::none) {
      out << " \\\n        '1:" << (c.positional == ValueKind::rule ? "rule" : "argument") << ":"
          << zsh_action(c.positional, values_for(c.positional, c.positional_choices, c.name)) << "'";
    }
    out << "\n      ;;\n";
  }
  out << "  esac\n}\n"
         "if [[ $funcstack[1] == _archgate ]]; then\n"
         "  _archgate \"$@\"\n"
         "else\n"
         "  compdef _archgate archgate\n"
         "fi\n";
}

void write_fish(std::ostream& out, const std::vector<CommandSpec>& cmds, const std::vector<OptionSpec>& global) {
  out << "# fish completion for archgate (generated by `archgate completion fish`).\n"
         "# Save it as ~/.config/fish/completions/archgate.fish, or: archgate completion fish | source\n"
         "complete -c archgate -f\n";
  for (const auto& o : global) {
    bool anywhere = std::find(o.longs.begin(), o.longs.end(), "quiet") != o.longs.end();
    out << "complete -c archgate" << (anywhere ? "" : " -n __fish_use_subcommand");
    for (const auto& l : o.longs) out << " -l " << l;
    for (const auto& s : o.shorts) out << " -s " << s;
    out << " -d " << shell_quote(o.description) << "\n";
  }
  for (const auto& c : cmds) {
    out << "complete -c archgate -n __fish_use_subcommand -a " << c.name << " -d " << shell_quote(c.description)
        << "\n";
  }
  for (const auto& c : cmds) {
    std::string cond = " -n " + shell_quote("__fish_seen_subcommand_from " + c.name);
    for (const auto& o : c.options) {
      out << "complete -c archgate" << cond;
      for (const auto& l : o.longs) out << " -l " << l;
      for (const auto& s : o.shorts) out << " -s " << s;
      auto values = values_for(o.kind, o.choices, c.name);
      if (!values.empty()) {
        out << " -x -a " << shell_quote(joined(values));
      } else if (o.kind == ValueKind::file) {
        out << " -r -F";
      } else if (o.kind == ValueKind::dir) {
        out << " -x -a '(__fish_complete_directories)'";
      } else if (o.kind != ValueKind::none) {
        out << " -x";
      }
      out << " -d " << shell_quote(o.description) << "\n";
    }
    auto values = values_for(c.positional, c.positional_choices, c.name);
    if (!values.empty()) {
      out << "complete -c archgate" << cond << " -a " << shell_quote(joined(values)) << "\n";
    } else if (c.positional == ValueKind::dir) {
      out << "complete -c archgate" << cond << " -a '(__fish_complete_directories)'\n";
    } else if (c.positional != ValueKind::none) {
      out << "complete -c archgate" << cond << " -F\n";
    }
  }
}

}  // namespace

Command setup_completion(CLI::App& parent) {
  auto shell = std::make_shared<std::string>();
  auto* app = parent.add_subcommand(
      "completion",
      "Print a shell completion script for bash, zsh or fish, generated from archgate's own\n"
      "commands and options (values of --format and --fail-on, rule ids, files and folders).\n"
      "Examples: source <(archgate completion bash)\n"
      "          archgate completion zsh > \"${fpath[1]}/_archgate\"\n"
      "          archgate completion fish > ~/.config/fish/completions/archgate.fish");
  app->add_option("shell", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  auto* root = &parent;
  return {app, [shell, root] {
            auto cmds = collect(*root);
            std::vector<OptionSpec> global;
            std::vector<std::string> global_words;
            for (const auto* o : root->get_options()) {
              OptionSpec s;
              s.longs = o->get_lnames();
              s.shorts = o->get_snames();
              s.description = first_line(o->get_description());
              for (const auto& l : s.longs) global_words.push_back("--" + l);
              global.push_back(std::move(s));
            }
            if (*shell == "bash") {
              write_bash(std::cout, cmds, global_words);
            } else if (*shell == "zsh") {
              write_zsh(std::cout, cmds, global);
            } else {
              write_fish(std::cout, cmds, global);
            }
            return k_exit_ok;
          }};
}

}  // namespace archgate::cli
