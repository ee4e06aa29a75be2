//! The house's shape, checked on every `cargo test`: imports between the stages point one way
//! (`app → render → compare → count → input → model`), and no two files import each other,
//! directly or round a loop, at any level (files inside one folder included).
//!
//! The check reads `src/` as text. A file's imports are its `use` trees and every
//! `crate::`, `super::` and `self::` path in its code (its `#[cfg(test)]` module and comments
//! left out), and in a folder's `mod.rs` the paths through the folder's own child modules. A
//! path names the file that defines its longest prefix. A folder's `mod.rs` is the folder's
//! front door: a file may use what its own folder declares without that counting as an import
//! of a sibling (the folders further up count like any other file).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages from the top down: a stage may import only the stages after it.
const STAGES: [&str; 6] = ["app", "render", "compare", "count", "input", "model"];

/// A module path (`["compare", "summary"]`) and the source text of the file defining it.
struct File {
    module: Vec<String>,
    is_folder: bool,
    text: String,
}

/// One import: the importing file, the line, and the imported file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    from: String,
    line: usize,
    to: String,
}

fn module_of(relative: &Path) -> (Vec<String>, bool) {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs").to_string();
    let is_folder = matches!(stem.as_str(), "mod" | "lib" | "main");
    if !is_folder {
        parts.push(stem);
    }
    (parts, is_folder)
}

fn display(module: &[String], is_folder: bool) -> String {
    if module.is_empty() {
        return "lib.rs".to_string();
    }
    let joined = module.join("/");
    if is_folder {
        format!("{joined}/mod.rs")
    } else {
        format!("{joined}.rs")
    }
}

/// The file's code without its test module and without comments, line breaks kept.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            break;
        }
        let code = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ if trimmed.starts_with("//") => "",
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Expands a `use` tree (`crate::a::{b, c::{d, e}}`) into its paths.
fn expand_use(tree: &str) -> Vec<Vec<String>> {
    // Aliases (`a::B as C`) name nothing new: drop ` as C`.
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut tree = words.join(" ");
    while let Some(at) = tree.find(" as ") {
        let alias = &tree[at + 4..];
        let end = alias.find(|c: char| !is_ident(c)).unwrap_or(alias.len());
        tree.replace_range(at..at + 4 + end, "");
    }
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    expand_into(&tree, &mut Vec::new(), &mut out);
    out
}

fn expand_into(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let Some(open) = tree.find('{') else {
        let path: Vec<String> = tree
            .split("::")
            .filter(|s| !s.is_empty() && *s != "*" && *s != "self")
            .map(str::to_string)
            .collect();
        let mut full = prefix.clone();
        full.extend(path);
        out.push(full);
        return;
    };
    let head: Vec<String> = tree[..open]
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let depth_before = prefix.len();
    prefix.extend(head);
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand_into(&inner[start..i], prefix, out);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < inner.len() {
        expand_into(&inner[start..], prefix, out);
    }
    prefix.truncate(depth_before);
}

/// Every path the code names, with its line: `use` trees first, then inline paths.
fn paths_in(code: &str, children: &BTreeSet<String>) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = String::with_capacity(code.len());
    let mut at = 0;
    let bytes = code.as_bytes();
    while let Some(found) = code[at..].find("use ") {
        let start = at + found;
        let boundary = start == 0 || !is_ident(char::from(bytes[start - 1]));
        let end = code[start..].find(';').map_or(code.len(), |e| start + e);
        rest.push_str(&code[at..start]);
        if boundary {
            let line = code[..start].matches('\n').count() + 1;
            for path in expand_use(&code[start + 4..end]) {
                out.push((line, path));
            }
            // Keep the line count for the inline scan.
            rest.extend(code[start..end].chars().filter(|&c| c == '\n'));
            at = end;
        } else {
            rest.push_str("use ");
            at = start + 4;
        }
    }
    rest.push_str(&code[at..]);
    for (n, line) in rest.lines().enumerate() {
        let mut chars = line.char_indices().peekable();
        let mut segments: Vec<String> = Vec::new();
        let mut current = String::new();
        while let Some((_, c)) = chars.next() {
            if is_ident(c) {
                current.push(c);
                continue;
            }
            if c == ':' && chars.peek().is_some_and(|&(_, d)| d == ':') && !current.is_empty() {
                chars.next();
                segments.push(std::mem::take(&mut current));
                continue;
            }
            if !current.is_empty() {
                segments.push(std::mem::take(&mut current));
            }
            take_path(&mut segments, children, n + 1, &mut out);
        }
        if !current.is_empty() {
            segments.push(current);
        }
        take_path(&mut segments, children, n + 1, &mut out);
    }
    out
}

fn take_path(
    segments: &mut Vec<String>,
    children: &BTreeSet<String>,
    line: usize,
    out: &mut Vec<(usize, Vec<String>)>,
) {
    let path = std::mem::take(segments);
    let Some(first) = path.first() else { return };
    let relative = matches!(first.as_str(), "crate" | "super" | "self");
    if path.len() > 1 && (relative || children.contains(first)) {
        out.push((line, path));
    }
}

/// Resolves a path named in `file` to the module path it starts from the crate root.
fn absolute(file: &File, path: &[String]) -> Vec<String> {
    let mut here: Vec<String> = file.module.clone();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            here.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().map(String::as_str) == Some("super") {
                here.pop();
                rest = &rest[1..];
            }
        }
        // A folder's own child module, named bare in its mod.rs.
        _ => {}
    }
    here.extend(rest.iter().cloned());
    here
}

