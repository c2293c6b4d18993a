//! riposte's own PostgreSQL: a cluster in the data folder, listening only on
//! a Unix socket inside it, shared by every riposte process that uses the
//! folder and stopped when the last of them ends.
//!
//! Layout of the data folder:
//!
//! ```text
//! pgdata/          the cluster (initdb)
//! run/             the socket directory (no TCP port is opened)
//! leases/          one locked file per riposte process using the cluster
//! cluster.lock     serialises start, join, leave and stop
//! reaper.lock      held by the reaper for as long as it runs
//! pinned           present after `riposte db start`, until `riposte db stop`
//! postgres.log     the server's log
//! ```
//!
//! Sharing works through leases: each process holds a lock on its own lease
//! file for as long as it lives, and the kernel drops that lock when the
//! process ends, however it ends. A small detached "reaper" started with the
//! server checks the leases every second and stops PostgreSQL once none is
//! held (and the cluster is not pinned). So a server and an import can share
//! one folder, and a crash of riposte never leaves a server running forever
//! or a cluster that the next start cannot use.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sqlx::postgres::PgConnectOptions;

use super::ClusterError;
use super::binaries::PgBinaries;

/// The database riposte keeps its records in, inside its own cluster.
pub const DATABASE_NAME: &str = "riposte";
/// The superuser created by initdb; trust authentication on a private socket.
const SUPERUSER: &str = "postgres";
/// The socket file's name carries a port number even without TCP.
const PORT: u16 = 5432;
/// Unix socket paths are limited to 107 bytes on Linux.
const MAX_SOCKET_PATH: usize = 107;

/// How the cluster is tuned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// A user's data: fsync on, so what an import reports stored survives a
    /// power cut.
    Durable,
    /// Throwaway clusters for tests: fsync off, started fresh each time.
    Scratch,
}

/// The user the PostgreSQL programs run as. initdb and pg_ctl refuse to run
/// as root, so a root riposte runs them as the `postgres` system user.
#[derive(Debug, Clone, Copy)]
struct RunAs {
    uid: u32,
    gid: u32,
}

#[derive(Debug, Clone)]
pub struct LocalCluster {
    root: PathBuf,
    binaries: PgBinaries,
    durability: Durability,
    run_as: Option<RunAs>,
}

/// What `riposte db status` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterStatus {
    pub initialized: bool,
    pub running: bool,
    pub pinned: bool,
    pub processes: usize,
}

/// Proof that this process is using the cluster. While it lives the server
/// keeps running; dropping it lets the server stop if nobody else uses it.
#[derive(Debug)]
pub struct Lease {
    cluster: LocalCluster,
    path: PathBuf,
    // Holding the file keeps its lock; the kernel releases it on exit.
    _file: File,
}

impl LocalCluster {
    pub fn new(
        root: impl Into<PathBuf>,
        binaries: PgBinaries,
        durability: Durability,
    ) -> Result<Self, ClusterError> {
        let root = root.into();
        let run_as = if rustix::process::geteuid().is_root() {
            Some(postgres_user()?)
        } else {
            None
        };
        let cluster = Self {
            root,
            binaries,
            durability,
            run_as,
        };
        let socket = cluster.socket_dir().join(format!(".s.PGSQL.{PORT}"));
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            return Err(ClusterError::PathTooLong {
                path: cluster.root.clone(),
            });
        }
        Ok(cluster)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn pgdata(&self) -> PathBuf {
        self.root.join("pgdata")
    }

    pub fn socket_dir(&self) -> PathBuf {
        self.root.join("run")
    }

