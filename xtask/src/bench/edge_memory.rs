//! The edge's resident memory, as the kernel counts it (`/proc/PID/status`, so Linux only).

use serde::Serialize;

use crate::Result;

/// The edge must fit small containers and edge runtimes (1 MB = 10⁶ bytes).
pub const RSS_BUDGET_BYTES: u64 = 30_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Memory {
    /// Resident now (VmRSS).
    pub rss_bytes: u64,
    /// The most it was ever resident (VmHWM).
    pub peak_bytes: u64,
}

pub fn read(pid: u32) -> Result<Memory> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e} (the edge RSS needs Linux)"))?;
    // A process that has exited (a zombie) has no memory lines.
    let kib = |key| status_kib(&status, key).ok_or_else(|| format!("no {key} in {path}: has the edge exited?"));
    Ok(Memory { rss_bytes: kib("VmRSS")? * 1024, peak_bytes: kib("VmHWM")? * 1024 })
}

/// `VmHWM:    12345 kB` → 12345.
fn status_kib(status: &str, key: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.split(':').next() == Some(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_memory_lines_of_a_process_status() {
        let status = "Name:\tpreflight-edge\nVmHWM:\t   12345 kB\nVmRSS:\t    9000 kB\n";
        assert_eq!(status_kib(status, "VmHWM"), Some(12_345));
        assert_eq!(status_kib(status, "VmRSS"), Some(9_000));
        assert_eq!(status_kib(status, "VmSwap"), None);
    }

    #[test]
    fn reads_this_process() {
        let memory = read(std::process::id()).unwrap();
        assert!(memory.rss_bytes > 0 && memory.peak_bytes >= memory.rss_bytes, "{memory:?}");
    }
}
