//! Serving until asked to stop, then stopping gracefully.
//!
//! Invariant: after the stop signal no new connection is accepted, requests
//! in flight run to completion, and the process waits at most the grace
//! period for them before returning anyway.

use axum::Router;
use axum::serve::ListenerExt;
use futures::FutureExt;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;

/// A future that resolves on SIGTERM (how orchestrators stop us) or Ctrl-C.
/// The handlers are installed by this call, not at the first poll, so a
/// signal that arrives while the server is still starting is not lost to the
/// default action (which kills the process mid-request).
pub fn signal() -> impl Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{SignalKind, signal};
    let terminate = signal(SignalKind::terminate());
    let interrupt = signal(SignalKind::interrupt());
    async move {
        let wait = |stream: std::io::Result<tokio::signal::unix::Signal>| async move {
            match stream {
                Ok(mut stream) => {
                    stream.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = wait(terminate) => {},
            () = wait(interrupt) => {},
        }
        tracing::info!("stop requested; finishing requests in flight");
    }
}

/// Serves `router` on `listener` until `stop` resolves, then lets requests
/// in flight finish for up to `grace`.
pub async fn serve_until(
    listener: TcpListener,
    router: Router,
    stop: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let stop = stop.shared();
    // Pages stream out in several writes; without TCP_NODELAY, Nagle's
    // algorithm holds each later write until the client's delayed ACK
    // (40 ms on Linux), which put a fixed 44 ms under every page.
    let listener = listener.tap_io(|connection| {
        if let Err(error) = connection.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
    });
    // Connect info gives handlers the client address (per-IP rate limits).
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, service).with_graceful_shutdown(stop.clone());
    let deadline = async move {
        stop.await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        result = server => result,
        () = deadline => {
            tracing::warn!(grace_secs = grace.as_secs(), "grace period over; stopping with requests in flight");
            Ok(())
        }
    }
}
