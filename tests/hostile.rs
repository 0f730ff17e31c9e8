//! Hostile input: files and repositories that a run must survive with a finding or a clear
//! message, never a panic, a hang or a stack overflow.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::{git, project, stderr, stdout};

/// Runs migcheck, failing the test if it has not finished within five minutes (a hang; an
/// unoptimized build on a busy machine is slow, not stuck).
fn migcheck(dir: &Path, args: &[&str]) -> Output {
    migcheck_within(dir, args, Duration::from_secs(300))
}

fn migcheck_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let (dir, args): (std::path::PathBuf, Vec<String>) = (
        dir.to_path_buf(),
        args.iter().map(|a| a.to_string()).collect(),
    );
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let _ = send.send(common::migcheck(&dir, &args));
    });
    let output = receive
        .recv_timeout(limit)
        .expect("migcheck finishes in time");
    // Never a panic, a stack overflow or an abort: an exit code of ours.
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "exit {:?}: {}",
        output.status,
        stderr(&output)
    );
    output
}

/// `(code, line, column, message)` of each finding of a JSON run.
fn findings(output: &Output) -> Vec<(String, u64, u64, String)> {
    let document: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(output), stderr(output)));
    document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const MIGRATION_HEAD: &str = "from django.db import migrations\n\n\n";

#[test]
fn nesting_thousands_deep() {
    let deep = |inner: String| {
        format!(
            "{MIGRATION_HEAD}class Migration(migrations.Migration):\n    operations = [migrations.RunSQL({inner}, migrations.RunSQL.noop)]\n"
        )
    };
    let n = 200_000;
    let files = [
        (
            "0001_lists.py",
            deep(format!("{}{}", "[".repeat(n), "]".repeat(n))),
        ),
        (
            "0002_calls.py",
            deep(format!("{}1{}", "f(".repeat(n), ")".repeat(n))),
        ),
        ("0003_unary.py", deep(format!("{}1", "-".repeat(n)))),
        ("0004_attributes.py", deep(format!("a{}", ".b".repeat(n)))),
        ("0005_operators.py", deep(format!("1{}", " + 1".repeat(n)))),
        ("0006_subscripts.py", deep(format!("a{}", "[0]".repeat(n)))),
        (
            "0007_lambdas.py",
            deep(format!("{}1", "lambda: ".repeat(n))),
        ),
        ("0008_unclosed.py", deep("(".repeat(n))),
        // Deep, but within what Python compiles: checked like any other file.
        (
            "0009_deep_but_fine.py",
            deep(format!("{}1", "-".repeat(9_000))),
        ),
    ];
    let owned: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(name, text)| (format!("app/migrations/{name}"), text.clone().into_bytes()))
        .collect();
    let borrowed: Vec<(&str, &[u8])> = owned
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let dir = project(&borrowed);
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC001"]);
    let found = findings(&output);
    assert_eq!(found.len(), 8, "{found:#?}");
    for (code, _, _, message) in &found[..7] {
        assert_eq!(code, "MC001");
        assert!(
            message.contains("levels deep") || message.contains("nested brackets"),
            "{message}"
        );
    }
    // Each file once; the one Python compiles is not among them.
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC2"]);
    assert!(findings(&output).iter().all(|(code, ..)| code == "MC001"));
}

/// Runs migcheck with its address space capped (`ulimit -v`), failing the test if it has not
/// finished within `limit`: a bound on memory that does not depend on how fast the machine is.
#[cfg(unix)]
fn migcheck_in(dir: &Path, args: &[&str], megabytes: u64, limit: Duration) -> Output {
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {}; exec \"$@\"", megabytes << 10))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_migcheck"))
        .args(args)
        .current_dir(dir);
    let child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output().unwrap());
    });
    let output = receive.recv_timeout(limit).unwrap_or_else(|_| {
        let _ = std::process::Command::new("kill")
            .args(["-9", &id.to_string()])
            .status();
        panic!("migcheck did not finish within {limit:?}")
    });
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "exit {:?} under a {megabytes} MB limit: {}",
        output.status,
        stderr(&output)
    );
    output
}

/// A few megabytes of nesting are refused before they are parsed: the parser takes about a
/// kilobyte a level. Under a limit of 1 GB; before, 4 MB of `-` took 4 GB.
#[cfg(unix)]
#[test]
fn deep_nesting_is_refused_within_bounded_memory() {
    let deep = |inner: String| {
        format!(
            "{MIGRATION_HEAD}class Migration(migrations.Migration):\n    operations = [migrations.RunSQL({inner}, migrations.RunSQL.noop)]\n"
        )
        .into_bytes()
    };
    let n = 4_000_000;
    let unary = deep(format!("{}1", "-".repeat(n)));
    let not = deep(format!("{}1", "not ".repeat(n / 4)));
    let lambdas = deep(format!("{}1", "lambda a, b=1: ".repeat(n / 16)));
    let power = deep(format!("1{}", "**1".repeat(n / 3)));
    let dir = project(&[
        ("app/migrations/0001_unary.py", &unary),
        ("app/migrations/0002_not.py", &not),
        ("app/migrations/0003_lambdas.py", &lambdas),
        ("app/migrations/0004_power.py", &power),
    ]);
    let output = migcheck_in(
        dir.path(),
        &["--format", "json", "--select", "MC001", "--jobs", "1"],
        1024,
        Duration::from_secs(300),
    );
    let found = findings(&output);
    assert_eq!(found.len(), 4, "{found:#?}");
    for (code, _, _, message) in &found {
        assert_eq!(code, "MC001");
        assert!(message.contains("levels deep"), "{message}");
    }
}