    /// A connection URL for `database` on this cluster (over its socket).
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{SUPERUSER}@localhost:{PORT}/{database}?host={}",
            self.socket_dir().display()
        )
    }

    fn leases_dir(&self) -> PathBuf {
        self.root.join("leases")
    }

    fn pin_marker(&self) -> PathBuf {
        self.root.join("pinned")
    }

    /// Written after initdb succeeds: a folder without it holds a cluster
    /// whose initdb was interrupted, which is removed and made again.
    fn initialized_marker(&self) -> PathBuf {
        self.root.join("pgdata.ready")
    }

    pub fn log_file(&self) -> PathBuf {
        self.root.join("postgres.log")
    }

    /// Connection options for a database of this cluster.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(self.socket_dir())
            .port(PORT)
            .username(SUPERUSER)
            .database(database)
    }

    /// Start the cluster if needed (creating it on first use) and register
    /// this process as one of its users.
    pub fn acquire(&self) -> Result<Lease, ClusterError> {
        self.prepare_folder()?;
        let _guard = self.lock()?;
        if !self.is_running()? {
            self.start_locked()?;
        }
        self.ensure_reaper()?;
        self.register_lease()
    }

    /// Keep the server up with no riposte process using it.
    pub fn pin(&self) -> Result<(), ClusterError> {
        let lease = self.acquire()?;
        let marker = self.pin_marker();
        fs::write(&marker, b"").map_err(|e| ClusterError::io(&marker, e))?;
        self.hand_to_postgres(&marker)?;
        drop(lease);
        Ok(())
    }

    /// Stop the server now, whoever is using it, and drop the pin.
    pub fn stop(&self) -> Result<bool, ClusterError> {
        if !self.root.exists() {
            return Ok(false);
        }
        let _guard = self.lock()?;
        let _ = fs::remove_file(self.pin_marker());
        if !self.is_running()? {
            return Ok(false);
        }
        self.pg_ctl_stop()?;
        Ok(true)
    }

    pub fn status(&self) -> Result<ClusterStatus, ClusterError> {
        let initialized = self.initialized_marker().exists();
        let running = initialized && self.is_running()?;
        Ok(ClusterStatus {
            initialized,
            running,
            pinned: self.pin_marker().exists(),
            processes: if running { self.live_leases() } else { 0 },
        })
    }

    fn prepare_folder(&self) -> Result<(), ClusterError> {
        for dir in [&self.root, &self.socket_dir(), &self.leases_dir()] {
            fs::create_dir_all(dir).map_err(|e| ClusterError::io(dir, e))?;
        }
        // The socket folder is the access control: only its owner gets in.
        set_mode(&self.socket_dir(), 0o700)?;
        set_mode(&self.root, 0o700)?;
        for file in ["cluster.lock", "reaper.lock"] {
            let path = self.root.join(file);
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|e| ClusterError::io(&path, e))?;
        }
        if self.run_as.is_some() {
            for path in [
                self.root.clone(),
                self.socket_dir(),
                self.leases_dir(),
                self.root.join("cluster.lock"),
                self.root.join("reaper.lock"),
            ] {
                self.hand_to_postgres(&path)?;
            }
        }
        Ok(())
    }

    fn hand_to_postgres(&self, path: &Path) -> Result<(), ClusterError> {
        if let Some(user) = self.run_as {
            std::os::unix::fs::chown(path, Some(user.uid), Some(user.gid))
                .map_err(|e| ClusterError::io(path, e))?;
        }
        Ok(())
    }

    fn lock(&self) -> Result<File, ClusterError> {
        let path = self.root.join("cluster.lock");
        let file = OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|e| ClusterError::io(&path, e))?;
        file.lock().map_err(|e| ClusterError::io(&path, e))?;
        Ok(file)
    }

    /// A PostgreSQL program, run as the right user, in its own process group
    /// so a Ctrl-C meant for one riposte process does not reach a server
    /// that others still use.
    fn pg_command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.binaries.program(program));
        if let Some(user) = self.run_as {
            cmd.uid(user.uid).gid(user.gid);
        }
        cmd.process_group(0).stdin(Stdio::null());
        cmd
    }

    fn run(&self, mut cmd: Command, what: &'static str) -> Result<String, ClusterError> {
        let out = cmd.output().map_err(|e| ClusterError::Spawn {
            program: what,
            source: e,
        })?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(ClusterError::Command {
                program: what,
                status: out.status.to_string(),
                output: format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                )
                .trim()
                .to_owned(),
            })
        }
    }

    fn is_running(&self) -> Result<bool, ClusterError> {
        if !self.pgdata().join("PG_VERSION").exists() {
            return Ok(false);
        }
        let mut cmd = self.pg_command("pg_ctl");
        cmd.arg("status").arg("-D").arg(self.pgdata());
        let status = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| ClusterError::Spawn {
                program: "pg_ctl",
                source: e,
            })?;
        // pg_ctl status: 0 running, 3 not running, 4 no usable data folder.
        Ok(status.success())
    }

    /// Makes this cluster a hot standby of `primary` (riposte's own
    /// cluster, started if needed): a base backup streamed from it by
    /// `pg_basebackup`, set to follow it (`-R`). Whatever this cluster held
    /// is replaced; it serves reads only once started (`acquire`).
    pub fn init_standby_of(&self, primary: &LocalCluster) -> Result<(), ClusterError> {
        let _primary_lease = primary.acquire()?;
        self.prepare_folder()?;
        let _guard = self.lock()?;
        if self.is_running()? {
            return Err(ClusterError::StandbyOverRunning {
                path: self.root.clone(),
            });
        }
        let pgdata = self.pgdata();
        let _ = fs::remove_file(self.initialized_marker());
        if pgdata.exists() {
            fs::remove_dir_all(&pgdata).map_err(|e| ClusterError::io(&pgdata, e))?;
        }
        let mut cmd = self.pg_command("pg_basebackup");
        cmd.arg("-D")
            .arg(&pgdata)
            .arg("-h")
            .arg(primary.socket_dir())
            .args(["-p", &PORT.to_string(), "-U", SUPERUSER])
            .args(["-R", "-X", "stream", "-c", "fast"]);
        if self.durability == Durability::Scratch {
            cmd.arg("--no-sync");
        }
        self.run(cmd, "pg_basebackup")?;
        let marker = self.initialized_marker();
        fs::write(&marker, b"").map_err(|e| ClusterError::io(&marker, e))?;
        self.hand_to_postgres(&marker)
    }

    /// Whether this cluster follows a primary (made by [`Self::init_standby_of`]).
    pub fn is_standby(&self) -> bool {
        self.pgdata().join("standby.signal").exists()
    }

    fn start_locked(&self) -> Result<(), ClusterError> {
        // a scratch cluster starts afresh, unless it is a standby, whose
        // data is its primary's
        let fresh = self.durability == Durability::Scratch && !self.is_standby();
        if fresh || !self.initialized_marker().exists() {
            self.initdb()?;
        }
        self.write_settings()?;
        let log = self.log_file();
        if !log.exists() {
            File::create(&log).map_err(|e| ClusterError::io(&log, e))?;
        }
        self.hand_to_postgres(&log)?;
        // A crash of the whole machine can leave a stale socket lock behind;
        // PostgreSQL removes its own stale postmaster.pid, but not this.
        let _ = fs::remove_file(self.socket_dir().join(format!(".s.PGSQL.{PORT}.lock")));
        let mut cmd = self.pg_command("pg_ctl");
        cmd.arg("start")
            .arg("-D")
            .arg(self.pgdata())
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60"]);
        self.run(cmd, "pg_ctl start").map_err(|e| match e {
            ClusterError::Command {
                program, status, ..
            } => ClusterError::Command {
                program,
                status,
                output: tail(&log, 15),
            },
            other => other,
        })?;
        Ok(())
    }

    fn initdb(&self) -> Result<(), ClusterError> {
        let pgdata = self.pgdata();
        let _ = fs::remove_file(self.initialized_marker());
        if pgdata.exists() {
            fs::remove_dir_all(&pgdata).map_err(|e| ClusterError::io(&pgdata, e))?;
        }
        let mut cmd = self.pg_command("initdb");
        cmd.arg("-D").arg(&pgdata).args([
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        ]);
        if self.durability == Durability::Scratch {
            cmd.arg("--no-sync");
        }
        self.run(cmd, "initdb")?;
        // riposte's settings live in a file of their own, rewritten at each
        // start, so moving the data folder cannot leave a stale socket path.
        let conf = pgdata.join("postgresql.conf");
        let mut file = OpenOptions::new()
            .append(true)
            .open(&conf)
            .map_err(|e| ClusterError::io(&conf, e))?;
        writeln!(file, "\ninclude_if_exists = 'riposte.conf'")
            .map_err(|e| ClusterError::io(&conf, e))?;
        let marker = self.initialized_marker();
        fs::write(&marker, b"").map_err(|e| ClusterError::io(&marker, e))?;
        self.hand_to_postgres(&marker)
    }

    fn write_settings(&self) -> Result<(), ClusterError> {
        let mut settings = format!(
            "# Written by riposte at each start; edit postgresql.conf instead.\n\
             listen_addresses = ''\n\
             port = {PORT}\n\
             unix_socket_directories = '{}'\n\
             max_connections = 200\n",
            self.socket_dir().display().to_string().replace('\'', "''"),
        );
        if self.durability == Durability::Scratch {
            settings.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        // a standby's long reads (an export) are not cancelled by the
        // primary's vacuum removing rows they still see
        if self.is_standby() {
            settings.push_str("hot_standby_feedback = on\n");
        }
        let path = self.pgdata().join("riposte.conf");
        fs::write(&path, settings).map_err(|e| ClusterError::io(&path, e))?;
        self.hand_to_postgres(&path)
    }

    /// The process id the server's `postmaster.pid` names when that process
    /// is gone or a zombie: the server was killed, not stopped.
    fn lost_postmaster(&self) -> Option<u32> {
        let pid_file = fs::read_to_string(self.pgdata().join("postmaster.pid")).ok()?;
        let pid: u32 = pid_file.lines().next()?.trim().parse().ok()?;
        process_is_gone(pid).then_some(pid)
    }

    fn pg_ctl_stop(&self) -> Result<(), ClusterError> {
        let mut cmd = self.pg_command("pg_ctl");
        cmd.arg("stop")
            .arg("-D")
            .arg(self.pgdata())
            .args(["-m", "fast", "-w", "-t", "60"]);
        self.run(cmd, "pg_ctl stop").map(drop)
    }

    fn register_lease(&self) -> Result<Lease, ClusterError> {
        let path = self.leases_dir().join(format!(
            "{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let file = File::create(&path).map_err(|e| ClusterError::io(&path, e))?;
        file.lock_shared().map_err(|e| ClusterError::io(&path, e))?;
        Ok(Lease {
            cluster: self.clone(),
            path,
            _file: file,
        })
    }

    /// Leases whose holder is alive; removes those whose holder is gone.
    fn live_leases(&self) -> usize {
        let Ok(entries) = fs::read_dir(self.leases_dir()) else {
            return 0;
        };
        let mut live = 0;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let Ok(file) = File::open(&path) else {
                continue;
            };
            match file.try_lock() {
                Ok(()) => {
                    let _ = fs::remove_file(&path);
                }
                Err(_) => live += 1,
            }
        }
        live
    }

    /// Start the reaper unless one is already watching this cluster.
    fn ensure_reaper(&self) -> Result<(), ClusterError> {
        let lock_path = self.root.join("reaper.lock");
        let probe = File::open(&lock_path).map_err(|e| ClusterError::io(&lock_path, e))?;
        if probe.try_lock().is_err() {
            return Ok(()); // a reaper holds it
        }
        drop(probe);
        // The reaper is a shell loop rather than a riposte subcommand so the
        // same mechanism serves the test harness, which has no riposte binary
        // of its own to run.
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg(REAPER_SCRIPT)
            .arg("riposte-reaper")
            .arg(&self.root)
            .arg(self.binaries.program("pg_ctl"));
        if let Some(user) = self.run_as {
            cmd.uid(user.uid).gid(user.gid);
        }
        cmd.process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd.spawn().map_err(|e| ClusterError::Spawn {
            program: "the reaper (/bin/sh)",
            source: e,
        })?;
        Ok(())
    }
}

/// Watches the leases; stops the server when none is held and the cluster is
/// not pinned, then exits. Uses `flock` from util-linux.
const REAPER_SCRIPT: &str = r#"
root="$1"; pg_ctl="$2"
cd "$root" || exit 1
exec 8<reaper.lock
flock -n 8 || exit 0
while sleep 1; do
    [ -e pgdata/postmaster.pid ] || exit 0
    exec 9<cluster.lock
    flock 9
    busy=0
    [ -e pinned ] && busy=1
    for lease in leases/*; do
        [ -e "$lease" ] || continue
        if flock -n -x "$lease" true 2>/dev/null; then rm -f "$lease"; else busy=1; fi
    done
    if [ "$busy" = 0 ]; then
        "$pg_ctl" stop -D pgdata -m fast -w -t 60 >/dev/null 2>&1
        exit 0
    fi
    exec 9<&-
done
"#;

impl Drop for Lease {
    /// Leave; the last one out stops the server at once rather than waiting
    /// for the reaper's next look.
    fn drop(&mut self) {
        let cluster = &self.cluster;
        let Ok(_guard) = cluster.lock() else { return };
        let _ = fs::remove_file(&self.path);
        let _ = self._file.unlock();
        if cluster.live_leases() == 0
            && !cluster.pin_marker().exists()
            && cluster.is_running().unwrap_or(false)
        {
            // a server killed under us leaves its processes' ends behind:
            // asking it to stop would wait on what is gone and report a
            // server that "does not shut down"
            if let Some(pid) = cluster.lost_postmaster() {
                tracing::warn!(
                    pid,
                    data = %cluster.pgdata().display(),
                    "riposte's PostgreSQL stopped unexpectedly (its server process is gone); \
                     the next command starts it again and it recovers what was committed"
                );
            } else if let Err(e) = cluster.pg_ctl_stop() {
                tracing::warn!(error = %e, "could not stop riposte's PostgreSQL");
            }
        }
    }
}

/// Whether process `pid` has ended: no such process, or a zombie nobody
/// reaped (in a container whose first process does not reap, a killed
/// server stays one). False where `/proc` cannot tell.
fn process_is_gone(pid: u32) -> bool {
    if !Path::new("/proc/self/stat").exists() {
        return false;
    }
    // /proc/PID/stat reads "PID (name) STATE ..."
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next())
            .is_some_and(|state| matches!(state, 'Z' | 'X')),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

fn set_mode(path: &Path, mode: u32) -> Result<(), ClusterError> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(|e| ClusterError::io(path, e))
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    format!(
        "the server did not start; the end of {}:\n{}",
        path.display(),
        all[start..].join("\n")
    )
}

/// The `postgres` system user, from /etc/passwd.
fn postgres_user() -> Result<RunAs, ClusterError> {
    let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            if fields.first() == Some(&"postgres") && fields.len() > 3 {
                Some(RunAs {
                    uid: fields[2].parse().ok()?,
                    gid: fields[3].parse().ok()?,
                })
            } else {
                None
            }
        })
        .ok_or(ClusterError::NoPostgresUser)
}

#[cfg(test)]
mod tests {
    use super::process_is_gone;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_killed_or_ended_process_is_gone_and_a_running_one_is_not() {
        assert!(!process_is_gone(std::process::id()));
        let mut child = match std::process::Command::new("sleep").arg("30").spawn() {
            Ok(c) => c,
            Err(e) => panic!("sleep must start: {e}"),
        };
        let pid = child.id();
        assert!(!process_is_gone(pid));
        // killed and not yet reaped: a zombie, gone all the same
        let _ = child.kill();
        let gone_unreaped = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(10));
            process_is_gone(pid)
        });
        assert!(gone_unreaped);
        let _ = child.wait();
        assert!(process_is_gone(pid));
    }
}
