//! Part 4: the chat through nginx, one instance behind it and then two.
//!
//! Every socket (the measuring senders and receivers, and the idle ones) is
//! opened through nginx's `/ws`, so nginx's round robin decides where each
//! lands; the lines say how they landed (each WebSocket answer names its
//! instance) and how many pairs had their two ends on different instances.
//! With one nginx worker, round robin alternates, and each pair's receiver
//! and sender are opened one after the other, so with two instances every
//! pair is split across them: every message goes from one instance through
//! Redis to the other, as in part 3.
//! Each configuration is measured twice: with only the 1,000 measuring
//! sockets (comparable with part 3, which has no idle connections either),
//! then with idle connections through nginx held open beside them.
//!
//! Invariants: the idle count fits nginx's worker (two descriptors per
//! proxied socket, see the bench's module doc and `sizing`) and this
//! process's own open-file limit; idle sockets keep reading, as a browser
//! tab does, so they answer the server's pings and are not dropped as gone
//! after a minute, and a socket the server closes during the run is counted.

use super::nginx::Nginx;
use super::{Instance, Socket, World, env_number, latency, open_idle, rss};
use futures::StreamExt;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Descriptors this process and its children may open: (soft, hard), from
/// /proc/self/limits (`ulimit -n` sets the soft one; nginx's worker may raise
/// its own up to the hard one).
fn open_file_limits() -> (u64, u64) {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let fields: Vec<&str> = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .map(|line| line.split_whitespace().collect())
        .unwrap_or_default();
    let soft = fields
        .get(3)
        .and_then(|value| value.parse().ok())
        .unwrap_or(1024);
    // "unlimited" cannot be set here; count it as a large limit.
    let hard = fields
        .get(4)
        .map_or(soft, |value| value.parse().unwrap_or(1 << 20));
    (soft, hard)
}

/// What nginx may hold and how many idle connections fit beside the
/// measuring ones.
pub struct Sizing {
    /// nginx worker's `worker_rlimit_nofile`.
    open_files: u64,
    /// Proxied sockets the worker can hold: two descriptors each, 1,000
    /// spare for its listener, logs and the readiness checks.
    proxied: u64,
    /// Idle connections opened through nginx.
    pub idle: usize,
}

pub fn sizing(senders: usize) -> Sizing {
    let (soft, hard) = open_file_limits();
    let open_files = hard.min(65_536);
    let proxied = open_files.saturating_sub(1000) / 2;
    let measuring = 2 * senders as u64;
    // This process holds its end of every socket too (and its part-1 margin).
    let own = soft.saturating_sub(1500);
    let fits = proxied.min(own).saturating_sub(measuring);
    let idle = env_number("BENCH_NGINX_IDLE", fits).min(fits) as usize;
    Sizing {
        open_files,
        proxied,
        idle,
    }
}

/// The worker's own open-file limit, as the kernel applies it.
fn worker_limit(pid: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/limits"))
        .unwrap_or_default()
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .and_then(|line| line.split_whitespace().nth(3))
        .unwrap_or("?")
        .to_owned()
}

