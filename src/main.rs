//! The `scormpack` binary: everything happens in the library's `cli` module.

fn main() -> std::process::ExitCode {
    scormpack::cli::main()
}
