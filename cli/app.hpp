#pragma once

namespace archgate::cli {

// Parses the command line, runs the chosen subcommand, returns the exit code.
int run_app(int argc, char** argv);

}  // namespace archgate::cli
