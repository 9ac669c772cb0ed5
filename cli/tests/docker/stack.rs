//! The compose stack on paper: the files parse, every file they name exists, the names
//! they share agree, and the Dockerfile builds with the versions the workspace pins.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

use crate::grafana;

pub struct Repo {
    pub root: PathBuf,
}

impl Repo {
    pub fn docker(&self) -> PathBuf {
        self.root.join("docker")
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root.join(relative))
            .unwrap_or_else(|e| panic!("reading {relative}: {e}"))
    }

    fn yaml(&self, relative: &str) -> Yaml {
        let text = self.read(relative);
        let mut docs = YamlLoader::load_from_str(&text)
            .unwrap_or_else(|e| panic!("{relative} is not valid YAML: {e}"));
        assert_eq!(docs.len(), 1, "{relative}: one YAML document");
        docs.remove(0)
    }

    pub fn compose(&self) -> Yaml {
        self.yaml("docker/docker-compose.yml")
    }

    pub fn datasource(&self) -> Yaml {
        self.yaml("docker/grafana/provisioning/datasources/mep.yml")
    }

    pub fn dashboard_provider(&self) -> Yaml {
        self.yaml("docker/grafana/provisioning/dashboards/mep.yml")
    }
}

fn text(yaml: &Yaml) -> String {
    match yaml {
        Yaml::String(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Real(r) => r.clone(),
        other => panic!("expected a scalar, got {other:?}"),
    }
}

/// `${NAME}`, `${NAME:-default}` and `$NAME` references (not `$${...}`, which compose
/// passes through to the container's shell), with their defaults.
fn variable_references(content: &str) -> BTreeMap<String, Option<String>> {
    let mut found = BTreeMap::new();
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'$') {
            i += 2;
            continue;
        }
        let rest = &content[i + 1..];
        if let Some(braced) = rest.strip_prefix('{') {
            let end = braced.find('}').expect("unterminated ${");
            let inner = &braced[..end];
            let (name, default) = match inner.split_once(":-") {
                Some((name, default)) => (name, Some(default.to_string())),
                None => (inner, None),
            };
            let entry = found.entry(name.to_string()).or_insert(None);
            if default.is_some() {
                *entry = default;
            }
            i += end + 3;
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end > 0 {
                found.entry(rest[..end].to_string()).or_insert(None);
            }
            i += end + 1;
        }
    }
    found
}

/// `NAME=value` lines of an env file.
fn env_file(content: &str) -> BTreeMap<String, String> {
    content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, value) = l.split_once('=').expect("NAME=value");
            (name.to_string(), value.to_string())
        })
        .collect()
}

fn service<'a>(compose: &'a Yaml, name: &str) -> &'a Yaml {
    let service = &compose["services"][name];
    assert!(
        !service.is_badvalue(),
        "the compose file has a {name} service"
    );
    service
}

fn environment(service: &Yaml) -> BTreeMap<String, String> {
    service["environment"]
        .as_hash()
        .map(|h| h.iter().map(|(k, v)| (text(k), text(v))).collect())
        .unwrap_or_default()
}

/// Host path and container path of each bind mount (`./x:/y[:ro]`).
fn bind_mounts(service: &Yaml) -> Vec<(String, String)> {
    service["volumes"]
        .as_vec()
        .into_iter()
        .flatten()
        .map(text)
        .filter(|v| v.starts_with("./") || v.starts_with("../"))
        .map(|v| {
            let mut parts = v.split(':');
            let host = parts.next().unwrap().to_string();
            let container = parts.next().expect("container path").to_string();
            (host, container)
        })
        .collect()
}

/// The host file behind a container path, through the service's bind mounts.
fn host_path_of(repo: &Repo, service: &Yaml, container_path: &str) -> Option<PathBuf> {
    bind_mounts(service).into_iter().find_map(|(host, target)| {
        container_path
            .strip_prefix(&target)
            .map(|rest| repo.docker().join(&host).join(rest.trim_start_matches('/')))
    })
}

