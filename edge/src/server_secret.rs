//! The native edge's server secret, from which helpdesk session keys are derived: the
//! `PREFLIGHT_SESSION_SECRET` environment variable, else a random secret kept in the data directory
//! (`session.key`, readable by the edge's user only), created at first start so that sessions
//! survive a restart.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::helpdesk::gate::secret_problem;

pub const SECRET_VAR: &str = "PREFLIGHT_SESSION_SECRET";
pub const SECRET_FILE: &str = "session.key";
const GENERATED_BYTES: usize = 32;

/// The secret, and where it came from (for the start-up line).
pub fn load(data_dir: Option<&Path>) -> Result<(Vec<u8>, String), String> {
    if let Ok(secret) = std::env::var(SECRET_VAR) {
        return match secret_problem(&secret) {
            Some(problem) => Err(format!("{SECRET_VAR}: {problem}")),
            None => Ok((secret.into_bytes(), SECRET_VAR.to_owned())),
        };
    }
    let Some(dir) = data_dir else {
        return random().map(|s| (s, "a random secret of this process (sessions end at restart)".to_owned()));
    };
    let path = dir.join(SECRET_FILE);
    match std::fs::read(&path) {
        Ok(secret) if secret.len() >= GENERATED_BYTES => Ok((secret, path.display().to_string())),
        Ok(_) => Err(format!("{} is shorter than {GENERATED_BYTES} bytes: delete it to get a new one", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let secret = random()?;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            file.write_all(&secret).and_then(|()| file.sync_all()).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((secret, format!("{} (new)", path.display())))
        }
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

fn random() -> Result<Vec<u8>, String> {
    let mut secret = vec![0; GENERATED_BYTES];
    getrandom::fill(&mut secret).map_err(|e| format!("no randomness for a server secret: {e}"))?;
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_created_once_private_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (first, _) = load(Some(dir.path())).unwrap();
        let (again, _) = load(Some(dir.path())).unwrap();
        assert_eq!(first, again);
        let mode = std::fs::metadata(dir.path().join(SECRET_FILE)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
