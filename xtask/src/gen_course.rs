//! `cargo xtask gen-course`: options → a course folder in the authoring format, for benchmarks.
//!
//! `--pages N` pages of realistic Markdown (paragraphs, lists, tables, pattern cards,
//! comparisons, case studies, figures and downloads), the last one a knowledge check with
//! `--quizzes Q` questions, and `--media-mb M` megabytes of media referenced from the pages:
//! video (`.mp4`), PDFs, PNG and JPEG images — incompressible bytes behind each format's magic
//! number, as real media are — and a few SVG diagrams, which deflate like text. The same options
//! and `--seed` always write the same bytes.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub pages: usize,
    pub quizzes: usize,
    pub media_mb: u64,
    pub seed: u64,
}

pub(crate) const USAGE: &str =
    "usage: cargo xtask gen-course --pages N --quizzes Q --media-mb M [--seed S] OUT";

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut spec = Spec {
        pages: 0,
        quizzes: 0,
        media_mb: 0,
        seed: 1,
    };
    let mut out = None;
    let mut given = [false; 3];
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> Result<u64> {
            let value = args
                .next()
                .with_context(|| format!("{name} needs a number\n{USAGE}"))?;
            value
                .parse()
                .with_context(|| format!("{name} needs a number, not `{value}`\n{USAGE}"))
        };
        match arg.as_str() {
            "--pages" => (spec.pages, given[0]) = (value("--pages")? as usize, true),
            "--quizzes" => (spec.quizzes, given[1]) = (value("--quizzes")? as usize, true),
            "--media-mb" => (spec.media_mb, given[2]) = (value("--media-mb")?, true),
            "--seed" => spec.seed = value("--seed")?,
            other if other.starts_with('-') => bail!("unknown option `{other}`\n{USAGE}"),
            other if out.is_none() => out = Some(PathBuf::from(other)),
            other => bail!("one output folder only (`{other}` is a second)\n{USAGE}"),
        }
    }
    let out = out.with_context(|| format!("no output folder\n{USAGE}"))?;
    if given.contains(&false) {
        bail!("--pages, --quizzes and --media-mb are all needed\n{USAGE}");
    }
    let stats = generate(&spec, &out)?;
    println!(
        "{}: {} pages, {} questions, {} media files ({} MB)",
        out.display(),
        spec.pages,
        spec.quizzes,
        stats.media_files,
        stats.media_bytes / 1_000_000
    );
    Ok(())
}

/// What was generated.
pub(crate) struct Stats {
    pub media_files: usize,
    pub media_bytes: u64,
}