/// CPython's tokenizer refuses more than 200 nested brackets and more than 99 levels of
/// indentation; up to them, a file is checked like any other.
#[test]
fn nesting_python_refuses_is_a_finding_and_what_it_compiles_is_not() {
    let brackets =
        |n: usize| format!("{MIGRATION_HEAD}X = {}{}\n", "[".repeat(n), "]".repeat(n)).into_bytes();
    let indented = |n: usize| {
        let mut text = MIGRATION_HEAD.to_string();
        for level in 0..n {
            text.push_str(&format!("{}if True:\n", " ".repeat(level)));
        }
        text.push_str(&format!("{}pass\n", " ".repeat(n)));
        text.into_bytes()
    };
    let (b200, b201, i99, i100) = (brackets(200), brackets(201), indented(99), indented(100));
    let dir = project(&[
        ("app/migrations/0001_brackets_200.py", &b200),
        ("app/migrations/0002_brackets_201.py", &b201),
        ("app/migrations/0003_indented_99.py", &i99),
        ("app/migrations/0004_indented_100.py", &i100),
    ]);
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC001"]);
    let found: Vec<(u64, String)> = findings(&output)
        .into_iter()
        .map(|(_, line, _, message)| (line, message))
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].1.contains("too many nested parentheses"),
        "{found:?}"
    );
    assert!(
        found[1].1.contains("too many levels of indentation"),
        "{found:?}"
    );
}

