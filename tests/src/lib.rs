//! Throwaway PostgreSQL clusters for mep's tests.
//!
//! A [`Cluster`] is initialised in a temporary directory, listens on a free loopback
//! port, preloads TimescaleDB when it is installed, and is stopped and removed when
//! dropped. PostgreSQL refuses to run as root, so as root every server command runs as
//! the `postgres` user. The `mep` extension must already be installed into the server
//! (`cargo pgrx install`); the schema is applied with `psql -f sql/install.sql`, exactly
//! as users apply it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

mod runner;

pub use postgres;
use postgres::{Client, NoTls};
pub use runner::{announce_storage_paths, Runner};

/// The repository root (this crate lives in `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_path_buf()
}

fn pg_config() -> String {
    std::env::var("MEP_PG_CONFIG").unwrap_or_else(|_| {
        let debian = "/usr/lib/postgresql/15/bin/pg_config";
        if Path::new(debian).exists() {
            debian.to_string()
        } else {
            "pg_config".to_string()
        }
    })
}

fn pg_config_value(flag: &str) -> PathBuf {
    let output = Command::new(pg_config())
        .arg(flag)
        .output()
        .unwrap_or_else(|e| panic!("running pg_config {flag}: {e} (set MEP_PG_CONFIG)"));
    assert!(output.status.success(), "pg_config {flag} failed");
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// The TimescaleDB version installed in the server's directories, if any.
pub fn installed_timescaledb() -> Option<String> {
    let control = pg_config_value("--sharedir").join("extension/timescaledb.control");
    let library = pg_config_value("--pkglibdir").join("timescaledb.so");
    if !library.exists() {
        return None;
    }
    let text = std::fs::read_to_string(control).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("default_version"))
        .map(|rest| {
            rest.trim_matches(|c: char| c == '=' || c == '\'' || c.is_whitespace())
                .to_string()
        })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// Which storage path a database was set up with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoragePath {
    /// Hypertable, continuous aggregates and policies.
    TimescaleDb,
    /// Plain table and materialized views.
    Plain,
}

impl StoragePath {
    /// The value of install.sql's `use_timescaledb` variable.
    pub fn install_setting(self) -> &'static str {
        match self {
            StoragePath::TimescaleDb => "on",
            StoragePath::Plain => "off",
        }
    }

    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            StoragePath::TimescaleDb => "TimescaleDB",
            StoragePath::Plain => "plain PostgreSQL",
        }
    }
}

/// A running throwaway cluster.
pub struct Cluster {
    dir: PathBuf,
    bindir: PathBuf,
    port: u16,
    as_postgres: bool,
    timescaledb: Option<String>,
    databases: AtomicUsize,
}

