//! The server binary. It composes the layers: `server::run` serves
//! `app::shell`; the server layer itself never imports the UI.

// jemalloc, not glibc's malloc: a fifth of the hall page's CPU went to
// malloc/free; with jemalloc SQLite's hall served up to 70 % more and chat
// latency was no worse (README, Measured). The benches declare the same.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    bounty::server::main(bounty::app::shell, bounty::app::App)
}

/// Without `ssr` the crate is only the WASM library; the binary is empty.
#[cfg(not(feature = "ssr"))]
fn main() {}
