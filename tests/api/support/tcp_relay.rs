//! A TCP relay on a loopback port that can fail on demand: lets a server
//! start against a reachable backend, then lose it, as when a store goes
//! down (`cut`) or hangs (`stall`) while the application runs.
//!
//! Invariants: after `cut` the port is closed and every relayed connection
//! is dropped, so the next attempt to connect is refused at once; after
//! `stall` relayed connections are dropped too, and new ones are accepted
//! but never answered, so only a timeout ends a request.

use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};

pub struct TcpRelay {
    pub address: String,
    accept: JoinHandle<()>,
    stall: Arc<Notify>,
}

impl TcpRelay {
    /// Relays a new loopback port to `target` (`host:port`).
    pub async fn start(target: &str) -> TcpRelay {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address").to_string();
        let (target, stall) = (target.to_owned(), Arc::new(Notify::new()));
        let stalled = stall.clone();
        let accept = tokio::spawn(async move {
            // Owned by this task, so aborting it drops every relayed stream.
            let mut relayed = JoinSet::new();
            let mut held = Vec::new();
            let mut stalling = false;
            loop {
                tokio::select! {
                    () = stalled.notified(), if !stalling => {
                        stalling = true;
                        relayed.abort_all();
                    }
                    accepted = listener.accept() => {
                        let Ok((mut inbound, _)) = accepted else { break };
                        if stalling {
                            held.push(inbound);
                            continue;
                        }
                        let target = target.clone();
                        relayed.spawn(async move {
                            if let Ok(mut outbound) = TcpStream::connect(&target).await {
                                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound)
                                    .await;
                            }
                        });
                    }
                }
            }
        });
        TcpRelay {
            address,
            accept,
            stall,
        }
    }

    /// From now on, connections are accepted and never answered.
    pub fn stall(&self) {
        self.stall.notify_one();
    }

    /// Closes the port and drops the relayed connections.
    pub async fn cut(self) {
        self.accept.abort();
        let _ = self.accept.await;
    }
}