impl Cluster {
    /// Initialises and starts a cluster. Panics with the server log on failure.
    pub fn start() -> Cluster {
        let bindir = pg_config_value("--bindir");
        let as_postgres = is_root();
        let timescaledb = installed_timescaledb();
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("mep-test-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("cluster directory");
        let cluster = Cluster {
            dir,
            bindir,
            port,
            as_postgres,
            timescaledb,
            databases: AtomicUsize::new(0),
        };
        if as_postgres {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&cluster.dir)
                .status()
                .expect("chown");
            assert!(
                status.success(),
                "chown of the cluster directory to postgres failed"
            );
        }
        let data = cluster.data_dir();
        cluster.server_command(
            "initdb",
            &[
                "-D",
                path_str(&data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        );
        let mut settings = format!(
            "port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 50\n\
             shared_buffers = 256MB\nlog_min_messages = warning\n",
            path_str(&cluster.dir)
        );
        if cluster.timescaledb.is_some() {
            settings.push_str(
                "shared_preload_libraries = 'timescaledb'\ntimescaledb.telemetry_level = off\n",
            );
        }
        let conf = data.join("postgresql.conf");
        let mut existing = std::fs::read_to_string(&conf).expect("postgresql.conf");
        existing.push_str(&settings);
        std::fs::write(&conf, existing).expect("write postgresql.conf");
        cluster.pg_ctl_start();
        cluster
    }

    fn pg_ctl_start(&self) {
        let data = self.data_dir();
        let log = self.dir.join("server.log");
        self.server_command(
            "pg_ctl",
            &[
                "-D",
                path_str(&data),
                "-l",
                path_str(&log),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
    }

    /// Restarts the server with its write-ahead log moved past the next 4 GiB boundary,
    /// as on a server that has run for a while. PostgreSQL stamps rows with the WAL
    /// position their row type was created at, in two 32-bit halves; code that mixes up
    /// the halves only fails once the high half differs between a table and its rows.
    pub fn restart_past_next_4gib_of_wal(&self) {
        let high: i64 = self
            .connect("postgres")
            .query_one(
                "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint >> 32",
                &[],
            )
            .expect("reading the WAL position")
            .get(0);
        let data = self.data_dir();
        self.server_command(
            "pg_ctl",
            &["-D", path_str(&data), "-m", "fast", "-w", "stop"],
        );
        let segment = format!("00000001{:08X}00000000", high + 1);
        self.server_command("pg_resetwal", &["-l", &segment, "-D", path_str(&data)]);
        self.pg_ctl_start();
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn server_command(&self, program: &str, args: &[&str]) -> Output {
        let binary = self.bindir.join(program);
        let output = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&binary)
                .args(args)
                .current_dir(&self.dir)
                .output()
        } else {
            Command::new(&binary)
                .args(args)
                .current_dir(&self.dir)
                .output()
        }
        .unwrap_or_else(|e| panic!("running {program}: {e}"));
        if !output.status.success() {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            panic!(
                "{program} failed:\n{}\n{}\nserver log:\n{log}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        output
    }

    /// The TimescaleDB version the cluster preloads, if installed.
    pub fn timescaledb(&self) -> Option<&str> {
        self.timescaledb.as_deref()
    }

    /// The storage paths this cluster can test: plain always, TimescaleDB when installed.
    pub fn storage_paths(&self) -> Vec<StoragePath> {
        let mut paths = Vec::new();
        if self.timescaledb.is_some() {
            paths.push(StoragePath::TimescaleDb);
        }
        paths.push(StoragePath::Plain);
        paths
    }

    /// The loopback port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The directory of the server's programs (psql, pg_ctl ...).
    pub fn bindir(&self) -> &Path {
        &self.bindir
    }

    /// A connection URL for `database` as `user`.
    pub fn url_as(&self, user: &str, database: &str) -> String {
        format!("postgresql://{user}@127.0.0.1:{}/{database}", self.port)
    }

    /// A connection URL for `database` as the superuser.
    pub fn url(&self, database: &str) -> String {
        self.url_as("postgres", database)
    }

    /// A superuser connection to `database`.
    pub fn connect(&self, database: &str) -> Client {
        self.connect_as("postgres", database)
    }

    /// A connection to `database` as `user`.
    pub fn connect_as(&self, user: &str, database: &str) -> Client {
        Client::connect(&self.url_as(user, database), NoTls)
            .unwrap_or_else(|e| panic!("connecting to {database} as {user}: {}", describe(&e)))
    }

    /// Creates a database with a fresh name (copying `template` when given).
    pub fn create_database(&self, prefix: &str, template: Option<&str>) -> String {
        self.create(prefix, template, false)
    }

    /// Creates a database to copy others from. It is a template from the moment it
    /// exists, so TimescaleDB's scheduler never connects to it (it skips templates) and
    /// copying it does not find "other users" on it.
    pub fn create_template(&self, prefix: &str) -> String {
        self.create(prefix, None, true)
    }

    fn create(&self, prefix: &str, template: Option<&str>, is_template: bool) -> String {
        let n = self.databases.fetch_add(1, Ordering::SeqCst);
        let name = format!("{prefix}_{n}");
        let template_clause = template
            .map(|t| format!(" TEMPLATE \"{t}\""))
            .unwrap_or_default();
        let create =
            format!("CREATE DATABASE \"{name}\"{template_clause} IS_TEMPLATE {is_template}");
        let mut admin = self.connect("postgres");
        let mut attempts = 0;
        loop {
            let Err(error) = admin.batch_execute(&create) else {
                return name;
            };
            // A session still leaving the template (a finished client's backend exiting)
            // makes the copy fail with 55006: end it and try again.
            attempts += 1;
            let busy = error.code().map(|c| c.code()) == Some("55006");
            if !busy || attempts > 10 {
                panic!("creating database {name}: {}", describe(&error));
            }
            admin
                .execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                    &[&template.unwrap_or_default()],
                )
                .expect("ending sessions on the template");
            std::thread::sleep(std::time::Duration::from_millis(100 * attempts));
        }
    }

    /// Drops a database (or template), disconnecting anyone still on it.
    pub fn drop_database(&self, name: &str) {
        let _ = self.connect("postgres").batch_execute(&format!(
            "ALTER DATABASE \"{name}\" IS_TEMPLATE false; DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
        ));
    }

    /// Runs `psql` on `database` with the given arguments; returns its output.
    pub fn psql(&self, database: &str, args: &[&str]) -> Output {
        Command::new(self.bindir.join("psql"))
            .arg("-X")
            .arg("-d")
            .arg(self.url(database))
            .args(args)
            .output()
            .expect("running psql")
    }

    /// Applies `sql/install.sql` to `database` for `path`; panics with psql's output on failure.
    pub fn apply_schema(&self, database: &str, path: StoragePath) -> String {
        let install = repo_root().join("sql/install.sql");
        let output = self.psql(
            database,
            &[
                "-v",
                "ON_ERROR_STOP=1",
                "-v",
                &format!("use_timescaledb={}", path.install_setting()),
                "-f",
                path_str(&install),
            ],
        );
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            output.status.success(),
            "applying the schema ({}) failed:\n{text}",
            path.name()
        );
        text
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data_dir();
        let binary = self.bindir.join("pg_ctl");
        let args = ["-D", path_str(&data), "-m", "immediate", "-w", "stop"];
        let _ = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&binary)
                .args(args)
                .output()
        } else {
            Command::new(&binary).args(args).output()
        };
        if std::env::var_os("MEP_KEEP_TEST_CLUSTER").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A PostgreSQL error as one line with its SQLSTATE, message and detail.
pub fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!(
            "{} [{}]{}",
            db.message(),
            db.code().code(),
            db.detail().map(|d| format!(" ({d})")).unwrap_or_default()
        ),
        None => error.to_string(),
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}
