use super::*;

fn memory(path: &str, bytes: impl Into<Vec<u8>>) -> RenderedFile {
    RenderedFile {
        path: path.into(),
        contents: Contents::Memory(bytes.into()),
    }
}

fn disk(path: &str, source: &Path) -> RenderedFile {
    RenderedFile {
        path: path.into(),
        contents: Contents::Disk(source.to_path_buf()),
    }
}

/// Text that deflates, different for each `seed`.
fn text(seed: usize, len: usize) -> Vec<u8> {
    let words = [
        "course ", "page ", "quiz ", "learner ", "score ", "ops ", "team ",
    ];
    let mut out = Vec::with_capacity(len);
    let mut i = seed;
    while out.len() < len {
        out.extend_from_slice(words[i % words.len()].as_bytes());
        i = i.wrapping_mul(31).wrapping_add(7) % 1009;
    }
    out.truncate(len);
    out
}

/// The zip the simplest serial writer makes of `files`: one entry after the other, each
/// compressed by the zip writer itself, written in whole copy buffers (the deflate stream
/// depends on how its input is cut into writes).
fn serial_zip(files: &[RenderedFile]) -> Vec<u8> {
    let mut zip = ZipWriter::new(io::Cursor::new(Vec::new()));
    for file in files {
        let options = SimpleFileOptions::default()
            .compression_method(method_for(&file.path))
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        zip.start_file(file.path.as_str(), options).unwrap();
        match &file.contents {
            Contents::Memory(bytes) => zip.write_all(bytes).unwrap(),
            Contents::Disk(path) => {
                for chunk in std::fs::read(path).unwrap().chunks(COPY_BUFFER) {
                    zip.write_all(chunk).unwrap();
                }
            }
        }
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn compressed_media_is_stored_and_text_deflated() {
    assert_eq!(method_for("assets/case.PDF"), CompressionMethod::Stored);
    assert_eq!(method_for("assets/clip.mp4"), CompressionMethod::Stored);
    assert_eq!(method_for("index.html"), CompressionMethod::Deflated);
    assert_eq!(method_for("imsmanifest.xml"), CompressionMethod::Deflated);
}

#[test]
fn parallel_zip_is_byte_identical_to_a_serial_one() {
    let dir = tempfile::tempdir().unwrap();
    // Media and a large compressible file (streamed), small files from disk and from memory
    // (deflated ahead), in an order the workers finish differently from run to run.
    let big_text = dir.path().join("transcript.txt");
    std::fs::write(&big_text, text(1, (PREPARE_LIMIT + 12_345) as usize)).unwrap();
    let video = dir.path().join("clip.mp4");
    std::fs::write(&video, vec![7u8; COPY_BUFFER * 2 + 17]).unwrap();
    let mut files = vec![
        disk("assets/clip.mp4", &video),
        disk("assets/transcript.txt", &big_text),
        memory("index.html", text(2, 300_000)),
        memory("empty.css", Vec::new()),
    ];
    for i in 0..200 {
        let path = dir.path().join(format!("note-{i}.svg"));
        std::fs::write(&path, text(i, 100 + i * 97)).unwrap();
        files.push(disk(&format!("assets/note-{i:03}.svg"), &path));
    }
    let package = Package::new(files);
    let expected = serial_zip(&package.files);
    for run in 0..3 {
        let out = dir.path().join(format!("run-{run}.zip"));
        write(&package, &out).unwrap();
        assert!(
            std::fs::read(&out).unwrap() == expected,
            "run {run} differs from the serial zip"
        );
    }
}

#[test]
fn summary_names_the_five_heaviest_files_as_packed() {
    let dir = tempfile::tempdir().unwrap();
    let big_text = dir.path().join("big.txt");
    std::fs::write(&big_text, text(3, (PREPARE_LIMIT + 1) as usize)).unwrap();
    let video = dir.path().join("v.mp4");
    std::fs::write(&video, vec![1u8; 50_000]).unwrap();
    let package = Package::new(vec![
        disk("assets/v.mp4", &video),
        disk("assets/big.txt", &big_text),
        memory("a.txt", text(4, 40_000)),
        memory("b.txt", vec![b'x'; 40_000]),
        memory("c.txt", text(5, 1_000)),
        memory("d.txt", text(6, 2_000)),
        memory("e.txt", text(7, 3_000)),
    ]);
    let out = dir.path().join("out.zip");
    let summary = write(&package, &out).unwrap();
    assert_eq!(summary.files, 7);
    assert_eq!(summary.bytes, std::fs::metadata(&out).unwrap().len());
    let mut archive = zip::ZipArchive::new(File::open(&out).unwrap()).unwrap();
    let mut all: Vec<PackedFile> = (0..archive.len())
        .map(|i| {
            let file = archive.by_index_raw(i).unwrap();
            PackedFile {
                path: file.name().unwrap().into_owned(),
                size: file.size(),
                packed: file.compressed_size(),
            }
        })
        .collect();
    all.sort_by(|a, b| b.packed.cmp(&a.packed).then(a.path.cmp(&b.path)));
    all.truncate(5);
    assert_eq!(summary.largest, all);
    assert_eq!(summary.largest[0].path, "assets/big.txt");
    assert!(summary.largest[0].packed < summary.largest[0].size);
}

#[test]
fn only_entries_that_may_reach_4_gib_are_declared_large() {
    let limit = ZIP64_BYTES_THR;
    assert!(!must_declare_large(limit - 1, CompressionMethod::Stored));
    assert!(must_declare_large(limit, CompressionMethod::Stored));
    assert!(!must_declare_large(100 << 20, CompressionMethod::Deflated));
    // Deflating incompressible data can grow it past 4 GiB from a little below.
    assert!(must_declare_large(
        limit - (1 << 20),
        CompressionMethod::Deflated
    ));
    assert!(!must_declare_large(
        limit - (4 << 20),
        CompressionMethod::Deflated
    ));
}

#[test]
fn a_missing_file_fails_the_write_and_leaves_no_zip() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.svg");
    std::fs::write(&gone, "<svg/>").unwrap();
    let package = Package::new(vec![
        memory("index.html", text(1, 10_000)),
        disk("assets/gone.svg", &gone),
    ]);
    std::fs::remove_file(&gone).unwrap();
    let out = dir.path().join("out.zip");
    let err = write(&package, &out).unwrap_err();
    assert!(matches!(err, ArchiveError::Read { .. }), "{err:?}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_failed_write_removes_the_folders_it_made_and_a_good_one_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.svg");
    std::fs::write(&gone, "<svg/>").unwrap();
    let package = Package::new(vec![
        memory("index.html", text(1, 10_000)),
        disk("assets/gone.svg", &gone),
    ]);
    std::fs::remove_file(&gone).unwrap();
    let out = dir.path().join("dist/nested/out.zip");
    let err = write_creating_folder(&package, &out).unwrap_err();
    assert!(matches!(err, ArchiveError::Read { .. }), "{err:?}");
    assert!(!dir.path().join("dist").exists(), "an empty dist/ was left");

    let package = Package::new(vec![memory("index.html", text(1, 10_000))]);
    write_creating_folder(&package, &out).unwrap();
    assert!(out.is_file());
}

#[test]
fn a_zip_named_as_a_file_it_copies_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("figure.zip");
    std::fs::write(&source, b"PK not really").unwrap();
    let package = Package::new(vec![disk("assets/figure.zip", &source)]);
    let err = write(&package, &source).unwrap_err();
    assert!(
        matches!(err, ArchiveError::Target(TargetError::SourceFile { .. })),
        "{err:?}"
    );
    assert_eq!(std::fs::read(&source).unwrap(), b"PK not really");
}
