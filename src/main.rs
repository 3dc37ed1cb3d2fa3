//! The server binary. It composes the layers: `server::run` serves
//! `app::shell`; the server layer itself never imports the UI.

#[cfg(feature = "ssr")]
fn main() -> std::process::ExitCode {
    bounty::server::main(bounty::app::shell, bounty::app::App)
}

/// Without `ssr` the crate is only the WASM library; the binary is empty.
#[cfg(not(feature = "ssr"))]
fn main() {}
