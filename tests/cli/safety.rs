//! Safe to run and safe to publish: nothing the run reads is overwritten, text from inputs
//! cannot inject formulas, escape sequences or markup, pipes and devices are handled, and the
//! exit codes hold when standard error cannot be written. The review's cases, one by one.
// Integration tests are test code throughout: a failed unwrap is a failed test.

use crate::common;

use std::process::Stdio;

use common::{Workdir, repo};

const CONTACTS: &str = "Child Unique ID,Date of Contact,Contact Source\n\
    A,01/05/2020,Police\n\
    B,02/05/2020,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n\
    C,03/05/2020,\"\u{1b}[2J\u{1b}]0;title\u{7}<img src=x onerror=alert(1)>\"\n\
    D,04/05/2019,Police\n\
    E,05/05/2019,Health\n";

#[test]
fn csv_cells_cannot_be_formulas() {
    let dir = Workdir::new();
    dir.write("contacts.csv", CONTACTS);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "--by",
        "Contact Source",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    let out = run.ok();
    assert!(
        out.lines()
            .any(|l| l.starts_with("contacts,Contacts,\"'=HYPERLINK(")),
        "{out}"
    );
    // Numbers stay numbers, negative ones too.
    assert!(out.contains(",-1,-100"), "{out}");
    // A label given on the command line is neutralised too.
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "--label",
        "contacts=@SUM(A1)",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    assert!(run.ok().contains("contacts,'@SUM(A1),"), "{}", run.stdout);
}

#[test]
fn terminal_and_markdown_show_control_characters_and_markup_as_text() {
    let dir = Workdir::new();
    dir.write("contacts.csv", CONTACTS);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "--by",
        "Contact Source",
        "-q",
        "contacts.csv",
    ]);
    let out = run.ok();
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\x1b[2J\\x1b]0;title\\x07"), "{out}");
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "--by",
        "Contact Source",
        "-f",
        "markdown",
        "-q",
        "contacts.csv",
    ]);
    let out = run.ok();
    assert!(
        out.contains("&lt;img src=x onerror=alert\\(1\\)&gt;"),
        "{out}"
    );
    assert!(!out.contains("<img"), "{out}");
    // Every table line still has the same number of cells.
    let cells: Vec<usize> = out
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| l.matches(" | ").count())
        .collect();
    assert!(cells.windows(2).all(|w| w[0] == w[1]), "{cells:?}\n{out}");
}

/// A group value that is Markdown (an image that pandoc would fetch, a link Word would keep,
/// emphasis, code) is text in the table and its heading.
#[test]
fn markdown_images_links_and_emphasis_stay_text() {
    let dir = Workdir::new();
    dir.write(
        "contacts.csv",
        "Child Unique ID,Date of Contact,Team\n\
         A,01/05/2020,![t](http://host/x.png)\n\
         B,02/05/2020,[click](javascript:alert)\n\
         C,03/05/2020,*bold* _it_ `code`\n",
    );
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "--by",
        "Team",
        "--title",
        "[Front](http://x) *door*",
        "-f",
        "markdown",
        "-q",
        "contacts.csv",
    ]);
    let out = run.ok();
    assert!(
        out.starts_with("### \\[Front\\]\\(http\\://x\\) \\*door\\*\n"),
        "{out}"
    );
    for escaped in [
        "Contacts †: \\!\\[t\\]\\(http\\://host/x.png\\)",
        "Contacts †: \\[click\\]\\(javascript:alert\\)",
        "Contacts †: \\*bold\\* \\_it\\_ \\`code\\`",
    ] {
        assert!(out.contains(escaped), "{escaped} not in\n{out}");
    }
    assert!(!out.contains("](http"), "{out}");
}

#[test]
fn a_title_with_a_control_character_still_makes_well_formed_svg() {
    let dir = Workdir::new();
    dir.write("contacts.csv", CONTACTS);
    let run = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "--title",
        "Front\u{1}door",
        "--chart",
        "c.svg",
        "-q",
        "contacts.csv",
    ]);
    run.ok();
    let svg = dir.read("c.svg");
    assert!(svg.contains("Frontdoor"), "title missing");
    assert!(
        !svg.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    );
}

