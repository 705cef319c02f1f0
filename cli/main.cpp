#include "cli/app.hpp"

int main(int argc, char** argv) { return archgate::cli::run_app(argc, argv); }