pub fn compose_file_is_complete_and_consistent(repo: &Repo) {
    let compose = repo.compose();
    for name in ["db", "seed", "grafana"] {
        service(&compose, name);
    }
    // Both images come from the Dockerfile in this repository.
    for name in ["db", "seed"] {
        let build = &service(&compose, name)["build"];
        let context = repo.docker().join(text(&build["context"]));
        let dockerfile = context.join(text(&build["dockerfile"]));
        assert!(
            dockerfile.is_file(),
            "{name}: {} exists",
            dockerfile.display()
        );
        assert_eq!(
            context.canonicalize().unwrap(),
            repo.root.canonicalize().unwrap(),
            "{name}: the build context is the repository root"
        );
    }
    // Every bind-mounted file or directory exists.
    for name in ["db", "seed", "grafana"] {
        for (host, _) in bind_mounts(service(&compose, name)) {
            let path = repo.docker().join(&host);
            assert!(path.exists(), "{name} mounts {host}, which exists");
        }
    }
    // The seed and Grafana wait for a healthy database, whose check proves the schema.
    let db = service(&compose, "db");
    let check = format!("{:?}", db["healthcheck"]["test"]);
    assert!(
        check.contains("-h 127.0.0.1") && check.contains("mep.sensor_data"),
        "{check}"
    );
    for name in ["seed", "grafana"] {
        assert_eq!(
            text(&service(&compose, name)["depends_on"]["db"]["condition"]),
            "service_healthy",
            "{name} waits for the database"
        );
    }
    let seed_command: Vec<String> = service(&compose, "seed")["command"]
        .as_vec()
        .expect("seed command")
        .iter()
        .map(text)
        .collect();
    assert_eq!(seed_command[..2], ["demo", "--fleet"]);
    // The init script gets every variable it requires.
    let init = repo.read("docker/initdb/010_mep.sh");
    let db_env = environment(db);
    for required in ["MEP_GRAFANA_DB_PASSWORD", "MEP_INGEST_DB_PASSWORD"] {
        assert!(init.contains(required));
        assert!(db_env.contains_key(required), "db passes {required}");
    }
    // Ports are published on loopback only.
    for name in ["db", "grafana"] {
        for port in service(&compose, name)["ports"].as_vec().expect("ports") {
            assert!(text(port).starts_with("127.0.0.1:"), "{name}: {port:?}");
        }
    }
}

pub fn env_example_documents_every_variable(repo: &Repo) {
    let compose = variable_references(&repo.read("docker/docker-compose.yml"));
    let example = env_file(&repo.read("docker/.env.example"));
    let used: BTreeSet<&String> = compose.keys().collect();
    let documented: BTreeSet<&String> = example.keys().collect();
    assert_eq!(
        used, documented,
        ".env.example documents exactly the variables docker-compose.yml uses"
    );
    for (name, default) in &compose {
        let default = default
            .as_ref()
            .unwrap_or_else(|| panic!("{name} has a default in docker-compose.yml"));
        assert_eq!(
            default, &example[name],
            "{name}: the compose default equals .env.example's"
        );
    }
}

pub fn grafana_provisioning_matches_the_stack(repo: &Repo, dashboards: &[grafana::Dashboard]) {
    let compose = repo.compose();
    let grafana_service = service(&compose, "grafana");
    let grafana_env = environment(grafana_service);
    // Provisioning files interpolate the Grafana container's environment.
    for file in [
        "docker/grafana/provisioning/datasources/mep.yml",
        "docker/grafana/provisioning/dashboards/mep.yml",
    ] {
        for name in variable_references(&repo.read(file)).keys() {
            assert!(
                grafana_env.contains_key(name),
                "{file} uses {name}, which the grafana service sets"
            );
        }
    }
    let datasource = &repo.datasource()["datasources"][0];
    assert_eq!(text(&datasource["type"]), "grafana-postgresql-datasource");
    assert_eq!(text(&datasource["url"]), "db:5432");
    assert_eq!(text(&datasource["user"]), "${MEP_GRAFANA_DB_USER}");
    let uid = text(&datasource["uid"]);
    // The dashboards folder Grafana reads is the one mounted from docker/grafana/dashboards.
    let provider_path = text(&repo.dashboard_provider()["providers"][0]["options"]["path"]);
    let mounted = host_path_of(repo, grafana_service, &provider_path)
        .expect("the provider path is bind-mounted");
    assert_eq!(
        mounted.canonicalize().unwrap(),
        repo.docker()
            .join("grafana/dashboards")
            .canonicalize()
            .unwrap()
    );
    let home = &grafana_env["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];
    let home_file = host_path_of(repo, grafana_service, home).expect("home dashboard mounted");
    assert!(home_file.is_file(), "home dashboard {home} exists");
    // Every panel and variable queries the provisioned data source.
    let uids: BTreeSet<&str> = dashboards.iter().map(|d| d.uid()).collect();
    assert_eq!(uids.len(), dashboards.len(), "dashboard uids are unique");
    for dashboard in dashboards {
        for panel in dashboard.panels() {
            let title = panel["title"].as_str().unwrap_or_default();
            assert_eq!(
                panel["datasource"]["uid"],
                uid.as_str(),
                "{}: {title}",
                dashboard.title()
            );
            let targets = panel["targets"].as_array().expect("targets");
            assert!(!targets.is_empty(), "{title} has a query");
            for target in targets {
                assert_eq!(target["datasource"]["uid"], uid.as_str(), "{title}");
                assert!(target["rawSql"].is_string(), "{title}: raw SQL");
            }
            // Links to another dashboard name one that is provisioned.
            let links = panel.to_string();
            for part in links.split("/d/").skip(1) {
                let linked = part.split('/').next().unwrap_or_default();
                assert!(uids.contains(linked), "{title} links to {linked}");
            }
        }
        for variable in dashboard.json["templating"]["list"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert_eq!(variable["datasource"]["uid"], uid.as_str());
        }
        assert_no_overlap(dashboard);
    }
}

/// Panels tile the 24-column grid without covering one another.
fn assert_no_overlap(dashboard: &grafana::Dashboard) {
    let boxes: Vec<(i64, i64, i64, i64, &str)> = dashboard
        .panels()
        .iter()
        .map(|p| {
            let g = &p["gridPos"];
            let (x, y, w, h) = (
                g["x"].as_i64().unwrap(),
                g["y"].as_i64().unwrap(),
                g["w"].as_i64().unwrap(),
                g["h"].as_i64().unwrap(),
            );
            assert!(x >= 0 && w > 0 && x + w <= 24 && h > 0, "{p}");
            (x, y, w, h, p["title"].as_str().unwrap_or_default())
        })
        .collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "{}: '{}' overlaps '{}'", dashboard.title(), a.4, b.4);
        }
    }
}