#[test]
fn nothing_the_run_reads_is_overwritten() {
    let dir = Workdir::new();
    dir.write("data/contacts.csv", CONTACTS);
    dir.write("data/notes.txt", "kept\n");
    dir.write("hol.csv", "date\n2020-05-08\n");
    let fails = |args: &[&str], file: &str, contents: &str| {
        let run = dir.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("that is one of the inputs"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(dir.read(file), contents, "{args:?} changed {file}");
    };
    // The holidays file.
    fails(
        &[
            "compare",
            "-p",
            "2020-05",
            "--rates",
            "all",
            "--holidays",
            "hol.csv",
            "-o",
            "hol.csv",
            "data",
        ],
        "hol.csv",
        "date\n2020-05-08\n",
    );
    // A file in an input folder that was skipped.
    fails(
        &["compare", "-p", "2020-05", "-o", "data/notes.txt", "data"],
        "data/notes.txt",
        "kept\n",
    );
    // A hard link to an input.
    std::fs::hard_link(dir.path("data/contacts.csv"), dir.path("linked.csv")).unwrap();
    fails(
        &["compare", "-p", "2020-05", "-o", "linked.csv", "data"],
        "linked.csv",
        CONTACTS,
    );
    // Published data read by benchmark.
    std::fs::create_dir(dir.path("dfe")).unwrap();
    for entry in std::fs::read_dir(repo("testdata/dfe")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path("dfe").join(entry.file_name())).unwrap();
    }
    let c1 = "dfe/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv";
    let before = dir.read(c1);
    fails(
        &[
            "benchmark",
            "--la",
            "855",
            "--year",
            "2021",
            "-o",
            c1,
            "dfe",
        ],
        c1,
        &before,
    );
    // Standard input redirected from the file named as the output.
    let input = std::fs::File::open(dir.path("data/contacts.csv")).unwrap();
    let out = dir
        .command()
        .args([
            "compare",
            "-p",
            "2020-05",
            "-o",
            "data/contacts.csv",
            "contacts=-",
        ])
        .stdin(input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(dir.read("data/contacts.csv"), CONTACTS);
}

#[test]
fn a_report_never_writes_over_what_it_or_its_tables_read() {
    let dir = Workdir::new();
    dir.write("a/contacts.csv", CONTACTS);
    dir.write("b/contacts.csv", CONTACTS);
    // Its own file.
    dir.write(
        "report.toml",
        "inputs = [\"a\"]\n[[compare]]\nperiod = \"2020-05\"\noutput = \"report.toml\"\nformat = \"csv\"\n",
    );
    let report = dir.read("report.toml");
    let run = dir.run(&["run", "report.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(dir.read("report.toml"), report);
    // Table 1's output is table 2's input: refused before anything is written.
    dir.write(
        "report.toml",
        "[[compare]]\ninputs = [\"a\"]\nperiod = \"2020-05\"\noutput = \"b/contacts.csv\"\n\
         [[compare]]\ninputs = [\"b\"]\nperiod = \"2020-05\"\noutput = \"out.csv\"\n",
    );
    let run = dir.run(&["run", "report.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(dir.read("b/contacts.csv"), CONTACTS);
    assert!(!dir.path("out.csv").exists());
}

/// Outputs of one run never replace each other, and a descriptor that is an input's file is
/// refused like the input itself.
#[test]
fn outputs_are_distinct_and_descriptors_of_inputs_refused() {
    let dir = Workdir::new();
    dir.write("contacts.csv", CONTACTS);
    let twice = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "-q",
        "-o",
        "y.json",
        "--provenance",
        "y.json",
        "contacts.csv",
    ]);
    assert_eq!(
        twice.fails(2),
        "Error: y.json is named as two outputs of this run; give each output a file of its own"
    );
    let charts = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "-q",
        "--chart",
        "y.svg",
        "--chart",
        "./y.svg",
        "contacts.csv",
    ]);
    assert_eq!(
        charts.fails(2),
        "Error: y.svg is named as two outputs of this run; give each output a file of its own"
    );
    assert!(!dir.path("y.json").exists() && !dir.path("y.svg").exists());
    let input = std::fs::File::open(dir.path("contacts.csv")).unwrap();
    let run = dir
        .command()
        .args([
            "compare",
            "-p",
            "2020-05",
            "-q",
            "-f",
            "csv",
            "-o",
            "/dev/stdin",
            "contacts.csv",
        ])
        .stdin(input)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "Error: --output /dev/stdin: that is one of the inputs; write the results somewhere else\n"
    );
    assert_eq!(dir.read("contacts.csv"), CONTACTS);
}

