//! Each connection holds a file descriptor; an edge that runs out of them can no longer accept
//! anything, not even a health check. So the connection cap stays below the process's open-files
//! limit, with room for the listener, the report store's files and the runtime's own.

/// Descriptors kept for everything but client connections.
const RESERVED_FILES: u64 = 64;

/// At most `configured` connections, and never more than the open-files limit allows (raised to
/// its hard limit first, as nginx's `worker_rlimit_nofile` does).
pub fn connection_capacity(configured: usize) -> usize {
    let allowed = open_files_limit()
        .map_or(usize::MAX, |limit| usize::try_from(limit.saturating_sub(RESERVED_FILES).max(1)).unwrap_or(usize::MAX));
    configured.min(allowed)
}

#[cfg(unix)]
fn open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed by reference.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return None;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    (limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

#[cfg(not(unix))]
fn open_files_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_never_exceeds_the_open_files_limit() {
        let limit = open_files_limit().expect("a Unix process has an open-files limit");
        assert!(connection_capacity(usize::MAX) as u64 <= limit.saturating_sub(RESERVED_FILES).max(1));
        assert_eq!(connection_capacity(16), 16);
    }
}