/// Writes the course described by `spec` into `out`, which must not exist or be empty.
pub(crate) fn generate(spec: &Spec, out: &Path) -> Result<Stats> {
    if spec.pages == 0 {
        bail!("a course needs at least one page");
    }
    if spec.quizzes > 0 && spec.pages < 2 {
        bail!("questions need a page of their own after at least one content page");
    }
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!("{} exists and is not empty", out.display());
    }
    fs::create_dir_all(out.join("pages"))?;
    fs::create_dir_all(out.join("assets"))?;
    let mut rng = Rng::new(spec.seed);
    let media = write_media(spec, out, &mut rng)?;
    let content_pages = if spec.quizzes > 0 {
        spec.pages - 1
    } else {
        spec.pages
    };
    // Every media file is referenced from one page, spread evenly, so each is packed.
    let mut per_page: Vec<Vec<&Media>> = vec![Vec::new(); content_pages];
    for (i, m) in media.iter().enumerate() {
        per_page[i % content_pages].push(m);
    }
    let mut names = Vec::new();
    for (i, media) in per_page.iter().enumerate() {
        let name = format!("pages/p{:04}.md", i + 1);
        fs::write(out.join(&name), page(i + 1, media, &mut rng))?;
        names.push(name);
    }
    if spec.quizzes > 0 {
        let name = "pages/knowledge-check.md".to_string();
        fs::write(out.join(&name), quiz(spec.quizzes, &mut rng))?;
        names.push(name);
    }
    fs::write(out.join("course.toml"), course_toml(spec, &names))?;
    Ok(Stats {
        media_files: media.len(),
        media_bytes: media.iter().map(|m| m.bytes).sum(),
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Video,
    Pdf,
    Png,
    Jpeg,
    Svg,
}

struct Media {
    path: String,
    kind: Kind,
    bytes: u64,
}

/// The media mix of a course: (kind, share of the bytes in percent, size of one file).
const MIX: &[(Kind, u64, u64)] = &[
    (Kind::Video, 60, 40_000_000),
    (Kind::Pdf, 20, 2_000_000),
    (Kind::Png, 8, 250_000),
    (Kind::Jpeg, 8, 150_000),
    (Kind::Svg, 4, 40_000),
];

fn write_media(spec: &Spec, out: &Path, rng: &mut Rng) -> Result<Vec<Media>> {
    let total = spec.media_mb * 1_000_000;
    let mut media = Vec::new();
    if total == 0 {
        return Ok(media);
    }
    for &(kind, share, typical) in MIX {
        let bytes = total * share / 100;
        let count = bytes.div_ceil(typical).max(1);
        let (folder, ext) = match kind {
            Kind::Video => ("video", "mp4"),
            Kind::Pdf => ("docs", "pdf"),
            Kind::Png => ("img", "png"),
            Kind::Jpeg => ("img", "jpg"),
            Kind::Svg => ("diagrams", "svg"),
        };
        fs::create_dir_all(out.join("assets").join(folder))?;
        for i in 0..count {
            let size = bytes / count + u64::from(i < bytes % count);
            let path = format!("assets/{folder}/{ext}-{:05}.{ext}", i + 1);
            let file = out.join(&path);
            if kind == Kind::Svg {
                fs::write(&file, svg(size, rng))?;
            } else {
                write_incompressible(&file, kind, size, rng)?;
            }
            media.push(Media {
                path,
                kind,
                bytes: size,
            });
        }
    }
    // Interleave the kinds so every page range gets a mix.
    let mut order: Vec<usize> = (0..media.len()).collect();
    rng.shuffle(&mut order);
    let mut slots: Vec<Option<Media>> = media.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
}

/// Random bytes behind the format's magic number: what compressed media look like to zip.
fn write_incompressible(path: &Path, kind: Kind, size: u64, rng: &mut Rng) -> Result<()> {
    let magic: &[u8] = match kind {
        Kind::Video => b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom",
        Kind::Pdf => b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        Kind::Png => b"\x89PNG\r\n\x1a\n",
        Kind::Jpeg => b"\xff\xd8\xff\xe0\0\x10JFIF\0",
        Kind::Svg => b"",
    };
    let mut file = BufWriter::with_capacity(1 << 20, fs::File::create(path)?);
    let head = magic.len().min(size as usize);
    file.write_all(&magic[..head])?;
    let mut left = size - head as u64;
    let mut block = vec![0u8; 1 << 16];
    while left > 0 {
        rng.fill(&mut block);
        let n = left.min(block.len() as u64) as usize;
        file.write_all(&block[..n])?;
        left -= n as u64;
    }
    file.flush()?;
    Ok(())
}

/// A diagram of boxes and arrows, about `size` bytes of SVG.
fn svg(size: u64, rng: &mut Rng) -> String {
    let mut out = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 600\" role=\"img\">\n",
    );
    let end = "</svg>\n";
    while (out.len() + end.len()) < size as usize {
        let (x, y, w, h) = (
            rng.below(700),
            rng.below(500),
            rng.below(90) + 10,
            rng.below(60) + 10,
        );
        let _ = writeln!(
            out,
            "  <g class=\"node\"><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"4\" fill=\"#f4f6f8\" stroke=\"#1f2933\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text></g>",
            x + 6,
            y + 16,
            rng.pick(WORDS)
        );
    }
    out.push_str(end);
    out
}

fn course_toml(spec: &Spec, pages: &[String]) -> String {
    let mut out = format!(
        "# Generated by `cargo xtask gen-course --pages {} --quizzes {} --media-mb {} --seed {}`.\n\n\
         id = \"bench-{}p-{}mb\"\n\
         title = \"Benchmark course: {} pages, {} MB of media\"\n\
         version = \"1.0.0\"\n\
         language = \"en\"\n\
         description = \"A generated course for measuring scormpack's build.\"\n\
         organization = \"scormpack benchmarks\"\n\n\
         pages = [\n",
        spec.pages,
        spec.quizzes,
        spec.media_mb,
        spec.seed,
        spec.pages,
        spec.media_mb,
        spec.pages,
        spec.media_mb
    );
    for page in pages {
        let _ = writeln!(out, "  \"{page}\",");
    }
    out.push_str("]\n\n[completion]\npassing_score = 80\nstatuses = \"passed/failed\"\n");
    out
}

fn page(number: usize, media: &[&Media], rng: &mut Rng) -> String {
    let mut out = format!(
        "+++\nid = \"p{number:04}\"\ntitle = \"{}\"\n+++\n\n",
        rng.words(3, 6).to_lowercase()
    );
    paragraphs(&mut out, rng, 2);
    let _ = writeln!(out, "### {}\n", capitalise(&rng.words(2, 5)));
    for _ in 0..rng.below(4) + 3 {
        let _ = writeln!(out, "- {}", rng.sentence());
    }
    out.push('\n');
    match number % 4 {
        0 => {
            for i in 1..=3 {
                let _ = write!(
                    out,
                    "::: pattern PAT_{i:02}\nstatus: {}\nicon: {}\ntitle: {}\nstrength: {}\n\n",
                    rng.pick(&["online", "idle", "standby"]),
                    rng.pick(ICONS),
                    capitalise(&rng.words(2, 4)),
                    rng.words(2, 3)
                );
                paragraphs(&mut out, rng, 1);
                out.push_str(":::\n\n");
            }
        }
        1 => {
            out.push_str("::: comparison\n\n");
            for _ in 0..2 {
                let _ = writeln!(out, "### {}\n", rng.words(2, 3));
                for _ in 0..3 {
                    let _ = writeln!(out, "- {}", rng.sentence());
                }
                out.push('\n');
            }
            out.push_str(":::\n\n");
        }
        2 => {
            let _ = writeln!(
                out,
                "::: case-study\ntitle: {}\n",
                capitalise(&rng.words(3, 5))
            );
            paragraphs(&mut out, rng, 2);
            out.push_str(":::\n\n");
        }
        _ => {
            out.push_str("| practice | before | after |\n|---|---|---|\n");
            for _ in 0..rng.below(4) + 3 {
                let _ = writeln!(
                    out,
                    "| {} | {} days | {} hours |",
                    rng.words(1, 3),
                    rng.below(60) + 2,
                    rng.below(48) + 1
                );
            }
            out.push('\n');
        }
    }
    for m in media {
        match m.kind {
            Kind::Png | Kind::Jpeg | Kind::Svg => {
                let _ = writeln!(out, "![{}]({})\n", capitalise(&rng.words(3, 6)), m.path);
            }
            Kind::Pdf | Kind::Video => {
                let _ = writeln!(
                    out,
                    "::: download\nfile: {}\nlabel: {}\n:::\n",
                    m.path,
                    capitalise(&rng.words(3, 6))
                );
            }
        }
    }
    paragraphs(&mut out, rng, 2);
    out
}