/// A link is written through, never replaced: a link to a file has its file replaced (the
/// link kept); `/dev/stdout` and `/proc/self/fd/1` are written as they are; a link to
/// nothing is refused.
#[test]
fn links_and_devices_are_written_through() {
    let dir = Workdir::new();
    dir.write("contacts.csv", CONTACTS);
    dir.write("out/real.csv", "old\n");
    std::os::unix::fs::symlink("real.csv", dir.path("out/link.csv")).unwrap();
    let args = |output: &str| {
        vec![
            "compare".to_string(),
            "-p".into(),
            "2020-05".into(),
            "-f".into(),
            "csv".into(),
            "-q".into(),
            "-o".into(),
            output.into(),
            "contacts.csv".into(),
        ]
    };
    let plain = dir.run(&[
        "compare",
        "-p",
        "2020-05",
        "-f",
        "csv",
        "-q",
        "contacts.csv",
    ]);
    let table = plain.ok().to_string();
    let run = |output: &str| {
        let a = args(output);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        dir.run(&a)
    };
    assert_eq!(run("out/link.csv").ok(), "");
    let link = std::fs::symlink_metadata(dir.path("out/link.csv")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_eq!(dir.read("out/real.csv"), table);
    for device in ["/dev/stdout", "/proc/self/fd/1"] {
        assert_eq!(run(device).ok(), table, "{device}");
    }
    std::os::unix::fs::symlink("missing.csv", dir.path("out/dangling.csv")).unwrap();
    assert_eq!(
        run("out/dangling.csv").fails(2),
        "Error: --output out/dangling.csv: a link to a file that does not exist; give the file's own path"
    );
}

/// Paths that are not UTF-8 (a Latin-1 file name on a Linux share) are paths like any other:
/// read, written and named in the provenance, never a panic.
#[test]
fn paths_need_not_be_utf8() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = Workdir::new();
    dir.write("contacts.csv", CONTACTS);
    let output = OsStr::from_bytes(b"r\xe9sultats.csv");
    let provenance = OsStr::from_bytes(b"prov\xe9nance.json");
    let run = dir
        .command()
        .args([
            "compare",
            "-p",
            "2020-05",
            "-f",
            "csv",
            "-q",
            "contacts.csv",
        ])
        .arg("-o")
        .arg(output)
        .arg("--provenance")
        .arg(provenance)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = std::fs::read_to_string(dir.path(".").join(output)).unwrap();
    assert!(written.starts_with("measure,"), "{written}");
    let json = std::fs::read_to_string(dir.path(".").join(provenance)).unwrap();
    assert!(json.contains("-o r\u{fffd}sultats.csv"), "{json}");
    // Inputs named in any bytes, alone and as MEASURE=PATH.
    let latin = dir.path(".").join(OsStr::from_bytes(b"donn\xe9es.csv"));
    std::fs::write(&latin, CONTACTS).unwrap();
    for arg in [&b"donn\xe9es.csv"[..], &b"contacts=donn\xe9es.csv"[..]] {
        let run = dir
            .command()
            .args(["compare", "-p", "2020-05", "-f", "csv", "-q"])
            .arg(OsStr::from_bytes(arg))
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&run.stdout), written);
    }
    // A report in a folder whose name is not UTF-8: its paths are the folder's.
    let folder = dir.path(".").join(OsStr::from_bytes(b"r\xe9p"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("report.toml"),
        "inputs = [\"../contacts.csv\"]\nprovenance = \"prov.json\"\n[[compare]]\nperiod = \"2020-05\"\nformat = \"csv\"\nquiet = true\noutput = [\"out.csv\"]\n",
    )
    .unwrap();
    let run = dir
        .command()
        .arg("run")
        .arg(std::path::Path::new(OsStr::from_bytes(b"r\xe9p")).join("report.toml"))
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("out.csv")).unwrap(),
        written
    );
    // The report's folder, typed relative to where the run started, is not published.
    let json = std::fs::read_to_string(folder.join("prov.json")).unwrap();
    assert!(
        json.contains("\"command\": \"cscstats run report.toml\""),
        "{json}"
    );
}