/// "instance 1: 250, instance 2: 250" for the ids in `landed`, numbered in
/// the order of `ids`.
fn landing(landed: &[String], ids: &[String]) -> String {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for id in landed {
        let number = ids
            .iter()
            .position(|known| known == id)
            .map_or(0, |n| n + 1);
        *counts.entry(number).or_default() += 1;
    }
    counts
        .iter()
        .map(|(number, count)| match number {
            0 => format!("unknown instance: {count}"),
            n => format!("instance {n}: {count}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads until the server closes the socket, as a browser tab would.
async fn keep_reading(mut socket: Socket) {
    while let Some(Ok(_)) = socket.next().await {}
}

pub async fn run(
    instances: &[&Instance; 2],
    world: &World,
    sizing: &Sizing,
    rate: u64,
    seconds: u64,
) {
    let senders = world.pairs.len();
    println!(
        "nginx sizing: worker_rlimit_nofile {}, worker_connections {}: up to {} proxied sockets \
         (two descriptors each, 1,000 spare); {} measuring sockets, so {} idle",
        sizing.open_files,
        sizing.open_files.saturating_sub(256),
        sizing.proxied,
        2 * senders,
        sizing.idle
    );
    // The instances' ids as nginx passes them on, learnt from one socket to
    // each directly, so the landing lines can number them.
    let mut ids = Vec::new();
    for instance in instances {
        let (socket, id) = super::open(&instance.address, &world.cookies[0].1, 1)
            .await
            .expect("direct socket");
        drop(socket);
        ids.push(id);
    }
    for (label, behind) in [("nginx1", &instances[..1]), ("nginx2", &instances[..])] {
        let ports: Vec<u16> = behind.iter().map(|instance| instance.port()).collect();
        let nginx = Nginx::start(&ports, Some(sizing.open_files)).await;
        let worker = nginx.worker().unwrap_or_default();
        let address = nginx.address.trim_start_matches("http://").to_owned();
        let mut watched: Vec<String> = behind.iter().map(|instance| instance.pid()).collect();
        watched.push(worker.clone());
        let (servers, proxy) = (0..behind.len(), behind.len()..watched.len());
        let what = format!(
            "{label} ({} behind nginx, worker limit {} files)",
            if behind.len() == 1 {
                "one instance"
            } else {
                "two instances"
            },
            worker_limit(&worker)
        );

        let measured = latency(&address, &address, world, rate, seconds, &watched).await;
        println!(
            "{what}, no idle connections: {rate} messages/s for {seconds} s from {senders} senders: {}; \
             pairs across instances {} of {}; CPU per message: instances {:.0} us, nginx {:.0} us; \
             machine {:.0}% busy",
            measured.summary(),
            measured.across,
            measured.pairs,
            measured.cpu_per_message(servers.clone()),
            measured.cpu_per_message(proxy.clone()),
            measured.machine_busy * 100.0
        );
        tokio::time::sleep(Duration::from_secs(2)).await;

        let nginx_before = rss(&worker);
        let servers_before: u64 = behind.iter().map(|instance| instance.rss()).sum();
        let opening = Instant::now();
        let idle = open_idle(&address, world, sizing.idle).await;
        let opened_in = opening.elapsed();
        let held = idle.len();
        let landed: Vec<String> = idle.iter().map(|(_, id)| id.clone()).collect();
        let readers: Vec<_> = idle
            .into_iter()
            .map(|(socket, _)| tokio::spawn(keep_reading(socket)))
            .collect();
        tokio::time::sleep(Duration::from_secs(5)).await;
        let nginx_after = rss(&worker);
        let servers_after: u64 = behind.iter().map(|instance| instance.rss()).sum();
        println!(
            "{what}: {held} of {} idle connections open through nginx (in {:.1} s; {}); nginx worker RSS \
             {:.0} MiB before, {:.0} MiB with them: {:.1} KiB per proxied socket; instances {:.1} KiB per \
             connection",
            sizing.idle,
            opened_in.as_secs_f64(),
            landing(&landed, &ids),
            nginx_before as f64 / 1048576.0,
            nginx_after as f64 / 1048576.0,
            nginx_after.saturating_sub(nginx_before) as f64 / held.max(1) as f64 / 1024.0,
            servers_after.saturating_sub(servers_before) as f64 / held.max(1) as f64 / 1024.0,
        );
        let measured = latency(&address, &address, world, rate, seconds, &watched).await;
        let closed = readers.iter().filter(|reader| reader.is_finished()).count();
        println!(
            "{what}, {held} idle connections open: {rate} messages/s for {seconds} s from {senders} senders: \
             {}; pairs across instances {} of {}; CPU per message: instances {:.0} us, nginx {:.0} us; \
             machine {:.0}% busy; idle connections closed meanwhile: {closed}",
            measured.summary(),
            measured.across,
            measured.pairs,
            measured.cpu_per_message(servers),
            measured.cpu_per_message(proxy),
            measured.machine_busy * 100.0
        );
        for reader in readers {
            reader.abort();
        }
        // Thousands of sockets close; let nginx and the instances settle.
        tokio::time::sleep(Duration::from_secs(5)).await;
        nginx.stop();
    }
}
