//! The process-wide allocator of every server binary (the app, its tests and
//! benchmarks): mimalloc instead of glibc malloc.
//!
//! Why: rendering a page allocates many small strings and nodes from several
//! threads; under load, glibc's malloc, free and `malloc_consolidate` took
//! about 27 % of the hall's CPU (perf on `cargo bench --bench hall`,
//! 2026-12-02). mimalloc (Microsoft's, widely used from Rust) keeps
//! thread-local free lists and is a drop-in `GlobalAlloc`.
//!
//! Invariant: declared once, here, under the `ssr` feature only; the WASM
//! client keeps the default allocator.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
