//! Open-file limits: the soak holds ten thousand connections at once, past the soft limit a shell
//! usually gives (1,024), so the bench raises its own, never past the hard limit.

use crate::Result;

/// Raises this process's soft limit on open files to `wanted`, or to the hard limit if that is
/// lower; returns the soft limit now in force.
pub fn raise_own(wanted: u64) -> Result<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given, which lives through the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(format!("cannot read the open-file limit: {}", std::io::Error::last_os_error()));
    }
    if limit.rlim_cur >= wanted {
        return Ok(limit.rlim_cur);
    }
    let raised = libc::rlimit { rlim_cur: wanted.min(limit.rlim_max), rlim_max: limit.rlim_max };
    // SAFETY: setrlimit only reads the struct it is given.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
        return Err(format!("cannot raise the open-file limit: {}", std::io::Error::last_os_error()));
    }
    Ok(raised.rlim_cur)
}

/// Another process's soft limit on open files (`/proc/PID/limits`).
pub fn soft_limit_of(pid: u32) -> Option<u64> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).ok()?;
    soft_limit_in(&limits)
}

/// `Max open files            1024                 524288               files` → 1024.
fn soft_limit_in(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.trim_start_matches("Max open files").split_whitespace().next()?.parse().ok()
}

/// Files, sockets included, that a process has open now.
pub fn open_by(pid: u32) -> Option<usize> {
    Some(std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_soft_limit_of_a_process() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max processes             95000                95000                processes\n\
                      Max open files            1024                 524288               files\n";
        assert_eq!(soft_limit_in(limits), Some(1024));
        assert_eq!(soft_limit_in("Max processes 1 1 processes\n"), None);
        assert!(soft_limit_of(std::process::id()).is_some());
        assert!(open_by(std::process::id()).is_some_and(|n| n >= 3));
    }

    #[test]
    fn a_limit_already_high_enough_is_left_alone() {
        let now = soft_limit_of(std::process::id()).unwrap();
        assert_eq!(raise_own(16).unwrap(), now);
    }
}