/// "Did you mean" compares an unknown dependency with every migration of its app: bounded in
/// how many it does and in the length of the names, so that thousands of unknown
/// dependencies, or one of megabytes, cost no more than a few.
#[test]
fn unknown_dependencies_by_the_thousand_and_by_the_megabyte() {
    let migration = |dependencies: String| {
        format!(
            "{MIGRATION_HEAD}class Migration(migrations.Migration):\n    dependencies = [{dependencies}]\n    operations = []\n"
        )
        .into_bytes()
    };
    let mut files: Vec<(String, Vec<u8>)> = (1..=200)
        .map(|n| {
            (
                format!("app/migrations/{n:04}_sibling_number_{n}.py"),
                migration(String::new()),
            )
        })
        .collect();
    let many: String = (0..10_000)
        .map(|n| format!("(\"app\", \"{n:04}_sibling_numbr_{n}\"), "))
        .collect();
    files.push(("app/migrations/0201_many.py".to_string(), migration(many)));
    let long = format!("(\"app\", \"0001_{}\")", "sibling_number_".repeat(150_000));
    files.push(("app/migrations/0202_long.py".to_string(), migration(long)));
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let dir = project(&borrowed);
    // Before the bound, a minute and more.
    let output = migcheck_within(
        dir.path(),
        &["--format", "json", "--select", "MC302"],
        Duration::from_secs(120),
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = document["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 10_001);
    let help = |d: &serde_json::Value| d["help"].as_str().unwrap().to_string();
    let suggested = found
        .iter()
        .filter(|d| help(d).starts_with("did you mean"))
        .count();
    assert!((1..=20).contains(&suggested), "{suggested}");
    assert!(help(&found[10_000]).starts_with("point it at an existing migration"));
}

/// `--jobs` is capped at a few threads a core, and at the number of files: a hundred
/// thousand threads, each with a deep stack, took minutes to start.
#[cfg(unix)]
#[test]
fn jobs_beyond_what_the_machine_has() {
    let dir = project(&[(
        "app/migrations/0001_initial.py",
        b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunSQL(\"SELECT 1\")]\n",
    )]);
    let output = migcheck_in(
        dir.path(),
        &["--format", "json", "--jobs", "100000"],
        1024,
        Duration::from_secs(60),
    );
    assert_eq!(findings(&output).len(), 1);
    assert!(
        stderr(&output).contains("warning: --jobs 100000 is more threads than"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn byte_order_mark_and_every_line_ending() {
    let body = [
        "from django.db import migrations",
        "",
        "",
        "def forwards(apps, schema_editor):",
        "    pass",
        "",
        "",
        "class Migration(migrations.Migration):",
        "    operations = [",
        "        migrations.RunPython(forwards),",
        "    ]",
        "",
    ];
    let crlf = format!("\u{feff}{}", body.join("\r\n"));
    let cr = body.join("\r");
    let dir = project(&[
        ("app/migrations/0001_crlf.py", crlf.as_bytes()),
        ("app/migrations/0002_cr.py", cr.as_bytes()),
    ]);
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC201"]);
    let places: Vec<(u64, u64)> = findings(&output).iter().map(|f| (f.1, f.2)).collect();
    assert_eq!(places, [(10, 9), (10, 9)]);
}

#[test]
fn huge_files_and_huge_lines() {
    // A data migration of 40 MB, the one finding at the end.
    let mut big = format!("{MIGRATION_HEAD}COUNTRIES = [\n");
    while big.len() < 40_000_000 {
        big.push_str(
            "    (\"XX\", \"A country with a long name, for the seed data of a big table\"),\n",
        );
    }
    big.push_str("]\n\n\nclass Migration(migrations.Migration):\n    operations = [\n");
    big.push_str("        migrations.RunSQL(\"SELECT 2\"),\n    ]\n");
    let last_line = big.lines().count() as u64 - 1;
    // A 5 MB line.
    let line = format!(
        "{MIGRATION_HEAD}class Migration(migrations.Migration):\n    operations = [{}migrations.RunSQL(\"SELECT 2\")]\n",
        "migrations.RunSQL(\"SELECT 1\", migrations.RunSQL.noop), ".repeat(90_000)
    );
    let dir = project(&[
        ("app/migrations/0001_big.py", big.as_bytes()),
        ("app/migrations/0002_line.py", line.as_bytes()),
    ]);
    // Over the size migcheck reads: a finding, not an attempt.
    let file = std::fs::File::create(dir.path().join("app/migrations/0003_over.py")).unwrap();
    file.set_len(65 << 20).unwrap();
    // An unoptimized build on a busy machine takes its time over 45 MB.
    let output = migcheck_within(
        dir.path(),
        &["--format", "json", "--select", "MC202"],
        Duration::from_secs(900),
    );
    let found = findings(&output);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("MC202", last_line));
    assert_eq!((found[1].0.as_str(), found[1].1), ("MC202", 5));
    assert_eq!(found[2].0, "MC001");
    assert!(
        found[2].3.contains("too large to be a migration"),
        "{}",
        found[2].3
    );
    // The human output shows a window of the long line, not 5 MB of it.
    let output = migcheck(
        dir.path(),
        &["--select", "MC202", "app/migrations/0002_line.py"],
    );
    assert!(output.stdout.len() < 2_000, "{}", stdout(&output));
}

#[cfg(unix)]
#[test]
fn what_is_not_a_file_is_never_opened() {
    use std::os::unix::fs::symlink;
    let dir = project(&[
        ("app/migrations/0001_initial.py", b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n"),
        ("app/migrations/0008_empty.py", b""),
    ]);
    let migrations = dir.path().join("app/migrations");
    let status = std::process::Command::new("mkfifo")
        .arg(migrations.join("0002_fifo.py"))
        .status()
        .unwrap();
    assert!(status.success());
    let _socket =
        std::os::unix::net::UnixListener::bind(migrations.join("0003_socket.py")).unwrap();
    std::fs::create_dir(migrations.join("0004_directory.py")).unwrap();
    symlink(&migrations, migrations.join("0005_loop.py")).unwrap();
    symlink("0006_self.py", migrations.join("0006_self.py")).unwrap();
    symlink("0002_fifo.py", migrations.join("0007_to_fifo.py")).unwrap();
    symlink(dir.path(), migrations.join("up")).unwrap();
    let output = migcheck(dir.path(), &["--format", "json"]);
    // The empty file is a module that is not a migration (MC003), the link to itself a
    // module Python cannot import (MC001); nothing else was read.
    let found = findings(&output);
    assert_eq!(
        found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["MC001", "MC003"]
    );
    assert!(found[0].3.starts_with("cannot read file"), "{}", found[0].3);
    // Named on the command line, they are not files to check either: a path that holds
    // nothing to check (exit 2, unless --allow-empty).
    for name in ["0002_fifo.py", "0003_socket.py", "0007_to_fifo.py"] {
        let path = format!("app/migrations/{name}");
        let output = migcheck(dir.path(), &["--format", "json", &path]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(stderr(&output).contains("holds no migration"), "{name}");
        let output = migcheck(dir.path(), &["--format", "json", "--allow-empty", &path]);
        assert_eq!(output.status.code(), Some(0), "{name}");
    }
}

/// Ignore files, the baseline and the configuration are read only when they are regular
/// files: a FIFO would block the run for ever, `/dev/zero` fill memory.
#[cfg(unix)]
#[test]
fn ignore_files_baseline_and_configuration_that_are_not_files() {
    use std::os::unix::fs::symlink;
    let migration = b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunSQL(\"SELECT 1\")]\n";
    let dir = project(&[
        ("app/migrations/0001_initial.py", migration),
        ("sub/app/migrations/0001_initial.py", migration),
        // Still honoured beside the ones that are not read.
        ("sub/.gitignore", b"generated/\n"),
        ("sub/generated/migrations/0001_initial.py", b"syntax error("),
    ]);
    git(dir.path(), &["init", "-q"]);
    let mkfifo = |path: &Path| {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    };
    mkfifo(&dir.path().join(".gitignore"));
    symlink("/dev/zero", dir.path().join(".ignore")).unwrap();
    symlink("/dev/zero", dir.path().join("sub/.ignore")).unwrap();
    let exclude = dir.path().join(".git/info/exclude");
    let _ = std::fs::remove_file(&exclude);
    mkfifo(&exclude);
    let output = migcheck_in(
        dir.path(),
        &["--format", "json", "--select", "MC001,MC202"],
        1024,
        Duration::from_secs(120),
    );
    let found = findings(&output);
    assert_eq!(
        found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["MC202", "MC202"],
        "{found:#?}"
    );
    let warnings = stderr(&output);
    for file in [".gitignore", ".ignore", "sub/.ignore", ".git/info/exclude"] {
        assert!(
            warnings.contains(&format!("warning: {file}: not read as an ignore file")),
            "{file}: {warnings}"
        );
    }
    // The baseline, and a configuration named on the command line: exit 2 with a message.
    mkfifo(&dir.path().join("fifo.toml"));
    symlink("/dev/zero", dir.path().join("zero.toml")).unwrap();
    mkfifo(&dir.path().join(".migcheck-baseline.json"));
    for args in [
        &["--config", "fifo.toml"][..],
        &["--config", "zero.toml"],
        &[],
    ] {
        let output = migcheck_in(dir.path(), args, 1024, Duration::from_secs(120));
        let config = args.last().copied().unwrap_or("the baseline");
        assert_eq!(output.status.code(), Some(2), "{config}");
        assert!(
            stderr(&output).contains("not a regular file"),
            "{config}: {}",
            stderr(&output)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_a_file_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("0001_initial.py");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let error = migcheck::read_file(&fifo).unwrap_err();
    assert_eq!(error.to_string(), "not a regular file");
    let gone = migcheck::read_file(&dir.path().join("0002_gone.py")).unwrap_err();
    assert_eq!(gone.kind(), std::io::ErrorKind::NotFound);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_or_stderr_is_exit_2_never_a_panic() {
    let dir = project(&[(
        "app/migrations/0001_initial.py",
        b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunPython(print)]\n",
    )]);
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let run = |args: &[&str], stdout_full: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_migcheck"));
        command
            .args(args)
            .current_dir(dir.path())
            .env_remove("NO_COLOR");
        if stdout_full {
            command.stdout(full()).stderr(std::process::Stdio::piped());
        } else {
            command.stdout(std::process::Stdio::piped()).stderr(full());
        }
        command.output().unwrap()
    };
    for args in [
        &["completions", "bash"][..],
        &["--version"],
        &["--help"],
        &["rules"],
        &["man"],
        &["--format", "json"],
        &[],
    ] {
        let output = run(args, true);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("No space left"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // Nowhere to say what went wrong: exit 2 says it.
    for args in [
        &["no/such/path"][..],
        &["--no-such-flag"],
        &["--since", "main"],
    ] {
        let output = run(args, false);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn colour_is_forced_by_the_environment_and_off_for_a_dumb_terminal() {
    let dir = project(&[(
        "app/migrations/0001_initial.py",
        b"from django.db import migrations\n\n\ndef f(apps, schema_editor):\n    pass\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunPython(f)]\n",
    )]);
    let run = |vars: &[(&str, &str)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_migcheck"));
        command
            .current_dir(dir.path())
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (name, value) in vars {
            command.env(name, value);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        stdout(&output).contains('\x1b')
    };
    assert!(!run(&[]));
    assert!(run(&[("FORCE_COLOR", "1")]));
    assert!(run(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]));
    assert!(!run(&[("CLICOLOR_FORCE", "0")]));
    assert!(!run(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
}

#[test]
fn control_characters_and_noncharacters_in_file_names_reach_no_terminal_and_no_xml() {
    let name = "app/migrations/0001_\u{1b}[2Jred\u{7}\u{ffff}.py";
    let dir = project(&[(
        name,
        b"from django.db import migrations\n\n\ndef f(apps, schema_editor):\n    pass\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunPython(f)]\n",
    )]);
    for format in ["human", "github", "junit"] {
        let output = migcheck(dir.path(), &["--format", format, "--color", "never"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: {}",
            stderr(&output)
        );
        let text = stdout(&output);
        assert!(text.contains("MC201"), "{format}: {text}");
        assert!(!text.contains(['\u{1b}', '\u{7}']), "{format}: {text:?}");
        // Not a character XML 1.0 can hold, even as a reference.
        if format == "junit" {
            assert!(!text.contains('\u{ffff}'), "{text:?}");
            assert!(text.contains("\\u{ffff}"), "{text}");
        }
        assert!(text.contains("0001_\\x1b[2Jred\\x07"), "{format}: {text}");
    }
}

/// A migration whose file name is not UTF-8 (Python imports it all the same): found by the
/// walk, when named, in a commit's tree and in the history, and shown escaped.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_checked_and_shown_escaped() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::process::Command;
    let dir = project(&[
        (
            "app/migrations/0001_initial.py",
            b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n",
        ),
        ("app/migrations/__init__.py", b""),
    ]);
    let name = dir
        .path()
        .join(OsStr::from_bytes(b"app/migrations/0002_caf\xe9.py"));
    let edited = b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"app\", \"0001_initial\")]\n    operations = [migrations.RemoveField(\"a\", \"b\")]\n";
    std::fs::write(&name, edited).unwrap();
    let shown = "app/migrations/0002_caf\\xe9.py";
    let has = |output: &Output, code: &str| {
        let text = stdout(output);
        assert!(
            text.lines()
                .any(|line| line.starts_with(&format!("{shown}:")) && line.contains(code)),
            "{code}: {text}{}",
            stderr(output)
        );
    };
    has(&migcheck(dir.path(), &["--color", "never"]), "MC502");
    let named = Command::new(env!("CARGO_BIN_EXE_migcheck"))
        .arg(&name)
        .args(["--color", "never"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    has(&named, "MC502");

    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    has(
        &migcheck(dir.path(), &["--head", "HEAD", "--color", "never"]),
        "MC502",
    );
    std::fs::write(
        &name,
        String::from_utf8_lossy(edited).replace("\"b\"", "\"c\""),
    )
    .unwrap();
    has(
        &migcheck(dir.path(), &["--since", "HEAD", "--color", "never"]),
        "MC101",
    );
    std::fs::remove_file(&name).unwrap();
    has(
        &migcheck(dir.path(), &["--since", "HEAD", "--color", "never"]),
        "MC102",
    );
}

/// A repository on `main` with one migration, and a branch `feature` that edits it.
fn repository() -> tempfile::TempDir {
    let dir = project(&[(
        "app/migrations/0001_initial.py",
        b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n",
    )]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    std::fs::write(
        dir.path().join("app/migrations/0001_initial.py"),
        b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunSQL('SELECT 1', '')]\n",
    )
    .unwrap();
    git(dir.path(), &["commit", "-qam", "edit"]);
    dir
}

/// The loose object file of an object.
fn object_file(dir: &Path, oid: &str) -> std::path::PathBuf {
    dir.join(".git/objects").join(&oid[..2]).join(&oid[2..])
}

#[test]
fn missing_and_corrupt_objects_are_exit_2_with_a_message() {
    let dir = repository();
    let blob = git(
        dir.path(),
        &["rev-parse", "main:app/migrations/0001_initial.py"],
    );
    std::fs::remove_file(object_file(dir.path(), &blob)).unwrap();
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("app/migrations/0001_initial.py"),
        "{}",
        stderr(&output)
    );

    let dir = repository();
    let tree = git(dir.path(), &["rev-parse", "main^{tree}"]);
    let path = object_file(dir.path(), &tree);
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&path, permissions).unwrap();
    std::fs::write(&path, b"not a zlib stream").unwrap();
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).starts_with("migcheck: error: "),
        "{}",
        stderr(&output)
    );

    let dir = repository();
    let commit = git(dir.path(), &["rev-parse", "main"]);
    std::fs::remove_file(object_file(dir.path(), &commit)).unwrap();
    let output = migcheck(dir.path(), &["--since", &commit]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("migcheck: error: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_huge_binary_blob_among_the_migrations() {
    let dir = repository();
    let mut blob = vec![0u8; 70 << 20];
    blob[..4].copy_from_slice(b"\x7fELF");
    std::fs::write(dir.path().join("app/migrations/0002_blob.py"), &blob).unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "blob"]);
    for args in [
        &["--since", "main", "--format", "json"][..],
        &["--since", "main", "--head", "feature", "--format", "json"],
    ] {
        let output = migcheck(dir.path(), args);
        let found = findings(&output);
        assert!(
            found
                .iter()
                .any(|f| f.0 == "MC001" && f.3.contains("too large")),
            "{found:#?}"
        );
    }
}

#[test]
fn submodules_and_worktrees() {
    let library = repository();
    let dir = repository();
    git(
        dir.path(),
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            library.path().to_str().unwrap(),
            "vendor/library",
        ],
    );
    git(dir.path(), &["commit", "-qm", "submodule"]);
    let output = migcheck(dir.path(), &["--since", "main", "--format", "json"]);
    assert!(findings(&output).iter().any(|f| f.0 == "MC101"));

    let elsewhere = tempfile::tempdir().unwrap();
    let worktree = elsewhere.path().join("second");
    git(
        dir.path(),
        &[
            "worktree",
            "add",
            "-q",
            "-b",
            "second",
            worktree.to_str().unwrap(),
            "feature",
        ],
    );
    let output = migcheck(&worktree, &["--since", "main", "--format", "json"]);
    let found = findings(&output);
    assert!(found.iter().any(|f| f.0 == "MC101"), "{found:#?}");
}

#[test]
fn a_git_directory_kept_apart_from_the_work_tree() {
    // `git clone --separate-git-dir` / `git init --separate-git-dir`: `.git` is a file that
    // names the git directory, and the work tree is where that file is, not the git
    // directory's parent.
    let dir = tempfile::tempdir().unwrap();
    let (work, git_dir) = (dir.path().join("work"), dir.path().join("repo.git"));
    git(
        dir.path(),
        &[
            "init",
            "-q",
            "--separate-git-dir",
            git_dir.to_str().unwrap(),
            work.to_str().unwrap(),
        ],
    );
    let migration = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n";
    common::write_files(
        &work,
        &[("app/migrations/0001_initial.py", Some(migration))],
    );
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "base"]);
    git(&work, &["checkout", "-qb", "feature"]);
    common::write_files(
        &work,
        &[(
            "app/migrations/0001_initial.py",
            Some(&migration.replace("[]", "[migrations.RunSQL('SELECT 1', '')]")),
        )],
    );
    for cwd in [work.clone(), work.join("app")] {
        let output = migcheck(&cwd, &["--since", "main", "--format", "json"]);
        let found = findings(&output);
        assert_eq!(
            found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
            ["MC101"],
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_sparse_checkout_leaves_migrations_out_of_the_work_tree_not_out_of_the_project() {
    let initial = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n";
    let dir = project(&[
        ("shop/migrations/0001_initial.py", initial.as_bytes()),
        ("blog/migrations/0001_initial.py", initial.as_bytes()),
    ]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    git(dir.path(), &["sparse-checkout", "set", "shop"]);
    assert!(!dir.path().join("blog").exists());
    // A new migration that depends on one outside the cone: that one is in the graph.
    common::write_files(
        dir.path(),
        &[(
            "shop/migrations/0002_link.py",
            Some(
                "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"0001_initial\"), (\"blog\", \"0001_initial\")]\n    operations = []\n",
            ),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main", "--format", "json"]);
    assert_eq!(findings(&output), [], "{}", stderr(&output));
    // The app outside the cone is known: a dependency on a migration it lacks is one.
    let link = std::fs::read_to_string(dir.path().join("shop/migrations/0002_link.py")).unwrap();
    common::write_files(
        dir.path(),
        &[(
            "shop/migrations/0002_link.py",
            Some(&link.replace("\"blog\", \"0001_initial\"", "\"blog\", \"0002_missing\"")),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main", "--format", "json"]);
    let found = findings(&output);
    assert_eq!(
        found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["MC302"],
        "{found:#?}"
    );
    common::write_files(dir.path(), &[("shop/migrations/0002_link.py", Some(&link))]);
    // What is in the cone is checked as ever.
    common::write_files(
        dir.path(),
        &[(
            "shop/migrations/0001_initial.py",
            Some(&initial.replace("[]", "[migrations.RunSQL('SELECT 1', '')]")),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main", "--format", "json"]);
    let found = findings(&output);
    assert_eq!(
        found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["MC101"],
        "{found:#?}"
    );
}

#[cfg(unix)]
#[test]
fn a_migration_replaced_by_a_link_to_the_same_text_is_unchanged() {
    let dir = repository();
    let migrations = dir.path().join("app/migrations");
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    std::fs::rename(
        migrations.join("0001_initial.py"),
        dir.path().join("shared/0001_initial.py"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../shared/0001_initial.py",
        migrations.join("0001_initial.py"),
    )
    .unwrap();
    // In the work tree, and committed (read from the commit's tree).
    let check = |args: &[&str]| {
        let output = migcheck(dir.path(), args);
        findings(&output)
            .into_iter()
            .map(|f| f.0)
            .collect::<Vec<_>>()
    };
    let base = git(dir.path(), &["rev-parse", "HEAD"]);
    let work_tree = ["--since", base.as_str(), "--format", "json"];
    let committed = [
        "--since",
        base.as_str(),
        "--head",
        "HEAD",
        "--format",
        "json",
    ];
    assert_eq!(check(&work_tree), Vec::<String>::new());
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "link"]);
    assert_eq!(check(&committed), Vec::<String>::new());
    // An edit through the link is an edit; a link to nothing is a deletion.
    std::fs::write(dir.path().join("shared/0001_initial.py"), "x = 1\n").unwrap();
    assert_eq!(check(&work_tree), ["MC101"]);
    git(dir.path(), &["commit", "-qam", "edit"]);
    assert_eq!(check(&committed), ["MC101"]);
    std::fs::remove_file(dir.path().join("shared/0001_initial.py")).unwrap();
    assert_eq!(check(&work_tree), ["MC102"]);
    git(dir.path(), &["commit", "-qam", "dangling"]);
    assert_eq!(check(&committed), ["MC102"]);
}

/// Runs the pre-push hook's check in `dir` with `lines` as git's lines on standard input.
fn pre_push(dir: &Path, lines: &[u8]) -> Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_migcheck"))
        .args(["hook", "pre-push", "origin", "unused-url"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(lines).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn pushes_of_what_is_not_a_commit_and_of_ref_names_that_are_not_utf8() {
    let dir = repository();
    let zero = "0".repeat(40);
    let main = git(dir.path(), &["rev-parse", "main"]);
    let feature = git(dir.path(), &["rev-parse", "feature"]);
    let tree = git(dir.path(), &["rev-parse", "main^{tree}"]);
    let blob = git(
        dir.path(),
        &["rev-parse", "main:app/migrations/0001_initial.py"],
    );
    git(dir.path(), &["tag", "a-tree", &tree]);
    git(dir.path(), &["tag", "-a", "-m", "blob", "a-blob", &blob]);
    let blob_tag = git(dir.path(), &["rev-parse", "a-blob"]);
    let mut lines = Vec::new();
    lines.extend(format!("refs/tags/a-tree {tree} refs/tags/a-tree {zero}\n").bytes());
    lines.extend(format!("refs/tags/a-blob {blob_tag} refs/tags/a-blob {zero}\n").bytes());
    lines.extend(b"refs/heads/caf\xe9 ");
    lines.extend(format!("{main} refs/heads/cafe {zero}\n").bytes());
    // A remote ref that held a tree before.
    lines.extend(format!("refs/tags/moved {main} refs/tags/moved {tree}\n").bytes());
    let output = pre_push(dir.path(), &lines);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // A commit pushed under such a name is checked, and the name shown.
    let mut lines = b"refs/heads/caf\xe9 ".to_vec();
    lines.extend(format!("{feature} refs/heads/cafe {zero}\n").bytes());
    let output = pre_push(dir.path(), &lines);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).contains("MC101"), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("refs/heads/caf\u{fffd}"),
        "{}",
        stdout(&output)
    );
}

#[cfg(unix)]
#[test]
fn hook_install_never_loses_a_hook() {
    use std::os::unix::fs::symlink;
    let dir = repository();
    let hooks = dir.path().join(".git/hooks");
    let hook = hooks.join("pre-push");
    let install = |args: &[&str]| {
        let mut all = vec!["hook", "install"];
        all.extend(args);
        migcheck(dir.path(), &all)
    };
    // A hook that is not UTF-8 text is someone else's all the same.
    let binary = b"\x7fELF\x02\x01\x01\xff\xfe".to_vec();
    std::fs::write(&hook, &binary).unwrap();
    assert_eq!(install(&[]).status.code(), Some(2));
    assert_eq!(std::fs::read(&hook).unwrap(), binary);
    // A dangling link is a hook too: not written through, out of the repository.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("written-through");
    std::fs::remove_file(&hook).unwrap();
    symlink(&target, &hook).unwrap();
    assert_eq!(install(&[]).status.code(), Some(2));
    assert!(!target.exists());
    // --force on a link to a tracked file: the file is left alone, the link moved aside.
    let tracked = dir.path().join("app/migrations/0001_initial.py");
    let text = std::fs::read(&tracked).unwrap();
    std::fs::remove_file(&hook).unwrap();
    symlink(&tracked, &hook).unwrap();
    let output = install(&["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read(&tracked).unwrap(), text);
    let aside = hooks.join("pre-push.migcheck-replaced");
    assert!(
        stdout(&output).contains(&aside.display().to_string()),
        "{}",
        stdout(&output)
    );
    assert_eq!(std::fs::read_link(&aside).unwrap(), tracked);
    assert!(!std::fs::symlink_metadata(&hook).unwrap().is_symlink());
    // Replaced again: the first one kept stays, the second goes beside it.
    std::fs::write(&hook, &binary).unwrap();
    let output = install(&["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(hooks.join("pre-push.migcheck-replaced.2")).unwrap(),
        binary
    );
    assert_eq!(std::fs::read_link(&aside).unwrap(), tracked);
    // --chain with a hook chained already and another one in place: neither is lost.
    let chained = hooks.join("pre-push.migcheck-chained");
    std::fs::write(&chained, "#!/bin/sh\necho first\n").unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho second\n").unwrap();
    let output = install(&["--chain"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("chained"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&chained).unwrap(),
        "#!/bin/sh\necho first\n"
    );
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\necho second\n"
    );
}

#[test]
fn a_hundred_thousand_commits() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    // fast-import writes them in a moment.
    let mut stream = String::new();
    let migration = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n";
    for n in 1..=100_000u32 {
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter a <a@example.com> {} +0000\ndata 1\nx\n",
            1_600_000_000 + n
        ));
        if n == 1 {
            stream.push_str(&format!(
                "M 100644 inline app/migrations/0001_initial.py\ndata {}\n{migration}\n",
                migration.len()
            ));
        } else {
            stream.push_str(&format!(
                "M 100644 inline notes.txt\ndata {}\n{n}\n",
                n.to_string().len()
            ));
        }
    }
    let mut child = std::process::Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    git(dir.path(), &["checkout", "-q", "main"]);
    std::fs::write(
        dir.path().join("app/migrations/0001_initial.py"),
        migration.replace("[]", "[migrations.RunSQL('SELECT 1', '')]"),
    )
    .unwrap();
    let first = git(dir.path(), &["rev-list", "--max-parents=0", "main"]);
    let output = migcheck(dir.path(), &["--since", &first, "--format", "json"]);
    assert_eq!(
        findings(&output)
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        ["MC101"]
    );
}

/// A function `RunPython` names may be bound at the top of the module by any statement
/// that binds a name there, or be a builtin; `del` unbinds it.
#[test]
fn runpython_functions_bound_every_way_python_binds_a_name() {
    let migration = |above: &str, function: &str| {
        format!(
            "{MIGRATION_HEAD}{above}\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunPython({function}, migrations.RunPython.noop)]\n"
        )
        .into_bytes()
    };
    let cases = [
        (
            "0001_for",
            migration("for forwards in [print]:\n    pass", "forwards"),
        ),
        (
            "0002_with",
            migration(
                "import contextlib\nwith contextlib.nullcontext(print) as forwards:\n    pass",
                "forwards",
            ),
        ),
        (
            "0003_walrus",
            migration("if (forwards := print):\n    pass", "forwards"),
        ),
        (
            "0004_walrus_in_comprehension",
            migration("[(forwards := f) for f in [print]]", "forwards"),
        ),
        (
            "0005_starred",
            migration("*_, forwards = [print, print]", "forwards"),
        ),
        (
            "0006_match",
            migration(
                "match [print]:\n    case [forwards]:\n        pass",
                "forwards",
            ),
        ),
        (
            "0007_global",
            migration(
                "def setup():\n    global forwards\n    forwards = print\n\n\nsetup()",
                "forwards",
            ),
        ),
        ("0008_builtin", migration("", "print")),
        ("0009_builtin_dotted", migration("", "str.lower")),
        (
            "0010_deleted",
            migration(
                "def forwards(apps, schema_editor):\n    pass\n\n\ndel forwards",
                "forwards",
            ),
        ),
        (
            "0011_deleted_and_defined_again",
            migration(
                "def forwards(apps, schema_editor):\n    pass\n\n\ndel forwards\n\n\ndef forwards(apps, schema_editor):\n    pass",
                "forwards",
            ),
        ),
        (
            "0012_deleted_in_a_branch",
            migration(
                "import sys\n\n\ndef forwards(apps, schema_editor):\n    pass\n\n\nif sys.version_info < (3,):\n    del forwards",
                "forwards",
            ),
        ),
        // A comprehension's own variable is not bound in the module.
        (
            "0013_comprehension_variable",
            migration("[forwards for forwards in [print]]", "forwards"),
        ),
    ];
    let owned: Vec<(String, Vec<u8>)> = cases
        .iter()
        .map(|(name, text)| (format!("app/migrations/{name}.py"), text.clone()))
        .collect();
    let borrowed: Vec<(&str, &[u8])> = owned
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let dir = project(&borrowed);
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC402"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, String)> = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, "app/migrations/0010_deleted.py");
    assert!(found[0].1.contains("`del forwards`"), "{}", found[0].1);
    assert_eq!(found[1].0, "app/migrations/0013_comprehension_variable.py");
    assert!(
        found[1].1.contains("neither defines nor imports"),
        "{}",
        found[1].1
    );
}

/// What CPython's compiler refuses in a module that parses is MC001 too: Django could not
/// import the migration. What it compiles is not.
#[test]
fn syntax_errors_python_raises_only_when_it_compiles() {
    let migration = |above: &str| {
        format!(
            "{MIGRATION_HEAD}{above}\n\n\nclass Migration(migrations.Migration):\n    operations = []\n"
        )
        .into_bytes()
    };
    let refused = [
        (
            "0001_keyword_twice",
            "X = dict(name=\"a\", name=\"b\")",
            "Duplicate keyword argument",
        ),
        (
            "0002_parameter_twice",
            "def f(a, a):\n    pass",
            "Duplicate parameter",
        ),
        (
            "0003_return",
            "return None",
            "`return` statement outside of a function",
        ),
        (
            "0004_yield",
            "yield 1",
            "`yield` statement outside of a function",
        ),
        (
            "0005_await",
            "await print()",
            "`await` statement outside of a function",
        ),
        (
            "0006_late_future",
            "from __future__ import annotations",
            "__future__ imports must be at the top",
        ),
        (
            "0007_nonlocal",
            "nonlocal x",
            "nonlocal declaration not allowed at module level",
        ),
        (
            "0008_debug",
            "__debug__ = False",
            "cannot assign to `__debug__`",
        ),
        ("0009_break", "break", "`break` outside loop"),
    ];
    let digits = format!("X = {}", "1".repeat(4301));
    let compiled = format!(
        "X = {}\nY = 0x{}\n\n\ndef g():\n    for x in []:\n        break\n    [x for x in [(yield 1)]]\n\n\nasync def h():\n    await g()\n    [await x for x in []]\n\n\nclass C:\n    def m(self):\n        return 1",
        "1".repeat(4300),
        "f".repeat(5000)
    );
    let mut files: Vec<(String, Vec<u8>)> = refused
        .iter()
        .map(|(name, above, _)| (format!("app/migrations/{name}.py"), migration(above)))
        .collect();
    files.push((
        "app/migrations/0010_digits.py".to_string(),
        migration(&digits),
    ));
    files.push((
        "app/migrations/0011_compiled.py".to_string(),
        migration(&compiled),
    ));
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let dir = project(&borrowed);
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC001"]);
    let found = findings(&output);
    assert_eq!(found.len(), refused.len() + 1, "{found:#?}");
    for ((code, line, _, message), (_, _, expected)) in found.iter().zip(&refused) {
        assert_eq!((code.as_str(), *line), ("MC001", 4), "{message}");
        assert!(message.contains(expected), "{message}");
    }
    assert!(
        found[refused.len()].3.contains("an integer of 4301 digits"),
        "{found:#?}"
    );
}

/// A file in the encoding its coding declaration (PEP 263) names is read in it, as Python
/// reads it: checked like any other, its columns counted in characters.
#[test]
fn files_in_the_encoding_their_coding_declaration_names() {
    let latin1 = b"# -*- coding: latin-1 -*-\nfrom django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunSQL(\"UPDATE caf\xe9 SET x = 1\")]  # \xe9t\xe9\n".to_vec();
    let cp1252 = b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nfrom django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        # \x80 \xe9\xe9\n        migrations.RunPython(print),\n    ]\n".to_vec();
    let unknown = b"# coding: klingon\nfrom django.db import migrations\n".to_vec();
    let undeclared = b"from django.db import migrations\n# caf\xe9\n".to_vec();
    let dir = project(&[
        ("app/migrations/0001_latin1.py", &latin1),
        ("app/migrations/0002_cp1252.py", &cp1252),
        ("app/migrations/0003_unknown.py", &unknown),
        ("app/migrations/0004_undeclared.py", &undeclared),
    ]);
    let output = migcheck(
        dir.path(),
        &["--format", "json", "--select", "MC001,MC201,MC202"],
    );
    let found = findings(&output);
    let expected = [
        ("MC202".to_string(), 6, 19),
        ("MC201".to_string(), 9, 9),
        ("MC001".to_string(), 1, 1),
        ("MC001".to_string(), 2, 6),
    ];
    let places: Vec<(String, u64, u64)> = found
        .iter()
        .map(|(code, line, column, _)| (code.clone(), *line, *column))
        .collect();
    assert_eq!(places, expected, "{found:#?}");
    assert!(found[2].3.contains("`klingon`"), "{}", found[2].3);
    assert_eq!(found[3].3, "file is not valid UTF-8");
    // The source line shown is the text as Python reads it.
    let output = migcheck(
        dir.path(),
        &["--select", "MC202", "app/migrations/0001_latin1.py"],
    );
    assert!(
        stdout(&output).contains("UPDATE café SET x = 1"),
        "{}",
        stdout(&output)
    );
}

/// What the walk cannot read is said, never silently left out: a directory below a path
/// longer than the system takes is a warning, a link to nothing in a migrations package a
/// module Python cannot import (MC001).
#[cfg(unix)]
#[test]
fn what_the_walk_cannot_read_is_said() {
    let migration = b"from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = []\n";
    let dir = project(&[("app/migrations/0001_initial.py", migration)]);
    std::os::unix::fs::symlink(
        "0009_gone.py",
        dir.path().join("app/migrations/0002_dangling.py"),
    )
    .unwrap();
    // Past PATH_MAX: made a directory at a time, each relative to the one before.
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "for i in $(seq 25); do mkdir {0} && cd {0} || exit 1; done",
            "d".repeat(200)
        ))
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let output = migcheck(dir.path(), &["--format", "json"]);
    let found = findings(&output);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "MC001");
    assert!(found[0].3.starts_with("cannot read file"), "{}", found[0].3);
    let warnings = stderr(&output);
    assert!(
        warnings.contains("not read (File name too long")
            && warnings.contains("the migrations under it, if any, are not checked"),
        "{warnings}"
    );
}

/// An Alembic revision of a generated initial schema, a hundred thousand tables, columns
/// and indexes created and dropped again: comparing the downgrade with the upgrade (MC205)
/// took each change against each: minutes, where the rest of the run takes seconds.
#[cfg(unix)]
#[test]
fn an_initial_schema_of_a_hundred_thousand_tables() {
    let n = 100_000;
    let mut upgrade = String::new();
    let mut downgrade = String::new();
    for i in 0..n {
        upgrade.push_str(&format!(
            "    op.create_table(\"t{i}\", sa.Column(\"id\", sa.Integer()))\n    op.add_column(\"old{i}\", sa.Column(\"c{i}\", sa.Integer()))\n"
        ));
        if i % 4 == 0 {
            upgrade.push_str(&format!(
                "    op.create_index(\"ix_t{i}_id\", \"t{i}\", [\"id\"])\n"
            ));
        }
    }
    for i in (0..n).rev() {
        // The last table's drop is missing: one finding.
        if i % 4 == 0 {
            downgrade.push_str(&format!(
                "    op.drop_index(\"ix_t{i}_id\", table_name=\"t{i}\")\n"
            ));
        }
        downgrade.push_str(&format!("    op.drop_column(\"old{i}\", \"c{i}\")\n"));
        if i != n - 1 {
            downgrade.push_str(&format!("    op.drop_table(\"t{i}\")\n"));
        }
    }
    let revision = format!(
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"a1\"\ndown_revision = None\n\n\ndef upgrade():\n{upgrade}\n\ndef downgrade():\n{downgrade}"
    );
    let dir = project(&[("alembic/versions/a1_initial.py", revision.as_bytes())]);
    let output = migcheck_in(
        dir.path(),
        &["--format", "json", "--select", "MC205"],
        2048,
        Duration::from_secs(120),
    );
    let found = findings(&output);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].3.contains("t99999"), "{}", found[0].3);
}