fn quiz(count: usize, rng: &mut Rng) -> String {
    let mut out = String::from(
        "+++\nid = \"knowledge-check\"\ntitle = \"knowledge check\"\n+++\n\nAnswer each question, then press **Verify**.\n\n",
    );
    for q in 1..=count {
        let options = rng.below(3) as usize + 2;
        let right = rng.below(options as u64) as usize;
        let _ = writeln!(
            out,
            "::: question q{q:04}\n{}?\n",
            capitalise(&rng.words(8, 16))
        );
        for o in 0..options {
            let mark = if o == right { 'x' } else { ' ' };
            let _ = writeln!(
                out,
                "- [{mark}] {}\n  > {}",
                capitalise(&rng.words(2, 6)),
                rng.sentence()
            );
        }
        let _ = writeln!(out, "\n{}\n:::\n", rng.sentence());
    }
    out
}

fn paragraphs(out: &mut String, rng: &mut Rng, count: usize) {
    for _ in 0..count {
        for _ in 0..rng.below(4) + 3 {
            out.push_str(&rng.sentence());
            out.push(' ');
        }
        out.pop();
        out.push_str("\n\n");
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

const ICONS: &[&str] = &[
    "people", "link", "chat", "download", "help", "check", "cross", "document", "shield", "gear",
];

const WORDS: &[&str] = &[
    "the",
    "team",
    "service",
    "deploy",
    "pipeline",
    "release",
    "incident",
    "on-call",
    "backlog",
    "review",
    "change",
    "lead",
    "time",
    "platform",
    "product",
    "owner",
    "feedback",
    "metric",
    "latency",
    "error",
    "budget",
    "rollback",
    "feature",
    "flag",
    "test",
    "build",
    "commit",
    "branch",
    "merge",
    "trunk",
    "queue",
    "handoff",
    "ticket",
    "silo",
    "retro",
    "standup",
    "capacity",
    "risk",
    "customer",
    "value",
    "stream",
    "flow",
    "batch",
    "size",
    "small",
    "large",
    "fast",
    "safe",
    "every",
    "week",
    "day",
    "hour",
    "learns",
    "owns",
    "runs",
    "ships",
    "measures",
    "reduces",
    "improves",
    "shares",
    "automates",
    "observes",
    "alerts",
    "and",
    "with",
    "for",
    "to",
    "of",
    "in",
    "on",
    "a",
    "an",
    "their",
    "our",
    "each",
    "when",
    "before",
    "after",
    "without",
    "across",
    "engineers",
    "operations",
    "developers",
    "security",
    "reliability",
    "availability",
    "runbook",
    "dashboard",
    "postmortem",
    "blameless",
    "toil",
    "automation",
    "infrastructure",
    "configuration",
    "monitoring",
    "observability",
];

/// A small deterministic generator (SplitMix64): the same seed writes the same course on
/// every machine, with no crate to build.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5eed_c0de_0000_0000)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn words(&mut self, min: u64, max: u64) -> String {
        let count = min + self.below(max - min + 1);
        let words: Vec<&str> = (0..count).map(|_| self.pick(WORDS)).collect();
        words.join(" ")
    }

    fn sentence(&mut self) -> String {
        let mut words: Vec<String> = (0..self.below(12) + 6)
            .map(|_| self.pick(WORDS).to_string())
            .collect();
        match self.below(10) {
            0 => words[1] = format!("**{}**", words[1]),
            1 => words[2] = format!("*{}*", words[2]),
            2 => words[0] = format!("`{}`", words[0]),
            _ => {}
        }
        format!("{}.", capitalise(&words.join(" ")))
    }

    fn fill(&mut self, block: &mut [u8]) {
        for chunk in block.chunks_mut(8) {
            let bytes = self.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }

    fn shuffle(&mut self, items: &mut [usize]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}
