//! The starter's hand-out: a one-page PDF 1.4 written byte by byte (one page, the standard
//! Helvetica font, no compression), so `scormpack new` needs no PDF library and the file is
//! the same every time.

/// The lines of the hand-out, top to bottom: (font size, text). ASCII only, so no encoding
/// table is needed for the standard font.
const LINES: &[(u32, &str)] = &[
    (20, "My first course - hand-out"),
    (12, ""),
    (
        12,
        "1. Write each page as Markdown in pages/ and list it in course.toml.",
    ),
    (
        12,
        "2. Preview: scormpack preview   (a simulated LMS with a live API log)",
    ),
    (
        12,
        "3. Check:   scormpack check     (mistakes that break in an LMS)",
    ),
    (12, "4. Build:   scormpack build     (the zip to upload)"),
    (12, ""),
    (12, "Replace this file with your own: assets/handout.pdf"),
];

/// The PDF's bytes.
pub(super) fn handout() -> Vec<u8> {
    let mut content = String::from("BT\n/F1 12 Tf\n72 770 Td\n");
    for (size, text) in LINES {
        content.push_str(&format!(
            "/F1 {size} Tf\n({}) Tj\n0 -{} Td\n",
            escape(text),
            size + 8
        ));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// A PDF literal string: backslash, parentheses escaped.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

#[cfg(test)]
mod tests {
    use super::handout;

    #[test]
    fn xref_offsets_point_at_their_objects() {
        let pdf = String::from_utf8(handout()).unwrap();
        let xref = pdf.find("\nxref\n").unwrap() + 1;
        let startxref: usize = pdf
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(startxref, xref);
        let table: Vec<usize> = pdf[xref..]
            .lines()
            .skip(3)
            .take(5)
            .map(|l| l[..10].parse().unwrap())
            .collect();
        for (i, offset) in table.iter().enumerate() {
            assert!(
                pdf[*offset..].starts_with(&format!("{} 0 obj\n", i + 1)),
                "object {}",
                i + 1
            );
        }
        assert!(pdf.starts_with("%PDF-1.4\n") && pdf.ends_with("%%EOF\n"));
    }
}