fn dockerfile_arg(dockerfile: &str, name: &str) -> String {
    let prefix = format!("ARG {name}=");
    dockerfile
        .lines()
        .find_map(|l| l.trim().strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("the Dockerfile sets ARG {name}"))
        .trim()
        .to_string()
}

fn version_tuple(text: &str) -> Vec<u32> {
    text.split('.')
        .map(|p| p.parse().expect("version"))
        .collect()
}

pub fn dockerfile_builds_with_the_pinned_versions(repo: &Repo) {
    let dockerfile = repo.read("docker/Dockerfile");
    let pgrx_pin = repo
        .read("extension/Cargo.toml")
        .lines()
        .find_map(|l| l.strip_prefix("pgrx = \"="))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("extension/Cargo.toml pins pgrx exactly");
    assert_eq!(
        dockerfile_arg(&dockerfile, "CARGO_PGRX_VERSION"),
        pgrx_pin,
        "the Dockerfile installs the cargo-pgrx the workspace pins"
    );
    let workspace = repo.read("Cargo.toml");
    let minimum = workspace
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .map(|v| v.trim_end_matches('"'))
        .expect("rust-version");
    let rust = dockerfile_arg(&dockerfile, "RUST_VERSION");
    assert!(
        version_tuple(&rust) >= version_tuple(minimum),
        "Rust {rust} in the Dockerfile meets the workspace's rust-version {minimum}"
    );
    // The TimescaleDB image: the 2.28 series for PostgreSQL 15, the same in compose.
    let image = dockerfile_arg(&dockerfile, "TIMESCALEDB_IMAGE");
    assert!(
        image.starts_with("timescale/timescaledb:2.28.") && image.ends_with("-pg15"),
        "{image}"
    );
    let compose = repo.read("docker/docker-compose.yml");
    assert!(
        compose.contains(&format!("${{MEP_TIMESCALEDB_IMAGE:-{image}}}")),
        "compose defaults to the Dockerfile's image"
    );
    // Every file the build copies from the context exists, every workspace member is copied.
    let mut copied = BTreeSet::new();
    for line in dockerfile.lines().map(str::trim) {
        let Some(args) = line.strip_prefix("COPY ") else {
            continue;
        };
        if args.starts_with("--from") {
            continue;
        }
        let parts: Vec<&str> = args.split_whitespace().collect();
        for source in &parts[..parts.len() - 1] {
            let path = repo.root.join(source);
            assert!(
                path.exists(),
                "the Dockerfile copies {source}, which exists"
            );
            copied.insert(source.trim_end_matches('/').to_string());
        }
    }
    let members = workspace
        .lines()
        .find_map(|l| l.strip_prefix("members = ["))
        .expect("workspace members");
    for member in members.trim_end_matches(']').split(',') {
        let member = member.trim().trim_matches('"');
        assert!(copied.contains(member), "the Dockerfile copies {member}");
    }
    let init = repo.root.join("docker/initdb/010_mep.sh");
    assert!(
        dockerfile.contains("docker/initdb/010_mep.sh /docker-entrypoint-initdb.d/"),
        "the init script is installed"
    );
    assert!(is_executable(&init), "010_mep.sh is executable");
    let ignored = repo.read(".dockerignore");
    assert!(
        ignored.lines().any(|l| l.trim() == "target"),
        ".dockerignore keeps target/ out of the build context"
    );
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}