/// Every import between two files of the crate.
fn imports(files: &[File]) -> Vec<Import> {
    let by_module: BTreeMap<&[String], &File> =
        files.iter().map(|f| (f.module.as_slice(), f)).collect();
    let mut out = BTreeSet::new();
    for file in files {
        let code = code_of(&file.text);
        let children: BTreeSet<String> = if file.is_folder {
            code.lines()
                .filter_map(|l| {
                    let l = l.trim();
                    let l = l
                        .strip_prefix("pub(crate) ")
                        .or(l.strip_prefix("pub "))
                        .unwrap_or(l);
                    l.strip_prefix("mod ")?
                        .strip_suffix(';')
                        .map(str::to_string)
                })
                .collect()
        } else {
            BTreeSet::new()
        };
        for (line, path) in paths_in(&code, &children) {
            let target = absolute(file, &path);
            let Some(to) = (1..=target.len())
                .rev()
                .find_map(|k| by_module.get(&target[..k]))
            else {
                continue;
            };
            let same = std::ptr::eq(*to, file);
            // A file's own folder is its front door, not its sibling.
            let above = to.is_folder
                && file.module.starts_with(&to.module)
                && to.module.len() + 1 == file.module.len();
            if same || above || to.module.is_empty() {
                continue;
            }
            out.insert(Import {
                from: display(&file.module, file.is_folder),
                line,
                to: display(&to.module, to.is_folder),
            });
        }
    }
    out.into_iter().collect()
}

/// Groups of files that import each other round a loop (Tarjan's strongly connected
/// components), each sorted, largest first.
fn circles(imports: &[Import]) -> Vec<Vec<String>> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for i in imports {
        edges.entry(&i.from).or_default().insert(&i.to);
        edges.entry(&i.to).or_default();
    }
    struct State<'a> {
        edges: &'a BTreeMap<&'a str, BTreeSet<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for &w in &s.edges[v] {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.stack.contains(&w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut state = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for &v in edges.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found.sort_by_key(|g| std::cmp::Reverse(g.len()));
    state.found
}

/// Imports from a lower stage up to a higher one.
fn upward(imports: &[Import]) -> Vec<&Import> {
    let rank = |file: &str| {
        let stage = file.split(['/', '.']).next().unwrap_or_default();
        STAGES.iter().position(|s| *s == stage)
    };
    imports
        .iter()
        .filter(|i| matches!((rank(&i.from), rank(&i.to)), (Some(a), Some(b)) if b < a))
        .collect()
}

fn read_tree(root: &Path) -> Vec<File> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let relative = p.strip_prefix(root).unwrap().to_path_buf();
            let (module, is_folder) = module_of(&relative);
            // main.rs is a second crate root: it names the library by its name, not `crate`.
            (relative != Path::new("main.rs")).then(|| File {
                module,
                is_folder,
                text: std::fs::read_to_string(&p).unwrap(),
            })
        })
        .collect()
}

fn file(path: &str, text: &str) -> File {
    let (module, is_folder) = module_of(Path::new(path));
    File {
        module,
        is_folder,
        text: text.to_string(),
    }
}

#[test]
fn imports_point_down_the_stages_and_no_files_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = read_tree(&src);
    assert!(
        files.len() > 50,
        "read {} files from {}",
        files.len(),
        src.display()
    );
    let imports = imports(&files);
    assert!(imports.len() > 200, "found only {} imports", imports.len());
    let mut problems = Vec::new();
    for group in circles(&imports) {
        problems.push(format!("circle: {}", group.join(" <-> ")));
    }
    for i in upward(&imports) {
        problems.push(format!(
            "upward: src/{}:{} imports {}",
            i.from, i.line, i.to
        ));
    }
    assert!(
        problems.is_empty(),
        "the house's layering is broken (see ARCHITECTURE.md):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_layering_check_finds_a_circle_an_upward_import_and_nested_use_trees() {
    let files = vec![
        file("lib.rs", "mod model;\nmod count;\n"),
        file(
            "count/mod.rs",
            "mod links;\nmod rates;\npub use links::Link;\n",
        ),
        file(
            "count/links.rs",
            "use super::{rates::Rate, Thing};\n// crate::app::Nothing in a comment\nfn f() {}\n",
        ),
        file(
            "count/rates.rs",
            "fn g() -> super::links::Link { todo!() }\n#[cfg(test)]\nmod tests {\n use crate::app::X;\n}\n",
        ),
        file(
            "model/date.rs",
            "use crate::{model::period::P, count::{links::L, rates}};\n",
        ),
        file("model/period.rs", "pub struct P;\n"),
        file("app.rs", "fn x() { crate::model::date::parse(); }\n"),
    ];
    let imports = imports(&files);
    let listed: Vec<String> = imports
        .iter()
        .map(|i| format!("{}:{} -> {}", i.from, i.line, i.to))
        .collect();
    assert_eq!(
        listed,
        [
            "app.rs:1 -> model/date.rs",
            "count/links.rs:1 -> count/rates.rs",
            "count/mod.rs:3 -> count/links.rs",
            "count/rates.rs:1 -> count/links.rs",
            "model/date.rs:1 -> count/links.rs",
            "model/date.rs:1 -> count/rates.rs",
            "model/date.rs:1 -> model/period.rs",
        ]
    );
    assert_eq!(
        circles(&imports),
        [vec![
            "count/links.rs".to_string(),
            "count/rates.rs".to_string()
        ]]
    );
    let up: Vec<String> = upward(&imports)
        .iter()
        .map(|i| format!("{} -> {}", i.from, i.to))
        .collect();
    assert_eq!(
        up,
        [
            "model/date.rs -> count/links.rs",
            "model/date.rs -> count/rates.rs"
        ]
    );
}