#[test]
fn pipes_are_read_once_and_devices_refused() {
    let dir = Workdir::new();
    dir.write("data/contacts.csv", CONTACTS);
    // A FIFO in a folder would hang the run: it is passed over with a note.
    let fifo = dir.path("data/stuck.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let run = dir.run(&["compare", "-p", "2020-05", "data"]);
    assert!(run.csv().contains("Contacts"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("stuck.csv: ignored (a pipe in a folder of exports"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(&fifo).unwrap();
    // A process substitution is a pipe named on its own: read once, in order.
    let bin = assert_cmd::cargo::cargo_bin!("cscstats");
    let out = std::process::Command::new("bash")
        .current_dir(dir.path("."))
        .arg("-c")
        .arg(format!(
            "{} compare -p 2020-05 -f csv -q contacts=<(cat data/contacts.csv)",
            bin.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "measure,label,baseline,current,change,change_pct,period,period_start,period_end,baseline_start,baseline_end,change_pct_basis,baseline_status,current_status\n\
         contacts,Contacts,2,3,1,50,2020,2020-05-01,2020-05-31,2019-05-01,2019-05-31,count,,partial\n"
    );
    // A device never ends: refused.
    std::os::unix::fs::symlink("/dev/zero", dir.path("zero.xlsx")).unwrap();
    let run = dir.run(&["compare", "-p", "2020-05", "zero.xlsx"]);
    assert_eq!(
        run.fails(1),
        "Error: zero.xlsx: is a device or socket, not a file; save the export to a file and name that"
    );
}

#[test]
fn exit_codes_hold_when_standard_error_cannot_be_written() {
    let dir = Workdir::new();
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // A data error is still exit 1.
    let status = dir
        .command()
        .args(["compare", "-p", "2020-05", "missing.csv"])
        .stderr(full())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    // A panic is still exit 70, not an abort.
    let status = dir
        .command()
        .args(["compare", "-p", "2020", "x.csv"])
        .env("CSCSTATS_TEST_PANIC", "1")
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(70));
}

/// Every command writes standard output through one path: `run --check`'s line to a full
/// device is an error (exit 1) and a closed pipe a quiet end, never a panic (exit 70).
#[test]
fn a_report_check_to_an_unwritable_output_is_an_error_not_a_panic() {
    let dir = Workdir::new();
    dir.write("a.csv", "Referral Date\n01/05/2020\n");
    dir.write(
        "r.toml",
        "inputs = [\"a.csv\"]\n[[compare]]\nperiod = \"2020-05\"\n",
    );
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = dir
        .command()
        .args(["run", "--check", "r.toml"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = dir
        .command()
        .args(["run", "--check", "r.toml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Any catchable signal that would end a run ends it with the shell's code (128 + its number)
/// and leaves no file of ours; removing a temporary file caught mid-write is proven in
/// app/output.rs's unit test.
#[test]
fn a_signal_ends_the_run_with_its_code_and_leaves_no_file() {
    let dir = Workdir::new();
    let fifo = dir.path("contacts.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (signal, number) in [
        ("TERM", 15),
        ("QUIT", 3),
        ("USR1", 10),
        ("ALRM", 14),
        ("PWR", 30),
        ("RTMIN+3", 37),
    ] {
        // The run waits on a pipe that is never written; the signal ends it.
        let mut child = dir
            .command()
            .args([
                "compare",
                "-p",
                "2020-05",
                "-o",
                "out.csv",
                "contacts=contacts.csv",
            ])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(400));
        let pid = child.id().to_string();
        assert!(
            std::process::Command::new("kill")
                .args([&format!("-{signal}"), &pid])
                .status()
                .unwrap()
                .success()
        );
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(128 + number), "SIG{signal}");
        let left: Vec<String> = std::fs::read_dir(dir.path("."))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".cscstats-"))
            .collect();
        assert!(left.is_empty(), "SIG{signal}: {left:?}");
    }
}

#[test]
fn counts_too_large_to_add_are_a_data_error() {
    let dir = Workdir::new();
    dir.write(
        "dashboard.csv",
        format!(
            "measure,period,count\ncontacts,2020-04,{}\ncontacts,2020-05,2\ncontacts,2019-04,1\ncontacts,2019-05,1\n",
            u64::MAX
        ),
    );
    let run = dir.run(&["compare", "-p", "2020-04..2020-05", "dashboard.csv"]);
    assert_eq!(
        run.fails(1),
        "Error: dashboard.csv, line 3: the contacts figures for 2020 add up to more than cscstats can count; check the counts"
    );
}
