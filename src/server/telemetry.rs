//! Structured logs.
//!
//! Invariant: every event logged while handling a request is emitted inside
//! that request's span (see `http::layers`), and the JSON format writes the
//! span's fields, so each line carries the request id.

use super::config::{LogFormat, LogSettings};
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. Called once, before anything logs; a
/// second call (tests) is a no-op.
pub fn init(settings: &LogSettings) {
    // The level was validated with the settings; fall back defensively anyway.
    let filter = EnvFilter::try_new(&settings.level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match settings.format {
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .flatten_event(true)
            .try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}
