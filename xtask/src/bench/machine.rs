//! Which machine the figures come from: absolute times mean little without it.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpus: usize,
    pub cpu_model: String,
    pub memory_gib: f64,
    pub os: String,
    /// Runnable tasks averaged over the last minute when the bench started: above the CPU count,
    /// other work was competing with the measurements.
    pub load_average: f64,
}

impl Machine {
    /// Reads the kernel's and the distribution's descriptions; unknown fields say "unknown".
    pub fn current() -> Self {
        let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
        Machine {
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model: cpu_model(&read("/proc/cpuinfo")).unwrap_or_else(|| "unknown CPU".into()),
            memory_gib: memory_kib(&read("/proc/meminfo")).map_or(0.0, |kib| kib as f64 / (1024.0 * 1024.0)),
            os: os_name(&read("/etc/os-release")).unwrap_or_else(|| std::env::consts::OS.into()),
            load_average: read("/proc/loadavg")
                .split_whitespace()
                .next()
                .and_then(|l| l.parse().ok())
                .unwrap_or(f64::NAN),
        }
    }
}

impl std::fmt::Display for Machine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} CPUs ({}), {:.1} GiB memory, {}; load average {:.2} when the bench started",
            self.cpus, self.cpu_model, self.memory_gib, self.os, self.load_average
        )
    }
}

fn field<'a>(text: &'a str, key: &str, separator: char) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (name, value) = line.split_once(separator)?;
        (name.trim() == key).then(|| value.trim())
    })
}

fn cpu_model(cpuinfo: &str) -> Option<String> {
    field(cpuinfo, "model name", ':').map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn memory_kib(meminfo: &str) -> Option<u64> {
    field(meminfo, "MemTotal", ':')?.trim_end_matches("kB").trim().parse().ok()
}

fn os_name(os_release: &str) -> Option<String> {
    field(os_release, "PRETTY_NAME", '=').map(|v| v.trim_matches('"').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cpu_model_memory_and_os() {
        let cpuinfo = "processor\t: 0\nmodel name\t: AMD  EPYC 7B13\nflags\t: fpu\n";
        assert_eq!(cpu_model(cpuinfo).as_deref(), Some("AMD EPYC 7B13"));
        assert_eq!(memory_kib("MemTotal:       24684032 kB\nMemFree: 1 kB\n"), Some(24_684_032));
        assert_eq!(
            os_name("NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n").as_deref(),
            Some("Debian GNU/Linux 13 (trixie)")
        );
    }

    #[test]
    fn missing_fields_are_none() {
        assert_eq!(cpu_model(""), None);
        assert_eq!(memory_kib("MemTotal: lots"), None);
    }
}
