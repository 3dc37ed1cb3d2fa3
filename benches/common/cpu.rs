//! CPU time from /proc, for the benches' CPU-per-request figures: a
//! process's own ticks (the instances, nginx's worker) and the whole
//! machine's, read before and after a measured span.
//!
//! Invariant: a process that has gone (or a /proc that cannot be read)
//! counts as 0 ticks, so a figure is missing rather than the bench failing.

/// Clock ticks per second of /proc's CPU times.
pub fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|output| String::from_utf8_lossy(&output.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// User plus system CPU ticks of a process, from /proc/<pid>/stat.
pub fn process_ticks(pid: &str) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // Fields after the command name in parentheses: state is field 3, utime
    // field 14, stime field 15.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |n: usize| {
        fields
            .get(n - 3)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(14) + field(15)
}

/// (busy, total) ticks of all cores, from /proc/stat.
pub fn machine_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let values: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let at = |n: usize| values.get(n).copied().unwrap_or(0);
    // user nice system idle iowait irq softirq steal
    let idle = at(3) + at(4);
    let busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
    (busy, busy + idle)
}
